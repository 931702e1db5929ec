package org.mispguard.policy.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the document tree the way MISP's PHP tolerates it, and refuses every other shape: an
 * empty JSON array is PHP's empty array (so it may stand for an empty object), a single object
 * where a list belongs is a list of one, and an object with keys "0", "1"... is how PHP encodes a
 * list with gaps.
 */
final class Shapes {

  private Shapes() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String what) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    if (value instanceof List<?> list && list.isEmpty()) {
      return Map.of();
    }
    throw new MalformedDocument(what + " is not an object");
  }

  /** The elements of a member that holds a list; absent or null is an empty list. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object value, String what) {
    if (value == null || value == JsonLiteral.NULL) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return (List<Object>) list;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return List.of();
      }
      return isPhpList(map) ? phpListElements(map) : List.of(map);
    }
    throw new MalformedDocument(what + " is not a list");
  }

  /**
   * The elements of a PHP list in the order the inspection has always visited them: that of a
   * HashMap filled in document order. Which finding is reported first depends on it.
   */
  private static List<Object> phpListElements(Map<?, ?> map) {
    Map<Object, Object> hashed = new HashMap<>();
    map.forEach(hashed::put);
    return new ArrayList<>(hashed.values());
  }

  /**
   * The documents of a body that holds a list of them. Unlike a member list, an object here is
   * always one document, even one whose members the rules never read (it must not pass as empty).
   */
  static List<Object> documents(Object root, String what) {
    if (root instanceof Map<?, ?> map && !(isPhpList(map) && !map.isEmpty())) {
      return List.of(map);
    }
    return list(root, what);
  }

  private static boolean isPhpList(Map<?, ?> map) {
    for (var entry : map.entrySet()) {
      String key = (String) entry.getKey();
      if (key.isEmpty() || !key.chars().allMatch(c -> c >= '0' && c <= '9') || !(entry.getValue() instanceof Map)) {
        return false;
      }
    }
    return true;
  }

  /** A member that must be a string when present; absent gives null. */
  static String optionalString(Map<String, Object> element, String key, String what) {
    Object value = element.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String string) {
      return string;
    }
    throw new MalformedDocument(what + " " + key + " is not a string");
  }

  static String requiredString(Map<String, Object> element, String key, String what) {
    String value = optionalString(element, key, what);
    if (value == null) {
      throw new MalformedDocument(what + " has no " + key);
    }
    return value;
  }

  /**
   * What the element wraps under {@code key} ({@code {"Event": {...}}}), or the element itself. A
   * list under that key is a child list of a bare element (a Note's own {@code "Note": [...]}).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> unwrap(Map<String, Object> element, String key) {
    return element.get(key) instanceof Map<?, ?> inner ? (Map<String, Object>) inner : element;
  }

  /** How a value appears in a block reason: as sent, without control characters. */
  static String observed(Object value) {
    return ControlCharacters.strip(value instanceof String string ? string : String.valueOf(value));
  }
}
