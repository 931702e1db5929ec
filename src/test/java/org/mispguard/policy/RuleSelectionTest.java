package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mispguard.policy.PolicyRequestTest.INSTANCES;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mispguard.config.Allowlist;
import org.mispguard.config.Instance;
import org.mispguard.config.RuleSet;
import org.mispguard.policy.Endpoint.Direction;

/** Whose rules judge a document: the data's owner plus the global block rules. */
class RuleSelectionTest {

  private final RuleSelection selection = new RuleSelection(INSTANCES);
  private final Optional<Instance> instA = Optional.of(INSTANCES.instances().get("inst_a"));
  private final Optional<Instance> instB = Optional.of(INSTANCES.instances().get("inst_b"));

  private static List<String> ids(List<RuleSet> rules) {
    return rules.stream().map(RuleSet::id).toList();
  }

  @Test
  void aPushIsJudgedByTheSenderAndTheGlobalRules() {
    assertEquals(List.of("inst_a", "no-passports"), ids(selection.rulesFor(Direction.PUSH, instA, instB)));
  }

  @Test
  void aPullIsJudgedByTheServerPulledFromAndTheGlobalRules() {
    assertEquals(List.of("inst_b", "no-passports"), ids(selection.rulesFor(Direction.PULL, instA, instB)));
  }

  @Test
  void theSeedFormatAppliesEveryGlobalRuleInBothDirections() {
    RuleSelection seed = new RuleSelection(TestConfigs.seed(
        List.of(TestConfigs.blockRule("no-passports"), TestConfigs.blockRule("no-tlp-red")),
        List.of(), Allowlist.EMPTY));
    List<String> expected = List.of("no-passports", "no-tlp-red");
    assertEquals(expected, ids(seed.rulesFor(Direction.PUSH, Optional.empty(), Optional.empty())));
    assertEquals(expected, ids(seed.rulesFor(Direction.PULL, Optional.empty(), Optional.empty())));
  }

  @Test
  void aMissingOwnerIsAnErrorNotAnEmptyRuleSet() {
    assertThrows(IllegalArgumentException.class,
        () -> selection.rulesFor(Direction.PUSH, Optional.empty(), instB));
    assertThrows(IllegalArgumentException.class,
        () -> selection.rulesFor(Direction.PULL, instA, Optional.empty()));
    assertThrows(IllegalArgumentException.class,
        () -> selection.rulesFor(Direction.HANDSHAKE, instA, instB));
  }

  @Test
  void instancesAreFoundByIdForExplain() {
    assertEquals(instA, selection.instance(Optional.of("inst_a")));
    assertEquals(Optional.empty(), selection.instance(Optional.empty()));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> selection.instance(Optional.of("inst_z")));
    assertEquals("no instance with id inst_z in config.json", unknown.getMessage());
  }
}
