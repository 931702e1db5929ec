package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What reading straight from the bytes must get right: UTF-8, escapes, limits, large objects. */
class StrictJsonBytesTest {

  private static String refusal(byte[] body) {
    return assertThrows(MalformedDocument.class, () -> StrictJson.parse(body)).getMessage();
  }

  private static String refusal(String json) {
    return refusal(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A string member whose value holds the given raw bytes. */
  private static byte[] withRawBytes(int... raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"comment\":\"a".getBytes(StandardCharsets.US_ASCII));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes("z\"}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Test
  void illFormedUtf8IsInvalidEvenInMembersNoRuleReads() {
    int[][] cases = {
      {0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xF0, 0x80, 0x80, 0xAF}, // overlong
      {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, // encoded surrogates
      {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, // above U+10FFFF
      {0xE6, 0x9D}, {0x80}, {0xC3} // truncated or stray
    };
    for (int[] raw : cases) {
      assertEquals("invalid JSON body", refusal(withRawBytes(raw)));
    }
  }

  @Test
  void wellFormedUtf8AtTheEdgesIsRead() {
    int[][] cases = {{0xC2, 0x80}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}};
    for (int[] raw : cases) {
      assertInstanceOf(Map.class, StrictJson.parse(withRawBytes(raw)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\ud800", "\\udc00", "\\ud83dx", "\\ud83d\\u0041", "\\ude00\\ud83d", "\\ud83d"})
  void unpairedSurrogateEscapesAreInvalidAsInPhp(String escape) {
    assertEquals("invalid JSON body", refusal("{\"comment\":\"" + escape + "\"}"));
    assertEquals("invalid JSON body", refusal("{\"" + escape + "\":1}"));
  }

  @Test
  void escapedValuesTheRulesReadAreDecoded() {
    Map<?, ?> map = (Map<?, ?>) StrictJson.parse(
        "{\"type\":\"passport\\u002dnumber\",\"name\":\"\\ud83d\\ude00 \\\"x\\\" \\/ \\\\ \\b\\f\\n\\r\\t Zürich\"}"
            .getBytes(StandardCharsets.UTF_8));
    assertEquals("passport-number", map.get("type"));
    assertEquals("😀 \"x\" / \\ \b\f\n\r\t Zürich", map.get("name"));
  }

  @Test
  void anEscapedNameIsTheNameItDecodesTo() {
    assertEquals("duplicate key: 😀", refusal("{\"😀\":1,\"\\ud83d\\ude00\":2}"));
    Map<?, ?> map = (Map<?, ?>) StrictJson.parse("{\"\\u0074ype\":\"md5\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals("md5", map.get("type"));
  }

  @Test
  void nestingUpToTheLimitIsRead() {
    assertInstanceOf(java.util.List.class, StrictJson.parse(("[".repeat(255) + "]".repeat(255)).getBytes(StandardCharsets.UTF_8)));
    assertEquals("invalid JSON body", refusal("[".repeat(256) + "]".repeat(256)));
  }

  @Test
  void largeObjectsFindDuplicatesAmongCollidingNames() {
    // "Aa" and "BB" hash alike; so do all their concatenations
    StringBuilder json = new StringBuilder("{");
    String[] halves = {"Aa", "BB"};
    for (int i = 0; i < 64; i++) {
      StringBuilder name = new StringBuilder();
      for (int bit = 0; bit < 6; bit++) {
        name.append(halves[(i >> bit) & 1]);
      }
      json.append('"').append(name).append("\":").append(i).append(',');
    }
    assertInstanceOf(Map.class, StrictJson.parse((json.substring(0, json.length() - 1) + "}").getBytes(StandardCharsets.UTF_8)));
    assertEquals("duplicate key: AaBBAaBBAaBB", refusal(json.append("\"AaBBAaBBAaBB\":0}").toString()));
  }

  @Test
  void emptyContainersAndScalarsAtTheTopAreRead() {
    assertEquals(Map.of(), StrictJson.parse("{ }".getBytes(StandardCharsets.UTF_8)));
    assertEquals(java.util.List.of(), StrictJson.parse(" [ ] ".getBytes(StandardCharsets.UTF_8)));
    assertEquals(new JsonNumber("-0.5e+3"), StrictJson.parse("-0.5e+3".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aBodyIsReadOnlyWithinItsRangeOfALargerBuffer() {
    // each range stops short of bytes that would complete it
    String[][] cut = {
      {"{\"a\":\"b\"}", "{\"a\":\"b\""}, {"\"ab\"", "\"ab"}, {"true", "tru"}, {"\"\\u0041\"", "\"\\u00"},
      {"\"\\ud83d\\ude00\"", "\"\\ud83d"}, {"\"Zürich\"", "\"Z\u00c3"}, {"[1,2]", "[1,2"},
      {"\"abcdefghijklmnop\"", "\"abcdefghijklmnop"}, {"{\"abcdefghij\":1}", "{\"abcdefghij"}
    };
    for (String[] pair : cut) {
      byte[] whole = pair[0].getBytes(StandardCharsets.UTF_8);
      int length = pair[1].getBytes(StandardCharsets.ISO_8859_1).length;
      assertThrows(MalformedDocument.class, () -> StrictJson.parse(whole, 0, length), pair[1]);
    }
    byte[] buffer = "x12}".getBytes(StandardCharsets.US_ASCII);
    assertEquals(new JsonNumber("1"), StrictJson.parse(buffer, 1, 1));
    assertEquals("empty message body", assertThrows(MalformedDocument.class, () -> StrictJson.parse(buffer, 1, 0)).getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> StrictJson.parse(buffer, 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> StrictJson.parse(buffer, -1, 2));
  }
}
