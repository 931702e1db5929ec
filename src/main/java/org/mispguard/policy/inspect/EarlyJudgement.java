package org.mispguard.policy.inspect;

import java.util.List;
import org.mispguard.config.RuleSet;

/**
 * Walks each attribute and object of an event ({@code Event.Attribute[]}, {@code Event.Object[]})
 * as soon as the reader has read it, while its bytes and tree are still in the processor's cache,
 * and lets the tree keep only the outcome. A large event then never holds its tens of thousands of
 * attribute trees at once, and the walk after reading does not fetch them back from memory. The
 * outcome ({@link Judged}) is replayed where the walker meets the element, in the walker's own
 * order, so findings and their order are those of walking the whole tree; a body that turns out
 * not to be JSON is still refused as such, whatever was judged before.
 */
final class EarlyJudgement implements StrictJson.ListElements {

  private static final int LIST_DEPTH = 3;

  private final Findings found = new Findings(true);
  private final DocumentWalker walker;

  EarlyJudgement(List<RuleSet> rules, String userOrgUuid) {
    walker = new DocumentWalker(new RuleChecks(rules, userOrgUuid, found));
  }

  @Override
  public Object read(Object[] path, int depth, Object element) {
    if (depth != LIST_DEPTH || !"Event".equals(path[1])) {
      return element;
    }
    if ("Attribute".equals(path[2])) {
      return judge(element, true);
    }
    if ("Object".equals(path[2])) {
      return judge(element, false);
    }
    return element;
  }

  /** What {@link DocumentWalker#event} does with each element of the list, done now. */
  private Judged judge(Object element, boolean attribute) {
    try {
      if (attribute) {
        walker.attribute(Shapes.object(element, "Attribute"));
      } else {
        walker.object(Shapes.object(element, "Object"));
      }
    } catch (RuntimeException | StackOverflowError e) {
      return new Judged(found.take(), e);
    }
    List<Finding> findings = found.take();
    return findings.isEmpty() ? Judged.CLEAN : new Judged(findings, null);
  }
}
