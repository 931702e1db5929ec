package org.mispguard.compat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where SPEC.md is stricter than the reference addon, the same configuration blocks what the
 * addon would let through (compat/stricter-scenarios.csv). Everything else must match the addon.
 */
class StricterThanReferenceTest {

  static TrafficReplay replay;

  @BeforeAll
  static void loadTheSampleShapedConfiguration() throws Exception {
    replay = TrafficReplay.ofResource("/compat/config.json");
  }

  static List<Scenario> scenarios() {
    return ScenarioTable.read("/compat/stricter-scenarios.csv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void blockedWhereTheSpecificationAsksForMore(Scenario scenario) {
    ScenarioAssertions.assertOutcome(scenario, replay.replay(scenario));
  }
}
