package org.mispguard.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Typed access to the parsed tree: every accessor either returns the value or records a
 * problem naming the path and what would be accepted, so one pass finds every mistake.
 */
final class FieldReader {

  static final Pattern ID = Pattern.compile("[a-z0-9_]+");

  private final Problems problems;

  FieldReader(Problems problems) {
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  /**
   * Reports keys not in {@code known}; a key that belongs elsewhere gets the hint from
   * {@code misplaced}, any other the closest known spelling.
   */
  void checkKeys(JsonObject object, String path, Set<String> known, Map<String, String> misplaced) {
    for (String key : object.keySet()) {
      if (known.contains(key) || isCommentKey(key)) {
        continue;
      }
      String hint = misplaced.get(key);
      if (hint == null) {
        hint = KeySpelling.closest(key, known)
            .map(guess -> "did you mean `" + guess + "`?")
            .orElse("known keys here: " + String.join(", ", new TreeSet<>(known)));
      }
      problems.add(JsonPath.key(path, key), "unknown key; " + hint);
    }
  }

  static boolean isCommentKey(String key) {
    return key.equals("$schema") || key.startsWith("_");
  }

  /** The value of a key that must be present, or empty after reporting its absence. */
  Optional<JsonElement> required(JsonObject object, String path, String key, String expected) {
    JsonElement value = object.get(key);
    if (value == null) {
      problems.add(JsonPath.key(path, key), "is required; add " + expected);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  Optional<JsonObject> object(JsonElement value, String path) {
    if (value.isJsonObject()) {
      return Optional.of(value.getAsJsonObject());
    }
    problems.add(path, "must be an object {…}");
    return Optional.empty();
  }

  Optional<String> string(JsonElement value, String path) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return Optional.of(value.getAsString());
    }
    problems.add(path, "must be a string in double quotes");
    return Optional.empty();
  }

  Optional<String> id(JsonElement value, String path, Pattern pattern, String what) {
    Optional<String> text = string(value, path);
    if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
      problems.add(path, what + " `" + text.get() + "` must match ^" + pattern.pattern() + "$");
      return Optional.empty();
    }
    return text;
  }

  /** Each element that is a string; elements of other types are reported. */
  List<String> strings(JsonElement value, String path) {
    List<String> result = new ArrayList<>();
    forEachString(value, path, (elementPath, text) -> result.add(text));
    return result;
  }

  /** Hands each string element with its own path to {@code action}; other elements are reported. */
  void forEachString(JsonElement value, String path, BiConsumer<String, String> action) {
    if (!value.isJsonArray()) {
      problems.add(path, "must be a list of strings [\"…\"]");
      return;
    }
    int index = 0;
    for (JsonElement element : value.getAsJsonArray()) {
      String elementPath = JsonPath.index(path, index++);
      string(element, elementPath).ifPresent(text -> action.accept(elementPath, text));
    }
  }

  OptionalInt port(JsonElement value, String path) {
    Optional<BigDecimal> number = integral(value);
    if (number.isPresent()
        && number.get().compareTo(BigDecimal.ONE) >= 0
        && number.get().compareTo(BigDecimal.valueOf(65535)) <= 0) {
      return OptionalInt.of(number.get().intValueExact());
    }
    problems.add(path, "must be an integer from 1 to 65535");
    return OptionalInt.empty();
  }

  /** A JSON number with no fractional part ({@code 443} or {@code 443.0}, as JSON Schema's integer). */
  static Optional<BigDecimal> integral(JsonElement value) {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      return Optional.empty();
    }
    BigDecimal number = value.getAsJsonPrimitive().getAsBigDecimal();
    return number.stripTrailingZeros().scale() <= 0 ? Optional.of(number) : Optional.empty();
  }

  static boolean isString(JsonElement value) {
    return value instanceof JsonPrimitive primitive && primitive.isString();
  }
}
