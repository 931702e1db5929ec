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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reading {@link StrictJson} must agree with: Gson's strict reader over a reporting UTF-8
 * decoder, plus the refusals PHP's json_decode adds (byte order mark, raw control characters,
 * unpaired surrogate escapes), duplicate keys and the same lean tree of read members.
 */
final class GsonReference {

  private static final Set<String> READ = new HashSet<>(Arrays.asList(ReadKeys.NAMES));

  private final JsonReader reader;

  private GsonReference(JsonReader reader) {
    this.reader = reader;
  }

  /** @return the tree, or the refusal as a {@link MalformedDocument} */
  static Object parse(byte[] body) {
    if (body.length == 0) {
      throw new MalformedDocument("empty message body");
    }
    for (byte b : body) {
      if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        throw StrictJson.invalid();
      }
    }
    if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
      throw StrictJson.invalid();
    }
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try (JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), decoder))) {
      reader.setStrictness(Strictness.STRICT);
      Object root = new GsonReference(reader).read(true);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw StrictJson.invalid();
      }
      return root;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw StrictJson.invalid();
    }
  }

  private Object read(boolean keep) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> members = new HashMap<>();
        Set<String> seen = new HashSet<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String key = paired(reader.nextName());
          if (!seen.add(key)) {
            throw new MalformedDocument("duplicate key: " + ControlCharacters.strip(key));
          }
          boolean read = keep && (READ.contains(key) || (!key.isEmpty() && key.chars().allMatch(c -> c >= '0' && c <= '9')));
          Object value = read(read);
          if (read) {
            members.put(key, value);
          }
        }
        reader.endObject();
        return keep ? members : JsonLiteral.SKIPPED;
      }
      case BEGIN_ARRAY -> {
        List<Object> elements = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          elements.add(read(keep));
        }
        reader.endArray();
        return keep ? elements : JsonLiteral.SKIPPED;
      }
      case STRING -> {
        String text = paired(reader.nextString());
        return keep ? text : JsonLiteral.SKIPPED;
      }
      case NUMBER -> {
        String literal = reader.nextString();
        return keep ? new JsonNumber(literal) : JsonLiteral.SKIPPED;
      }
      case BOOLEAN -> {
        boolean flag = reader.nextBoolean();
        return keep ? flag : JsonLiteral.SKIPPED;
      }
      case NULL -> {
        reader.nextNull();
        return keep ? JsonLiteral.NULL : JsonLiteral.SKIPPED;
      }
      default -> throw StrictJson.invalid();
    }
  }

  private static String paired(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw StrictJson.invalid();
      }
    }
    return text;
  }
}
