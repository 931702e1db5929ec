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
    String list = eventList(path, depth);
    return list == null ? element : judge(element, list);
  }

  /** {@code "Attribute"} or {@code "Object"} when the list at {@code path} is that list of the event, else null. */
  private static String eventList(Object[] path, int depth) {
    if (depth != LIST_DEPTH || !"Event".equals(path[1])) {
      return null;
    }
    return "Attribute".equals(path[2]) ? "Attribute" : "Object".equals(path[2]) ? "Object" : null;
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
    String list = element instanceof Map<?, ?> members && members.containsKey("Attribute") ? "Object" : "Attribute";
    return new Foreseen(list, judge(element, list));
  }

  @Override
  public Object takeOver(Object[] path, int depth, Object foreseen) {
    Foreseen judged = (Foreseen) foreseen;
    return judged.list().equals(eventList(path, depth)) ? judged.outcome() : null;
  }

  /** What judging an element read ahead gave, as an element of the event's list {@code list}. */
  private record Foreseen(String list, Judged outcome) {}

  /** What {@link DocumentWalker#event} does with each element of {@code list}, done now. */
  private Judged judge(Object element, String list) {
    try {
      if (list.equals("Attribute")) {
        walker.attribute(Shapes.object(element, list));
      } else {
        walker.object(Shapes.object(element, list));
      }
    } catch (RuntimeException | StackOverflowError e) {
      return new Judged(found.take(), e);
    }
    List<Finding> findings = found.take();
    return findings.isEmpty() ? Judged.CLEAN : new Judged(findings, null);
  }
}
