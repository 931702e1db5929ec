package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathCanonicalizerTest {

  private static final String UUID = "5c9f2c7a-6f3e-4b8e-9a61-2f1d0c3b7e44";

  @ParameterizedTest
  @ValueSource(strings = {
      "/servers/getVersion",
      "/users/view/me.json",
      "/events/add/metadata:1",
      "/events/view/" + UUID + "/deleted[]:0/deleted[]:1/excludeGalaxy:1/includeEventCorrelations:0",
      "/shadow_attributes/index/all:1/timestamp:1700000000/limit:1000/page:1/deleted[]:0/deleted[]:1.json",
      "/analyst_data/index/Note/uuid[]:" + UUID + ".json",
      "/"
  })
  void syncPathsAreTheirOwnCanonicalForm(String path) {
    PathCanonicalizer.Result result = PathCanonicalizer.canonicalize(path);
    assertEquals(path, result.path().orElseThrow(), result.refusal());
  }

  @ParameterizedTest
  @CsvSource({
      "/analyst_data/index/Note/uuid%5B%5D:X.json, /analyst_data/index/Note/uuid[]:X.json",
      "/analyst_data/index/Note/uuid%5b%5d:X.json, /analyst_data/index/Note/uuid[]:X.json",
      "/events/view/X/deleted%5B]:1, /events/view/X/deleted[]:1"
  })
  void encodedArrayBracketsAreDecodedBecauseEveryServerReadsThemAsBrackets(String raw, String canonical) {
    assertEquals(canonical, PathCanonicalizer.canonicalize(raw).path().orElseThrow());
  }

  @ParameterizedTest(name = "{0} refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "/events/../admin/users                 | dot segment",
      "/events/./add                          | dot segment",
      "/events/add/..                         | dot segment",
      "/events/add/.                          | dot segment",
      "/events/%2e%2e/admin                   | percent-encoded dot",
      "/events/%2E%2E/admin                   | percent-encoded dot",
      "/events/.%2e/admin                     | percent-encoded dot",
      "/events/%2E./admin                     | percent-encoded dot",
      "/events/%2eadd                         | percent-encoded dot",
      "/events%2fadd                          | percent-encoded path separator",
      "/events%2Fadd                          | percent-encoded path separator",
      "/events%5cadd                          | percent-encoded path separator",
      "/events%5Cadd                          | percent-encoded path separator",
      "/events\\add                           | backslash",
      "/events//add                           | empty segment",
      "//events/add                           | empty segment",
      "/servers/getVersion/                   | empty segment",
      "/events/add%00                         | percent-encoded control character",
      "/events/add%0a                         | percent-encoded control character",
      "/events/add%1F                         | percent-encoded control character",
      "/events/add%7f                         | percent-encoded control character",
      "/events/add%c0%ae%c0%ae                | percent-encoded non-ASCII byte",
      "/events/%e2%80%ae                      | percent-encoded non-ASCII byte",
      "/events/add%2                          | invalid percent-escape",
      "/events/add%                           | invalid percent-escape",
      "/events/add%zz                         | invalid percent-escape",
      "/events/add%%32%65                     | invalid percent-escape",
      "/events/add%252e                       | percent-encoded character",
      "/events/a%64d                          | percent-encoded character",
      "/events/add%3Ametadata:1               | percent-encoded character",
      "/servers/getVersion?x=1                | query string or fragment",
      "/servers/getVersion?                   | query string or fragment",
      "/servers/getVersion#top                | query string or fragment",
      "/events/add;jsessionid=1               | character not used by sync paths",
      "/events/add+                           | character not used by sync paths",
      "/events/add~                           | character not used by sync paths",
      "/events/add@x                          | character not used by sync paths",
      "events/add                             | not an absolute path",
      "''                                     | not an absolute path",
      "*                                      | not an absolute path"
  })
  void pathsThatCouldMeanSomethingElseAreRefused(String raw, String why) {
    PathCanonicalizer.Result result = PathCanonicalizer.canonicalize(raw);
    assertTrue(result.refused(), raw + " was accepted as " + result.path());
    assertEquals("ambiguous request path: " + why, result.refusal());
  }

  @Test
  void rawControlCharactersAreRefused() {
    for (char c : new char[] {'\0', '\t', '\r', '\n', 0x1b, 0x7f}) {
      assertEquals("ambiguous request path: control character",
          PathCanonicalizer.canonicalize("/events/add" + c).refusal(), "char " + (int) c);
    }
  }

  @Test
  void rawSpaceIsRefused() {
    assertTrue(PathCanonicalizer.canonicalize("/events/add HTTP/1.1").refused());
  }

  @Test
  void nonAsciiCharactersAreRefusedEvenWhereTheyLookLikeDots() {
    assertEquals("ambiguous request path: non-ASCII character",
        PathCanonicalizer.canonicalize("/events/\u2024\u2024/admin").refusal());
    assertEquals("ambiguous request path: non-ASCII character",
        PathCanonicalizer.canonicalize("/events/\u00c0\u00ae").refusal());
  }

  @Test
  void segmentsThatMerelyContainDotsAreNotDotSegments() {
    assertEquals("/users/view/me.json", PathCanonicalizer.canonicalize("/users/view/me.json").path().orElseThrow());
    assertEquals("/a/.b.", PathCanonicalizer.canonicalize("/a/.b.").path().orElseThrow());
  }

  @Test
  void longerRunsOfDotsAreDotSegmentsToo() {
    assertEquals("ambiguous request path: dot segment", PathCanonicalizer.canonicalize("/a/.../b").refusal());
  }
}
