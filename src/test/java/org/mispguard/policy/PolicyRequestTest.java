package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mispguard.config.Allowlist;
import org.mispguard.config.GuardConfig;

/** Identity, reachability, allowlist and catalogue in the instances format, as one request line meets them. */
class PolicyRequestTest {

  static final String UUID = "5c9f2c7a-6f3e-4b8e-9a61-2f1d0c3b7e44";

  static final GuardConfig INSTANCES = TestConfigs.instances(
      Map.of("comp_a", Set.of("comp_a", "comp_b"), "comp_b", Set.of("comp_b"), "comp_c", Set.of("comp_c")),
      new Allowlist(Set.of("https://feeds.example/list.txt"), Set.of("updates.example")),
      List.of(TestConfigs.blockRule("no-passports", "passport-number")),
      TestConfigs.instance("inst_a", "10.0.0.1", "misp-a.example", 443, "comp_a"),
      TestConfigs.instance("inst_b", "10.0.0.2", "misp-b.example", 8443, "comp_b"),
      TestConfigs.instance("inst_c", "10.0.0.3", "misp-c.example", 443, "comp_c"),
      TestConfigs.instance("inst_v6", "fd00::7", "misp-v6.example", 443, "comp_b"));

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  static RequestFacts facts(String client, String method, String host, int port, String target) {
    return new RequestFacts(ip(client), method, "https", host, port, target);
  }

  private final Policy policy = Policy.of(INSTANCES);

  private RequestDecision fromA(String method, String host, int port, String target) {
    return policy.request(facts("10.0.0.1", method, host, port, target));
  }

  private String refusal(String client, String host, int port, String target) {
    return policy.request(facts(client, "GET", host, port, target)).verdict().reason();
  }

  @Test
  void aSyncRequestBetweenReachableInstancesIsAllowed() {
    RequestDecision decision = fromA("POST", "misp-b.example", 8443, "/events/add/metadata:1");
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertEquals("inst_a", decision.source().orElseThrow().id());
    assertEquals("inst_b", decision.destination().orElseThrow().id());
    assertEquals("/events/add{named}", decision.endpoint().orElseThrow().pattern());
    assertEquals("/events/add/metadata:1", decision.path());
    assertFalse(decision.allowlisted());
    assertEquals(Optional.empty(), decision.notice());
  }

  @Test
  void anUnknownSourceIsRefusedWithTheReferenceWording() {
    assertEquals("source host 10.9.9.9 does not exist in instances hosts mapping",
        refusal("10.9.9.9", "misp-b.example", 8443, "/servers/getVersion"));
  }

  @Test
  void theSourceIsTheClientAddressNeverTheHostName() {
    assertEquals("source host 10.0.0.9 does not exist in instances hosts mapping",
        refusal("10.0.0.9", "misp-a.example", 443, "/servers/getVersion"));
  }

  @Test
  void anIpv4MappedClientAddressIsTheSameSource() {
    InetAddress mapped = HostNames.unmapped(ip("::ffff:10.0.0.1"));
    RequestDecision decision = policy.request(
        new RequestFacts(mapped, "GET", "https", "misp-b.example", 8443, "/servers/getVersion"));
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
  }

  @Test
  void anIpv6SourceIsRecognisedInAnySpelling() {
    RequestDecision decision =
        policy.request(facts("fd00:0:0::7", "GET", "misp-b.example", 8443, "/servers/getVersion"));
    assertEquals("inst_v6", decision.source().orElseThrow().id());
  }

  @Test
  void anUnknownDestinationIsRefusedWithTheReferenceWording() {
    RequestDecision decision = fromA("GET", "evil.example", 443, "/servers/getVersion");
    assertEquals("destination host evil.example does not exist in instances hosts mapping",
        decision.verdict().reason());
  }

  @Test
  void theDestinationMayBeNamedByHostInAnyCaseOrWithATrailingDot() {
    assertTrue(fromA("GET", "MISP-B.Example", 8443, "/servers/getVersion").verdict().allowed());
    assertTrue(fromA("GET", "misp-b.example.", 8443, "/servers/getVersion").verdict().allowed());
  }

  @Test
  void theDestinationMayBeNamedByItsAddress() {
    RequestDecision decision = fromA("GET", "10.0.0.2", 8443, "/servers/getVersion");
    assertEquals("inst_b", decision.destination().orElseThrow().id());
    RequestDecision v6 = fromA("GET", "[fd00::0:7]", 443, "/servers/getVersion");
    assertEquals("inst_v6", v6.destination().orElseThrow().id());
  }

  @Test
  void ambiguousAddressSpellingsAreNotTheInstance() {
    assertEquals("destination host 010.0.0.2 does not exist in instances hosts mapping",
        fromA("GET", "010.0.0.2", 8443, "/servers/getVersion").verdict().reason());
    assertFalse(fromA("GET", "167772162", 8443, "/servers/getVersion").verdict().allowed());
  }

  @Test
  void aPortOtherThanTheInstancePortIsRefused() {
    assertEquals("destination port is not allowed",
        fromA("GET", "misp-b.example", 443, "/servers/getVersion").verdict().reason());
  }

  @Test
  void anUnreachableCompartmentIsRefused() {
    RequestDecision decision = fromA("GET", "misp-c.example", 443, "/servers/getVersion");
    assertEquals("cannot reach compartment", decision.verdict().reason());
    assertEquals("inst_a", decision.source().orElseThrow().id());
    assertEquals("inst_c", decision.destination().orElseThrow().id());
  }

