package org.mispguard.policy.inspect;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a body as strict RFC 8259 JSON in UTF-8 into a lean tree: objects are {@code Map}s, arrays
 * {@code List}s, strings {@code String}s, numbers {@link JsonNumber}s, booleans {@code Boolean}s,
 * null {@link JsonLiteral#NULL}. Only the members that some rule reads keep their scalar values;
 * the rest become {@link JsonLiteral#SKIPPED}, which keeps large events cheap. Every object at
 * every depth is still checked for duplicate keys, because MISP (PHP) keeps the last of them while
 * other readers keep the first: the guard refuses the ambiguity (SPEC §5.3).
 */
final class StrictJson {

  /** The member names the inspection reads; anything else is parsed for validity only. */
  static final Set<String> READ_KEYS =
      Set.of(
          "Event", "Attribute", "Object", "ShadowAttribute", "Tag", "EventTag", "AttributeTag",
          "name", "type", "category", "distribution", "SharingGroup", "uuid", "SharingGroupOrg",
          "Organisation", "SharingGroupServer", "all_orgs", "EventReport", "Note", "Opinion",
          "Relationship", "related_object", "related_object_type", "note_type_name", "Galaxy",
          "GalaxyCluster", "tag_name", "GalaxyClusterRelation", "TargetingClusterRelation",
          "GalaxyClusterRelationTag",
          "minimal", "published");

  static final String INVALID = "invalid JSON body";

  private final JsonReader reader;
  private final List<DistinctKeys> keySets = new ArrayList<>();
  private int depth;

  private StrictJson(JsonReader reader) {
    this.reader = reader;
  }

  /** Parses the whole body; throws {@link MalformedDocument} for anything but one strict JSON value. */
  static Object parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedDocument("empty message body");
    }
    if (startsWithByteOrderMark(body) || hasRawControlCharacter(body)) {
      // PHP's json_decode refuses both; Gson would read them and judge a text MISP cannot read
      throw new MalformedDocument(INVALID);
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (JsonReader reader =
        new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), decoder))) {
      reader.setStrictness(Strictness.STRICT);
      Object root = new StrictJson(reader).read(true);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new MalformedDocument(INVALID);
      }
      return root;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new MalformedDocument(INVALID);
    }
  }

  private static boolean startsWithByteOrderMark(byte[] body) {
    return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
  }

  /** Outside strings JSON allows only tab, newline and carriage return; inside, none unescaped. */
  private static boolean hasRawControlCharacter(byte[] body) {
    for (byte b : body) {
      if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        return true;
      }
    }
    return false;
  }

  private Object read(boolean keep) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        return readObject(keep);
      case BEGIN_ARRAY:
        return readArray(keep);
      case STRING:
        return keep ? reader.nextString() : skip();
      case NUMBER:
        return keep ? new JsonNumber(reader.nextString()) : skip();
      case BOOLEAN:
        return keep ? reader.nextBoolean() : skip();
      case NULL:
        reader.nextNull();
        return keep ? JsonLiteral.NULL : JsonLiteral.SKIPPED;
      default:
        throw new MalformedDocument(INVALID);
    }
  }

  private Object skip() throws IOException {
    reader.skipValue();
    return JsonLiteral.SKIPPED;
  }

  /**
   * Keys of every object go through a key list reused per depth (cheaper than a map per object);
   * the returned map holds only the members the rules read.
   */
  private Object readObject(boolean keep) throws IOException {
    DistinctKeys keys = keysFor(depth++);
    Map<String, Object> members = keep ? new HashMap<>() : null;
    reader.beginObject();
    while (reader.hasNext()) {
      String key = reader.nextName();
      if (!keys.add(key)) {
        throw new MalformedDocument("duplicate key: " + ControlCharacters.strip(key));
      }
      boolean read = keep && isRead(key);
      Object value = read(read);
      if (read) {
        members.put(key, value);
      }
    }
    reader.endObject();
    keys.clear();
    depth--;
    return keep ? members : JsonLiteral.SKIPPED;
  }

  private DistinctKeys keysFor(int level) {
    while (keySets.size() <= level) {
      keySets.add(new DistinctKeys());
    }
    return keySets.get(level);
  }

  /** Digit keys are how PHP encodes a list with gaps ({@code {"0": ..., "2": ...}}). */
  private static boolean isRead(String key) {
    if (READ_KEYS.contains(key)) {
      return true;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return false;
      }
    }
    return !key.isEmpty();
  }

  private Object readArray(boolean keep) throws IOException {
    List<Object> elements = keep ? new ArrayList<>() : null;
    reader.beginArray();
    while (reader.hasNext()) {
      Object element = read(keep);
      if (keep) {
        elements.add(element);
      }
    }
    reader.endArray();
    return keep ? elements : JsonLiteral.SKIPPED;
  }
}
