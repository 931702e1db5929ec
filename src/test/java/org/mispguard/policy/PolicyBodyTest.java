package org.mispguard.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.PolicyRequestTest.INSTANCES;
import static org.mispguard.policy.PolicyRequestTest.UUID;
import static org.mispguard.policy.PolicyRequestTest.facts;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mispguard.config.Allowlist;
import org.mispguard.policy.Endpoint.Direction;
import org.mispguard.policy.inspect.DocumentKind;

/** Which bodies are inspected, under which rules, and that every doubt ends in a block. */
class PolicyBodyTest {

  private static final byte[] NOT_JSON = "<html>not a MISP document</html>".getBytes(UTF_8);
  private static final byte[] EMPTY = new byte[0];

  private final Policy policy = Policy.of(INSTANCES);

  private Verdict request(RequestDecision decision, byte[] body) {
    return policy.inspectRequest(decision, body, 0, body.length);
  }

  private Verdict response(RequestDecision decision, int status, byte[] body) {
    return policy.inspectResponse(decision, status, body, 0, body.length, null);
  }

  private RequestDecision allowed(String method, String target) {
    RequestDecision decision = policy.request(facts("10.0.0.1", method, "misp-b.example", 8443, target));
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    return decision;
  }

  @Test
  void handshakeBodiesPassUntouched() {
    byte[] postTest = "{\"testString\": \"a1b2c3\"}".getBytes(UTF_8);
    assertTrue(request(allowed("POST", "/servers/postTest"), postTest).allowed());
    assertTrue(response(allowed("POST", "/servers/postTest"), 200, postTest).allowed());
    assertTrue(response(allowed("GET", "/servers/getVersion"), 200, NOT_JSON).allowed());
  }

  @Test
  void endpointsWithNothingToInspectPassAnyBody() {
    assertTrue(request(allowed("POST", "/sightings/bulkSaveSightings/" + UUID), NOT_JSON).allowed());
    assertTrue(request(allowed("POST", "/events/filterEventIdsForPush"), NOT_JSON).allowed());
    assertTrue(response(allowed("HEAD", "/events/view/" + UUID), 200, EMPTY).allowed());
  }

  @Test
  void anEventIndexQueryMustAskForMinimalPublishedEvents() {
    RequestDecision index = allowed("POST", "/events/index");
    assertEquals("{'minimal': 1, 'published': 1} is required for /events/index requests",
        request(index, "{\"minimal\": 0}".getBytes(UTF_8)).reason());
  }