  @Test
  void reachabilityIsNotSymmetric() {
    assertEquals("cannot reach compartment", refusal("10.0.0.2", "misp-a.example", 443, "/servers/getVersion"));
  }

  @Test
  void compartmentIsCheckedBeforePortAsTheReferenceDoes() {
    assertEquals("cannot reach compartment",
        fromA("GET", "misp-c.example", 1, "/servers/getVersion").verdict().reason());
  }

  @Test
  void refusalsAreForbidden() {
    assertEquals(403, fromA("GET", "misp-b.example", 8443, "/admin").verdict().status());
  }

  @Test
  void aPathOutsideTheCatalogueIsRefused() {
    RequestDecision decision = fromA("GET", "misp-b.example", 8443, "/admin/users/index");
    assertEquals("endpoint not allowed", decision.verdict().reason());
    assertEquals("/admin/users/index", decision.path());
    assertEquals(Optional.empty(), decision.endpoint());
  }

  @Test
  void aWrongMethodIsRefused() {
    assertEquals("endpoint not allowed",
        fromA("DELETE", "misp-b.example", 8443, "/servers/getVersion").verdict().reason());
    assertEquals("endpoint not allowed",
        fromA("get", "misp-b.example", 8443, "/servers/getVersion").verdict().reason());
  }

  @Test
  void anAmbiguousPathIsRefusedBeforeMatching() {
    RequestDecision decision = fromA("GET", "misp-b.example", 8443, "/servers/%2e%2e/servers/getVersion");
    assertEquals("ambiguous request path: percent-encoded dot", decision.verdict().reason());
    assertEquals("/servers/%2e%2e/servers/getVersion", decision.path());
  }

  @Test
  void aQueryStringMatchesNothing() {
    assertTrue(fromA("GET", "misp-b.example", 8443, "/servers/getVersion?x=1").verdict().blocked());
  }

  @Test
  void encodedArrayBracketsAreMatchedDecoded() {
    RequestDecision decision = fromA("GET", "misp-b.example", 8443,
        "/analyst_data/index/Note/uuid%5B%5D:" + UUID + ".json");
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertEquals("/analyst_data/index/Note/uuid[]:" + UUID + ".json", decision.path());
  }

  @Test
  void anAbsoluteFormTargetIsMatchedOnItsPath() {
    RequestDecision decision = policy.request(new RequestFacts(ip("10.0.0.1"), "GET", "http",
        "misp-b.example", 8443, "http://misp-b.example:8443/servers/getVersion"));
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertEquals("/servers/getVersion", decision.path());
  }

  @Test
  void anAbsoluteFormTargetNamingAnotherHostIsRefused() {
    RequestDecision decision = policy.request(new RequestFacts(ip("10.0.0.1"), "GET", "http",
        "misp-b.example", 8443, "http://misp-c.example:8443/servers/getVersion"));
    assertEquals("request target does not match the destination", decision.verdict().reason());
  }

  @Test
  void anAbsoluteFormTargetNamingAnotherPortIsRefused() {
    RequestDecision decision = policy.request(new RequestFacts(ip("10.0.0.1"), "GET", "http",
        "misp-b.example", 8443, "http://misp-b.example/servers/getVersion"));
    assertTrue(decision.verdict().blocked());
  }

  @Test
  void anAsteriskTargetIsRefused() {
    assertEquals("endpoint not allowed", fromA("OPTIONS", "misp-b.example", 8443, "*").verdict().reason());
  }

  @Test
  void anAllowlistedUrlSkipsEndpointRulesAndSaysSo() {
    RequestDecision decision = fromA("GET", "feeds.example", 443, "/list.txt");
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertTrue(decision.allowlisted());
    assertEquals(Optional.of("url https://feeds.example/list.txt was allowed by the allowlist"),
        decision.notice());
    assertEquals(Optional.empty(), decision.endpoint());
  }

  @Test
  void onlyTheExactAllowlistedUrlIsAllowed() {
    assertTrue(fromA("GET", "feeds.example", 443, "/list.txt?x=1").verdict().blocked());
    assertTrue(fromA("GET", "feeds.example", 443, "/other.txt").verdict().blocked());
    assertTrue(fromA("GET", "feeds.example", 443, "/./list.txt").verdict().blocked());
    assertTrue(fromA("GET", "feeds.example", 8443, "/list.txt").verdict().blocked());
    assertTrue(policy.request(new RequestFacts(ip("10.0.0.1"), "GET", "http", "feeds.example", 443,
        "/list.txt")).verdict().blocked());
  }

  @Test
  void anAllowlistedDomainSkipsEndpointRulesForAnyPath() {
    RequestDecision decision = fromA("POST", "updates.example", 443, "/anything/at/all?v=2");
    assertTrue(decision.verdict().allowed());
    assertTrue(decision.allowlisted());
    assertEquals(Optional.of("domain updates.example was allowed by the allowlist"), decision.notice());
  }

  @Test
  void theAllowlistStillNeedsAKnownSource() {
    assertEquals("source host 192.0.2.1 does not exist in instances hosts mapping",
        refusal("192.0.2.1", "updates.example", 443, "/anything"));
  }

  @Test
  void aBrokenRequestFailsClosed() {
    RequestDecision decision = policy.request(new RequestFacts(ip("10.0.0.1"), "GET", "https",
        null, 443, "/servers/getVersion"));
    assertEquals("unexpected error, rejecting request", decision.verdict().reason());
  }
}
