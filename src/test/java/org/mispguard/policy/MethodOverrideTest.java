package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Method overrides (SPEC §6): what CakePHP and the web servers in front of MISP would honour. */
class MethodOverrideTest {

  private static Verdict judge(String name, String value) {
    return MethodOverride.judge(List.of(Map.entry("Authorization", "key"), Map.entry(name, value)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-HTTP-Method-Override", "x-http-method-override", "X_HTTP_METHOD_OVERRIDE",
      "X-HTTP-Method", "X-Method-Override", "x-method-override"})
  void everyOverrideHeaderIsRefused(String name) {
    Verdict verdict = judge(name, "DELETE");

    assertTrue(verdict.blocked());
    assertEquals(403, verdict.status());
    assertTrue(verdict.reason().startsWith("method override header not allowed: X-"), verdict.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {" X-HTTP-Method-Override", "X-HTTP-Method-Override\t", "\u2003x-method-override "})
  void whiteSpaceAroundTheNameHidesNothing(String name) {
    assertTrue(judge(name, "DELETE").blocked(), name);
  }

  @Test
  void theReasonNamesTheHeaderInItsUsualSpelling() {
    assertEquals("method override header not allowed: X-HTTP-Method-Override",
        judge("x_http_method_override", "DELETE").reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded",
      "application/x-www-form-urlencoded; charset=UTF-8", "multipart/form-data; boundary=----misp",
      "MULTIPART/FORM-DATA", " application/x-www-form-urlencoded", "application/x-www-form-urlencoded foo",
      "application/json, application/x-www-form-urlencoded"})
  void formDataIsRefusedWhateverItsSpelling(String contentType) {
    Verdict verdict = judge("Content-Type", contentType);

    assertTrue(verdict.blocked(), contentType);
    assertEquals("form data not allowed: CakePHP reads a _method field in it as the request method", verdict.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "text/plain",
      "application/x-www-form-urlencodedx"})
  void otherBodiesPass(String contentType) {
    assertTrue(judge("Content-Type", contentType).allowed(), contentType);
  }

  @Test
  void whatMispSendsPasses() {
    assertTrue(MethodOverride.judge(List.of(Map.entry("Authorization", "key"), Map.entry("Accept", "application/json"),
        Map.entry("Content-Type", "application/json"), Map.entry("User-Agent", "MISP 2.5.2"),
        Map.entry("Content-Encoding", "br"), Map.entry("X-Method", "DELETE"))).allowed());
  }
}