  @Test
  void aGalaxyClusterSearchNamesItsOwnPathInTheReason() {
    RequestDecision search = allowed("POST", "/galaxy_clusters/restSearch");
    assertEquals("{'minimal': 1, 'published': 1} is required for /galaxy_clusters/restSearch requests",
        request(search, "{}".getBytes(UTF_8)).reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/events/add/metadata:1",
      "/events/edit/" + UUID + "/metadata:1",
      "/events/pushProposals/" + UUID,
      "/galaxies/pushCluster",
      "/analyst_data/pushAnalystData"
  })
  void pushedDocumentsAreInspectedAndUnreadableOnesBlocked(String path) {
    RequestDecision push = allowed("POST", path);
    assertTrue(push.endpoint().orElseThrow().requestBody().isPresent());
    assertTrue(request(push, NOT_JSON).blocked());
    assertTrue(request(push, EMPTY).blocked());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/events/view/" + UUID + "/deleted[]:0/deleted[]:1/excludeGalaxy:1",
      "/shadow_attributes/index/all:1/timestamp:1700000000/limit:1000/page:1.json",
      "/galaxy_clusters/view/" + UUID,
      "/analyst_data/index/Opinion/uuid[]:" + UUID + ".json"
  })
  void pulledDocumentsInA2xxReplyAreInspectedAndUnreadableOnesBlocked(String path) {
    RequestDecision pull = allowed("GET", path);
    assertTrue(response(pull, 200, NOT_JSON).blocked());
    assertTrue(response(pull, 203, EMPTY).blocked());
  }

  @ParameterizedTest
  @ValueSource(ints = {304, 403, 404, 500})
  void bodilessRepliesPassAndOthersAreInspectedWhateverTheirStatus(int status) {
    RequestDecision pull = allowed("GET", "/events/view/" + UUID);
    assertTrue(response(pull, status, EMPTY).allowed());
    assertTrue(response(pull, status, NOT_JSON).blocked());
  }

  @Test
  void allowlistedRequestsSkipBodyRules() {
    RequestDecision feed = policy.request(facts("10.0.0.1", "GET", "feeds.example", 443, "/list.txt"));
    assertTrue(request(feed, NOT_JSON).allowed());
    assertTrue(response(feed, 200, NOT_JSON).allowed());
  }

  @Test
  void aBlockedRequestStaysBlockedWhateverItsBody() {
    RequestDecision refused = policy.request(facts("10.9.9.9", "POST", "misp-b.example", 8443, "/events/add"));
    assertEquals(refused.verdict(), request(refused, EMPTY));
    assertEquals(refused.verdict(), response(refused, 200, EMPTY));
  }

  @Test
  void anAllowedDecisionWithoutAnEndpointFailsClosed() {
    RequestDecision forged = new RequestDecision(Verdict.allow(), "POST", "/events/add", Optional.empty(),
        Optional.empty(), Optional.empty(), false);
    assertEquals("unexpected error, rejecting request", request(forged, EMPTY).reason());
    assertEquals("unexpected error, rejecting response", response(forged, 200, EMPTY).reason());
  }

  @Test
  void aBodyIsJudgedInPlaceWithinItsRangeOfALargerBuffer() {
    byte[] clean = eventWith("ip-dst");
    byte[] blocked = eventWith("passport-number");
    RequestDecision push = allowed("POST", "/events/add/metadata:1");
    RequestDecision pull = allowed("GET", "/events/view/" + UUID);
    byte[] cleanAmidBlocked = concat(blocked, clean, blocked);
    byte[] blockedAmidClean = concat(clean, blocked, clean);
    assertTrue(policy.inspectRequest(push, cleanAmidBlocked, blocked.length, clean.length).allowed());
    assertTrue(policy.inspectResponse(pull, 200, cleanAmidBlocked, blocked.length, clean.length, null).allowed());
    assertEquals("attribute with a blocked type: passport-number. blocked by rule: no-passports",
        policy.inspectRequest(push, blockedAmidClean, clean.length, blocked.length).reason());
    assertTrue(policy.inspectResponse(pull, 200, blockedAmidClean, clean.length, blocked.length, null).blocked());
    // the body ends where its range does, whatever follows in the buffer
    assertEquals("invalid JSON body", policy.inspectRequest(push, cleanAmidBlocked, blocked.length, clean.length - 1).reason());
    assertEquals("empty message body", policy.inspectRequest(push, cleanAmidBlocked, blocked.length, 0).reason());
    assertTrue(policy.inspectResponse(pull, 404, cleanAmidBlocked, blocked.length, 0, null).allowed());
  }

  @Test
  void aRangeOutsideItsBufferFailsClosed() {
    byte[] clean = eventWith("ip-dst");
    assertEquals("unexpected error, rejecting request",
        policy.inspectRequest(allowed("POST", "/events/add/metadata:1"), clean, 1, clean.length).reason());
    assertEquals("unexpected error, rejecting response",
        policy.inspectResponse(allowed("GET", "/events/view/" + UUID), 200, clean, -1, 2, null).reason());
  }

  private static byte[] eventWith(String attributeType) {
    return ("{\"Event\":{\"distribution\":\"1\",\"Attribute\":[{\"type\":\"" + attributeType
        + "\",\"category\":\"Other\",\"value\":\"x\"}]}}").getBytes(UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void explainCollectsFindingsUnderTheRulesOfTheDirection() {
    assertFalse(policy.explain(Direction.PUSH, Optional.of("inst_a"), Optional.empty(),
        DocumentKind.EVENT, NOT_JSON).isEmpty());
    assertFalse(policy.explain(Direction.PULL, Optional.empty(), Optional.of("inst_b"),
        DocumentKind.EVENT, NOT_JSON).isEmpty());
  }

  @Test
  void explainNeedsTheInstanceWhoseRulesApply() {
    assertThrows(IllegalArgumentException.class, () -> policy.explain(Direction.PUSH, Optional.empty(),
        Optional.of("inst_b"), DocumentKind.EVENT, NOT_JSON));
    assertThrows(IllegalArgumentException.class, () -> policy.explain(Direction.PULL, Optional.of("inst_a"),
        Optional.of("nope"), DocumentKind.EVENT, NOT_JSON));
  }

  @Test
  void explainInTheSeedFormatNeedsNoInstance() {
    Policy seed = Policy.of(TestConfigs.seed(List.of(TestConfigs.blockRule("r1")), List.of(), Allowlist.EMPTY));
    assertFalse(seed.explain(Direction.PULL, Optional.empty(), Optional.empty(), DocumentKind.EVENT, NOT_JSON)
        .isEmpty());
  }

  @Test
  void summaryNamesTheRulesInForce() {
    assertTrue(policy.summary().contains("inst_a, inst_b, inst_c, inst_v6"), policy.summary());
    Policy seed = Policy.of(TestConfigs.seed(
        List.of(TestConfigs.blockRule("no-passports"), TestConfigs.blockRule("no-tlp-red")), List.of(),
        Allowlist.EMPTY));
    assertEquals("running block rules: no-passports,no-tlp-red", seed.summary());
    assertTrue(seed.describe().stream().anyMatch(line -> line.contains("no-passports")), seed.describe().toString());
  }
}
