package org.mispguard.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

/** What a scenario row demands of the guard's outcome; every table is judged alike. */
final class ScenarioAssertions {

  private ScenarioAssertions() {}

  static void assertOutcome(Scenario scenario, TrafficReplay.Outcome outcome) {
    if (scenario.allowed()) {
      assertTrue(outcome.verdict().allowed(), () -> "blocked: " + outcome.verdict().reason());
      if (scenario.reason() != null) {
        assertEquals(Optional.of(scenario.reason()), outcome.notice());
      }
    } else {
      assertEquals(403, outcome.verdict().status(), () -> "status, reason " + outcome.verdict().reason());
      assertEquals(scenario.reason(), outcome.verdict().reason());
    }
  }
}
