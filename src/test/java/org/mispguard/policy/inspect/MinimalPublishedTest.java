package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MinimalPublishedTest {

  private static final String REQUIRED = "{'minimal': 1, 'published': 1} is required for /events/index requests";

  private static List<Finding> check(String json) {
    return Inspector.requireMinimalPublished(json.getBytes(StandardCharsets.UTF_8), "/events/index");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"minimal\":1,\"published\":1}",
        "{\"minimal\":\"1\",\"published\":true}",
        "{\"minimal\":1.0,\"published\":\" 1\"}",
        "{\"minimal\":\"1e0\",\"published\":1,\"eventid\":[\"x\"],\"sgReferenceOnly\":1}"
      })
  void passesWhenBothFlagsReadAsOneInPhp(String json) {
    assertEquals(List.of(), check(json));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}", "{\"minimal\":1}", "{\"published\":1}", "{\"minimal\":0,\"published\":1}",
        "{\"minimal\":1,\"published\":false}", "{\"minimal\":\"yes\",\"published\":1}",
        "{\"minimal\":2,\"published\":1}", "{\"minimal\":1.5,\"published\":1}",
        "{\"minimal\":null,\"published\":1}", "{\"minimal\":[1],\"published\":1}",
        "[{\"minimal\":1,\"published\":1}]", "1"
      })
  void refusesEveryOtherRequest(String json) {
    assertEquals(List.of(new Finding(REQUIRED, "")), check(json));
  }

  @Test
  void namesTheRequestedPath() {
    List<Finding> findings = Inspector.requireMinimalPublished("{}".getBytes(StandardCharsets.UTF_8), "/galaxy_clusters/restSearch");
    assertEquals("{'minimal': 1, 'published': 1} is required for /galaxy_clusters/restSearch requests", findings.get(0).reason());
  }

  @Test
  void aDuplicatedFlagIsRefusedAsAmbiguous() {
    assertEquals(List.of(new Finding("duplicate key: minimal", "")), check("{\"minimal\":1,\"published\":1,\"minimal\":0}"));
  }

  @Test
  void invalidAndEmptyBodiesAreRefused() {
    assertEquals(List.of(new Finding("invalid JSON body", "")), check("{\"minimal\":1,"));
    assertEquals(List.of(new Finding("empty message body", "")), check(""));
  }
}
