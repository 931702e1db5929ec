package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.PolicyRequestTest.facts;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mispguard.config.Allowlist;

/** The seed format: no instances, optional allowed_clients, sync endpoints only. */
class PolicySeedRequestTest {

  private final Policy open = Policy.of(TestConfigs.seed(List.of(), List.of(), Allowlist.EMPTY));
  private final Policy restricted = Policy.of(TestConfigs.seed(List.of(),
      List.of("10.0.0.0/24", "fd00::/64"), new Allowlist(Set.of(), Set.of("updates.example"))));

  @Test
  void anyClientMayReachAnyDestinationOnSyncEndpoints() {
    RequestDecision decision =
        open.request(facts("198.51.100.7", "GET", "whatever.example", 9999, "/servers/getVersion"));
    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertEquals(Optional.empty(), decision.source());
    assertEquals(Optional.empty(), decision.destination());
  }

  @Test
  void onlySyncEndpointsPass() {
    assertEquals("endpoint not allowed",
        open.request(facts("198.51.100.7", "GET", "h", 443, "/users/index")).verdict().reason());
  }

  @Test
  void allowedClientsRestrictTheSource() {
    assertTrue(restricted.request(facts("10.0.0.77", "GET", "h", 443, "/servers/getVersion"))
        .verdict().allowed());
    assertTrue(restricted.request(facts("fd00::1234", "GET", "h", 443, "/servers/getVersion"))
        .verdict().allowed());
    assertEquals("source host 10.0.1.1 is not in allowed_clients",
        restricted.request(facts("10.0.1.1", "GET", "h", 443, "/servers/getVersion")).verdict().reason());
  }

  @Test
  void theAllowlistAppliesInTheSeedFormatToo() {
    RequestDecision decision = restricted.request(facts("10.0.0.5", "GET", "updates.example", 443, "/x"));
    assertTrue(decision.allowlisted());
    assertTrue(restricted.request(facts("10.9.0.5", "GET", "updates.example", 443, "/x")).verdict().blocked());
  }
}
