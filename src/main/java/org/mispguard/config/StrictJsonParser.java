package org.mispguard.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses configuration text into a tree. Strict JSON only; a duplicated key is reported as a
 * problem because the two readers of a file (this guard and the reference addon) must not be
 * able to disagree about which value counts.
 */
final class StrictJsonParser {

  private static final Pattern GSON_LOCATION =
      Pattern.compile("^(.*?) at line (\\d+) column (\\d+) path (\\S*)");

  private StrictJsonParser() {}

  /** @throws ConfigException when the text is not JSON at all; duplicate keys go to {@code problems} */
  static JsonElement parse(String text, Problems problems) throws ConfigException {
    if (text.isBlank()) {
      throw new ConfigException(List.of("the file is empty; it must hold one JSON object"));
    }
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement root = read(reader, "", problems);
      reader.peek();
      return root;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new ConfigException(List.of(describeSyntaxError(e.getMessage())));
    }
  }

  private static JsonElement read(JsonReader reader, String path, Problems problems) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          String childPath = JsonPath.key(path, name);
          if (object.has(name)) {
            problems.add(childPath, "duplicate key; keep only one of them");
          }
          object.add(name, read(reader, childPath, problems));
        }
        reader.endObject();
        return object;
      case BEGIN_ARRAY:
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(read(reader, JsonPath.index(path, array.size()), problems));
        }
        reader.endArray();
        return array;
      case STRING:
        return new JsonPrimitive(reader.nextString());
      case NUMBER:
        return new JsonPrimitive(new BigDecimal(reader.nextString()));
      case BOOLEAN:
        return new JsonPrimitive(reader.nextBoolean());
      case NULL:
        reader.nextNull();
        return JsonNull.INSTANCE;
      default:
        throw new IllegalStateException("unexpected " + reader.peek() + " " + locationOf(reader));
    }
  }

  private static String locationOf(JsonReader reader) {
    return reader.toString().substring(reader.getClass().getSimpleName().length()).strip();
  }

  /** Rewords the parser's message so that the line and column come first and its help links go. */
  private static String describeSyntaxError(String message) {
    String firstLine = message == null ? "malformed JSON" : message.lines().findFirst().orElse("");
    Matcher location = GSON_LOCATION.matcher(firstLine);
    if (location.find()) {
      String what = location.group(1);
      if (what.startsWith("Use JsonReader.setStrictness")) {
        what = "not JSON (single quotes, comments, unquoted names and trailing commas are not allowed)";
      } else if (what.startsWith("End of input")) {
        what = "the file ends too early; is a } or ] missing?";
      }
      return "invalid JSON at line " + location.group(2) + " column " + location.group(3) + ": " + what;
    }
    return "invalid JSON: " + firstLine;
  }
}
