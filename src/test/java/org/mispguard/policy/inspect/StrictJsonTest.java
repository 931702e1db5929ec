package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

  private static String refusal(String json) {
    return refusal(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(byte[] body) {
    return assertThrows(MalformedDocument.class, () -> StrictJson.parse(body)).getMessage();
  }

  @Test
  void anEmptyBodyIsReportedAsSuch() {
    assertEquals("empty message body", refusal(new byte[0]));
    assertEquals("empty message body", refusal((byte[]) null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " ", "{", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} {}", "{\"a\":1} x", "{'a':1}", "{a:1}",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":01}", "{\"a\":1,}", "[1,]",
        "//c\n{}", "{\"a\":\"\\x\"}", ")]}'\n{}", "{\"a\":1};", "\"a\"\"b\"", "{\"a\" 1}", "[1;2]"
      })
  void anythingButOneStrictJsonValueIsInvalid(String json) {
    assertEquals("invalid JSON body", refusal(json));
  }

  @Test
  void aByteOrderMarkIsRefusedLikePhpDoes() {
    byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
    assertEquals("invalid JSON body", refusal(body));
  }

  @Test
  void malformedUtf8IsInvalid() {
    byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertEquals("invalid JSON body", refusal(body));
  }

  @Test
  void anUnescapedControlCharacterInAStringIsInvalid() {
    assertEquals("invalid JSON body", refusal("{\"a\":\"x\u0001y\"}"));
  }

  @Test
  void duplicateKeysAreRefusedAtTheTop() {
    assertEquals("duplicate key: distribution", refusal("{\"distribution\":0,\"distribution\":3}"));
  }

  @Test
  void duplicateKeysAreRefusedDeepInsideLists() {
    String json = "{\"Event\":{\"Attribute\":[{\"type\":\"md5\"},{\"type\":\"ip-src\",\"type\":\"passport-number\"}]}}";
    assertEquals("duplicate key: type", refusal(json));
  }

  @Test
  void duplicateKeysAreRefusedInsideMembersNoRuleReads() {
    assertEquals("duplicate key: x", refusal("{\"Event\":{\"Org\":{\"meta\":[{\"x\":1,\"x\":2}]}}}"));
  }

  @Test
  void theDuplicateKeyIsNamedWithoutControlCharacters() {
    assertEquals("duplicate key: ab", refusal("{\"a\\nb\":1,\"a\\nb\":2}"));
  }

  @Test
  void keysEqualOnlyAfterEscapesAreDuplicates() {
    assertEquals("duplicate key: type", refusal("{\"type\":1,\"\\u0074ype\":2}"));
  }

  @Test
  void membersTheRulesReadKeepTheirValues() {
    Object root = StrictJson.parse(
        "{\"distribution\":\"0\",\"Tag\":[{\"name\":\"tlp:red\"}],\"published\":true,\"minimal\":1.0,\"uuid\":null}"
            .getBytes(StandardCharsets.UTF_8));
    Map<?, ?> map = assertInstanceOf(Map.class, root);
    assertEquals("0", map.get("distribution"));
    assertEquals(List.of(Map.of("name", "tlp:red")), map.get("Tag"));
    assertEquals(Boolean.TRUE, map.get("published"));
    assertEquals(new JsonNumber("1.0"), map.get("minimal"));
    assertEquals(JsonLiteral.NULL, map.get("uuid"));
  }

  @Test
  void membersNoRuleReadsAreSkipped() {
    Map<?, ?> map = (Map<?, ?>) StrictJson.parse("{\"value\":\"secret\",\"Org\":{\"name\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
    assertEquals(false, map.containsKey("value"));
    assertEquals(false, map.containsKey("Org"));
  }

  @Test
  void deepNestingIsRefusedRatherThanExhaustingTheStack() {
    String json = "[".repeat(100_000) + "]".repeat(100_000);
    assertEquals("invalid JSON body", refusal(json));
  }
}
