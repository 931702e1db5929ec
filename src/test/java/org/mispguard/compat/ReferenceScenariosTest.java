package org.mispguard.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mispguard.policy.ConnectDecision;

/**
 * A configuration of the reference addon's own sample shape judges the reference's test traffic as
 * the addon does: same allow or deny, same reason wording (compat/reference-scenarios.csv) — except
 * where SPEC.md is stricter, and the addon's traffic is blocked (compat/stricter-scenarios.csv).
 */
class ReferenceScenariosTest {

  /** Reasons that concern who talks to whom, which a CONNECT must already give. */
  private static final Set<String> TUNNEL_REASON_STARTS =
      Set.of("source host ", "destination host ", "destination port ", "cannot reach compartment");

  static TrafficReplay replay;

  @BeforeAll
  static void loadTheSampleShapedConfiguration() throws Exception {
    replay = TrafficReplay.ofResource("/compat/config.json");
  }

  static Stream<Scenario> scenarios() {
    return Stream.concat(ScenarioTable.read("/compat/reference-scenarios.csv").stream(),
        ScenarioTable.read("/compat/stricter-scenarios.csv").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void judgedAsTheReferenceJudgesItOrAsTheSpecificationDemands(Scenario scenario) {
    ScenarioAssertions.assertOutcome(scenario, replay.replay(scenario));
  }

  static Stream<Scenario> productDeviations() {
    return ScenarioTable.read("/compat/product-deviations.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("productDeviations")
  void judgedAsTheSpecificationDemandsOnceFixed(Scenario scenario) {
    ScenarioAssertions.assertOutcome(scenario, replay.replay(scenario));
  }

  static Stream<Scenario> tunnelledScenarios() {
    return scenarios().filter(s -> TrafficReplay.Destination.parse(s.to()).scheme().equals("https"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tunnelledScenarios")
  void theTunnelIsRefusedForTheSameReasonAsItsRequests(Scenario scenario) {
    ConnectDecision tunnel = replay.tunnel(scenario);
    boolean refusedForAccess = !scenario.allowed()
        && TUNNEL_REASON_STARTS.stream().anyMatch(scenario.reason()::startsWith);
    if (refusedForAccess) {
      assertEquals(scenario.reason(), tunnel.verdict().reason());
    } else {
      assertTrue(tunnel.verdict().allowed(), () -> "CONNECT refused: " + tunnel.verdict().reason());
    }
  }
}
