package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.bytes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mispguard.config.RuleSet;

/**
 * An event's attributes and objects are judged while the body is read, before the event's own
 * members that follow them: the findings, their order and what ends the inspection stay those of
 * walking the whole event in the reference order (tags, distribution, reports, ..., attributes,
 * objects, proposals), as a small event is walked once read.
 */
class EarlyJudgementTest {

  private static final RuleSet RULES =
      Rules.blockRule("r").tags("tlp:red").types("passport-number").distributions(0).objectTypes("person").build();

  /** Judged as a large event is: its attributes and objects as they are read. */
  private static List<Finding> inspect(String json, boolean all) {
    List<Finding> judgedWhileRead = inspect(json, all, true);
    assertEquals(inspect(json, all, false), judgedWhileRead, "as when the whole event is walked once read");
    return judgedWhileRead;
  }

  private static List<Finding> inspect(String json, boolean all, boolean judgeWhileRead) {
    byte[] body = bytes(json);
    return Inspector.inspect(DocumentKind.EVENT, ArrivingBody.whole(body, 0, body.length), List.of(RULES), null, all,
        judgeWhileRead);
  }

  private static String reason(String json) {
    List<Finding> found = inspect(json, false);
    return found.isEmpty() ? "" : found.get(0).reason();
  }

  /** An event whose attributes come before its own tags and distribution, as MISP writes it. */
  private static String event(String attributes, String objects, String tags, String distribution) {
    return "{'Event':{'Attribute':[" + attributes + "],'Object':[" + objects + "],'Tag':[" + tags + "],"
        + "'distribution':" + distribution + "}}";
  }

  private static final String PASSPORT = attribute("'type':'passport-number'").replace("'type':'ip-src',", "");
  private static final String PERSON = "{'name':'person','distribution':1,'Attribute':[" + PASSPORT + "]}";

  @Test
  void theEventsOwnFindingsComeFirstThoughItsAttributesWereReadFirst() {
    assertEquals("event has blocked tag: tlp:red. blocked by rule: r",
        reason(event(PASSPORT, PERSON, "{'name':'tlp:red'}", "1")));
    assertEquals("event has blocked distribution level: 0. blocked by rule: r", reason(event(PASSPORT, "", "", "0")));
    assertEquals("attribute with a blocked type: passport-number. blocked by rule: r", reason(event(PASSPORT, PERSON, "", "1")));
    assertEquals("object with a blocked type: person. blocked by rule: r", reason(event(attribute(""), PERSON, "", "1")));
  }

  @Test
  void explainListsEveryFindingInTheReferenceOrder() {
    assertEquals(List.of(
        "event has blocked tag: tlp:red. blocked by rule: r",
        "event has blocked distribution level: 0. blocked by rule: r",
        "attribute with a blocked type: passport-number. blocked by rule: r",
        "attribute with a blocked distribution level: 0. blocked by rule: r",
        "object with a blocked type: person. blocked by rule: r",
        "attribute with a blocked type: passport-number. blocked by rule: r"),
        inspect(event(PASSPORT + "," + attribute("'distribution':0"), PERSON, "{'name':'tlp:red'}", "0"), true)
            .stream().map(Finding::reason).toList());
  }

  @Test
  void aMalformedElementEndsTheInspectionWhereTheWalkMeetsIt() {
    String noType = "{'category':'Other'}";
    assertEquals("event has blocked tag: tlp:red. blocked by rule: r", reason(event(noType, "", "{'name':'tlp:red'}", "1")));
    assertEquals("attribute has no type", reason(event(noType + "," + PASSPORT, "", "", "1")));
    assertEquals(List.of("attribute with a blocked type: passport-number. blocked by rule: r", "attribute has no type"),
        inspect(event(PASSPORT + "," + noType + "," + PASSPORT, PERSON, "", "1"), true).stream().map(Finding::reason).toList());
    assertEquals("event has no distribution", reason("{'Event':{'Attribute':[" + PASSPORT + "]}}"));
  }

  @Test
  void aBodyThatIsNotJsonAfterAllIsRefusedAsSuch() {
    assertEquals("invalid JSON body", reason(event(PASSPORT, PERSON, "", "1") + "x"));
    assertEquals("duplicate key: distribution", reason(event(PASSPORT, "", "", "1").replace("}}", ",'distribution':2}}")));
  }
}
