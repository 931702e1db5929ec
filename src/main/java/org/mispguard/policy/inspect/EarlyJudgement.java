package org.mispguard.policy.inspect;

import java.util.List;
import java.util.Map;
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

  private final List<RuleSet> rules;
  private final String userOrgUuid;
  private final Findings found = new Findings(true);
  private final DocumentWalker walker;

  EarlyJudgement(List<RuleSet> rules, String userOrgUuid) {
    this.rules = rules;
    this.userOrgUuid = userOrgUuid;
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

  @Override
  public StrictJson.ListElements forHelper() {
    return new EarlyJudgement(rules, userOrgUuid);
  }

  /**
   * An element read ahead is judged as what it looks like: an object of an event when it has
   * attributes of its own, else an attribute. Its tree is let go; an element taken over in the
   * other list is read again.
   */
  @Override
  public Object foresee(Object element) {
    boolean object = element instanceof Map<?, ?> members && members.containsKey("Attribute");
    return new Foreseen(!object, judge(element, !object));
  }

  @Override
  public Object takeOver(Object[] path, int depth, Object foreseen) {
    if (depth != LIST_DEPTH || !"Event".equals(path[1])) {
      return null;
    }
    Foreseen judged = (Foreseen) foreseen;
    return judged.asAttribute() ? ("Attribute".equals(path[2]) ? judged.outcome() : null)
        : "Object".equals(path[2]) ? judged.outcome() : null;
  }

  /** What judging an element read ahead gave, as an attribute or as an object of an event. */
  private record Foreseen(boolean asAttribute, Judged outcome) {}

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
