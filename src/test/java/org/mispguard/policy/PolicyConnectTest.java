package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.PolicyRequestTest.INSTANCES;
import static org.mispguard.policy.PolicyRequestTest.ip;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mispguard.config.Allowlist;
import org.mispguard.config.Instance;

/** CONNECT decisions (refused before any TLS handshake) and the pinning of instance hosts. */
class PolicyConnectTest {

  private final Policy policy = Policy.of(INSTANCES);

  private static Policy oneCompartment(Instance... instances) {
    return Policy.of(TestConfigs.instances(Map.of("c", Set.of("c")), Allowlist.EMPTY, List.of(), instances));
  }

  private ConnectDecision connectFromA(String host, int port) {
    return policy.connect(ip("10.0.0.1"), host, port);
  }

  @Test
  void aTunnelToAReachableInstanceIsAllowed() {
    ConnectDecision decision = connectFromA("misp-b.example", 8443);
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertEquals("inst_a", decision.source().orElseThrow().id());
    assertEquals("inst_b", decision.destination().orElseThrow().id());
  }

  @Test
  void aTunnelToAnUnknownHostIsRefused() {
    assertEquals("destination host evil.example does not exist in instances hosts mapping",
        connectFromA("evil.example", 443).verdict().reason());
  }

  @Test
  void aTunnelToTheWrongPortIsRefused() {
    assertEquals("destination port is not allowed", connectFromA("misp-b.example", 443).verdict().reason());
  }

  @Test
  void aTunnelToAnUnreachableCompartmentIsRefused() {
    assertEquals("cannot reach compartment", connectFromA("misp-c.example", 443).verdict().reason());
  }

  @Test
  void aTunnelFromAnUnknownClientIsRefused() {
    assertEquals("source host 192.0.2.1 does not exist in instances hosts mapping",
        policy.connect(ip("192.0.2.1"), "misp-b.example", 8443).verdict().reason());
  }

  @Test
  void aTunnelToAnAllowlistedDomainIsAllowedOnAnyPort() {
    assertTrue(connectFromA("updates.example", 443).verdict().allowed());
    assertTrue(connectFromA("UPDATES.example.", 8080).verdict().allowed());
    assertTrue(policy.connect(ip("192.0.2.1"), "updates.example", 443).verdict().blocked());
  }

  @Test
  void aTunnelToTheHostAndPortOfAnAllowlistedUrlIsAllowed() {
    assertTrue(connectFromA("feeds.example", 443).verdict().allowed());
    assertEquals("destination host feeds.example does not exist in instances hosts mapping",
        connectFromA("feeds.example", 8443).verdict().reason());
  }

  @Test
  void anExplicitDefaultPortInAnAllowlistedUrlIsTheSameUrl() {
    Policy explicit = Policy.of(TestConfigs.seed(List.of(), List.of(),
        new Allowlist(Set.of("https://Feeds.Example:443/list.txt", "http://plain.example:8080/a"), Set.of())));
    RequestDecision decision =
        explicit.request(PolicyRequestTest.facts("10.0.0.1", "GET", "feeds.example", 443, "/list.txt"));
    assertEquals(Optional.of("url https://feeds.example/list.txt was allowed by the allowlist"),
        decision.notice());
    RequestDecision plain = explicit.request(new RequestFacts(ip("10.0.0.1"), "GET", "http",
        "plain.example", 8080, "http://plain.example:8080/a"));
    assertEquals(Optional.of("url http://plain.example:8080/a was allowed by the allowlist"), plain.notice());
  }

  @Test
  void theSeedFormatAllowsAnyTunnelToAnAllowedClient() {
    Policy seed = Policy.of(TestConfigs.seed(List.of(), List.of("10.0.0.0/8"), Allowlist.EMPTY));
    assertTrue(seed.connect(ip("10.1.2.3"), "anything.example", 443).verdict().allowed());
    assertEquals("source host 192.0.2.1 is not in allowed_clients",
        seed.connect(ip("192.0.2.1"), "anything.example", 443).verdict().reason());
  }

  @Test
  void aBrokenConnectFailsClosed() {
    assertTrue(policy.connect(ip("10.0.0.1"), null, 443).verdict().blocked());
  }

  @Test
  void instanceHostsArePinnedToTheirConfiguredAddress() {
    assertEquals(ip("10.0.0.2"), policy.pinnedAddress("misp-b.example"));
    assertEquals(ip("10.0.0.2"), policy.pinnedAddress("MISP-B.EXAMPLE."));
    assertEquals(ip("10.0.0.2"), policy.pinnedAddress("10.0.0.2"));
    assertEquals(ip("fd00::7"), policy.pinnedAddress("[fd00::7]"));
  }

  @Test
  void otherHostsAreLeftToDns() {
    assertNull(policy.pinnedAddress("updates.example"));
    assertNull(policy.pinnedAddress("evil.example"));
    assertNull(Policy.of(TestConfigs.seed(List.of(), List.of(), Allowlist.EMPTY)).pinnedAddress("misp-b.example"));
  }

  @Test
  void aHostClaimedByTwoInstancesIsNeitherPinnedNorReachable() {
    Policy clash = oneCompartment(
        TestConfigs.instance("one", "10.0.0.1", "shared.example", 443, "c"),
        TestConfigs.instance("two", "10.0.0.2", "shared.example", 443, "c"));
    assertNull(clash.pinnedAddress("shared.example"));
    assertTrue(clash.connect(ip("10.0.0.1"), "shared.example", 443).verdict().blocked());
    assertTrue(clash.connect(ip("10.0.0.1"), "10.0.0.2", 443).verdict().allowed());
  }

  @Test
  void anInstanceWhoseIpIsNotAnAddressIsIgnoredRatherThanResolved() {
    Policy named = oneCompartment(
        TestConfigs.instance("one", "10.0.0.1", "one.example", 443, "c"),
        TestConfigs.instance("two", "localhost", "two.example", 443, "c"));
    assertNull(named.pinnedAddress("two.example"));
    assertTrue(named.connect(ip("10.0.0.1"), "two.example", 443).verdict().blocked());
  }
}
