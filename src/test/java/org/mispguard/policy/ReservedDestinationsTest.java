package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.PolicyRequestTest.ip;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mispguard.config.Allowlist;

/**
 * The admin listener is never a destination (SPEC §8), even where the configuration would let the
 * request through: seed format (any destination), an allowlisted {@code localhost}, an instance
 * pinned to the admin address.
 */
class ReservedDestinationsTest {

  static final String REFUSAL = "destination is the guard's own admin listener";
  static final Allowlist LOCALHOST = new Allowlist(Set.of(), Set.of("localhost"));

  private static Policy seedReserving(String host, int port) {
    return Policy.of(TestConfigs.seed(List.of(), List.of(), LOCALHOST),
        ReservedDestinations.of(List.of(new InetSocketAddress(host, port))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "LOCALHOST.", "metrics.localhost", "::ffff:127.0.0.1", "0.0.0.0"})
  void everySpellingOfALoopbackAdminListenerIsRefused(String host) {
    Policy policy = seedReserving("127.0.0.1", 9100);

    assertEquals(REFUSAL, policy.connect(ip("10.0.0.1"), host, 9100).verdict().reason());
    assertEquals(REFUSAL, policy.request(new RequestFacts(ip("10.0.0.1"), "GET", "http", host, 9100, "/metrics"))
        .verdict().reason());
  }

  @Test
  void otherPortsAndOtherAddressesStillPass() {
    Policy policy = seedReserving("127.0.0.1", 9100);

    assertTrue(policy.connect(ip("10.0.0.1"), "localhost", 9101).verdict().allowed());
    assertTrue(policy.connect(ip("10.0.0.1"), "127.0.0.2", 9100).verdict().allowed(),
        "a socket bound to 127.0.0.1 is not reached through 127.0.0.2");
  }

  @Test
  void aWildcardAdminListenerIsReachedThroughAnyLocalAddressButNotARemoteOne() {
    Policy policy = seedReserving("0.0.0.0", 9100);

    assertEquals(REFUSAL, policy.connect(ip("10.0.0.1"), "127.0.0.2", 9100).verdict().reason());
    assertEquals(REFUSAL, policy.connect(ip("10.0.0.1"), "::1", 9100).verdict().reason());
    assertTrue(policy.connect(ip("10.0.0.1"), "192.0.2.10", 9100).verdict().allowed());
  }

  @Test
  void anInstancePinnedToTheAdminAddressIsRefusedByItsName() {
    Policy policy = Policy.of(TestConfigs.instances(Map.of("c", Set.of("c")), Allowlist.EMPTY, List.of(),
            TestConfigs.instance("inst_a", "10.0.0.1", "misp-a.example", 443, "c"),
            TestConfigs.instance("inst_b", "127.0.0.1", "misp-b.example", 9100, "c")),
        ReservedDestinations.of(List.of(new InetSocketAddress("127.0.0.1", 9100))));

    assertEquals(REFUSAL, policy.connect(ip("10.0.0.1"), "misp-b.example", 9100).verdict().reason());
  }

  @Test
  void theAddressTheGuardDialsIsRefusedWhateverNameLedToIt() {
    Policy policy = seedReserving("127.0.0.1", 9100);

    assertEquals(REFUSAL, policy.dialling(new InetSocketAddress("127.0.0.1", 9100)).reason());
    assertEquals(REFUSAL, policy.dialling(new InetSocketAddress("0.0.0.0", 9100)).reason());
    assertTrue(policy.dialling(new InetSocketAddress("127.0.0.1", 9101)).allowed());
    assertTrue(policy.dialling(new InetSocketAddress("192.0.2.10", 9100)).allowed());
    assertTrue(policy.dialling(InetSocketAddress.createUnresolved("misp.example", 9100)).allowed());
  }
}
