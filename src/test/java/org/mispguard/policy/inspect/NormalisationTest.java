package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.event;
import static org.mispguard.policy.inspect.Check.eventReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No bypass by spelling (SPEC §5.3). */
class NormalisationTest {

  private static String eventWithDistribution(String distribution) {
    return "{'Event':{'info':'x','distribution':" + distribution + "}}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "'0'", "0.0", "'0.0'", "'0e0'", "' 0'", "'0 '", "false", "-0", "0E+3", "'.0'"})
  void everySpellingOfZeroIsZero(String zero) {
    assertEquals("event has blocked distribution level: " + zero.replace("'", ""),
        eventReason(eventWithDistribution(zero), Rules.instance("a").distributions(0)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "1", "'1'", "1.0", "'1e0'"})
  void everySpellingOfOneIsOne(String one) {
    assertEquals("event has blocked distribution level: " + one.replace("'", ""),
        eventReason(eventWithDistribution(one), Rules.instance("a").distributions(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"'abc'", "6", "-1", "1.5", "null", "[]", "{}", "''", "'0x1'", "'1abc'", "1e400"})
  void anythingElseIsMalformedEvenWithoutRules(String value) {
    String reason = eventReason(eventWithDistribution(value));
    assertEquals(true, reason.startsWith("event has malformed distribution level: "), reason);
  }

  @Test
  void malformedAttributeDistributionNamesTheAttribute() {
    assertEquals("attribute has malformed distribution level: abc",
        eventReason(event("'Attribute':[" + attribute("'distribution':'abc'") + "]")));
  }

  @Test
  void tagsCompareWithoutCaseOrSurroundingSpace() {
    assertEquals("attribute with a blocked tag: TLP:RED ",
        eventReason(event("'Attribute':[" + attribute("'Tag':[{'name':'\\tTLP:RED '}]") + "]"), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void reasonsCarryNoControlCharacters() {
    assertEquals("event has blocked tag: tlp:redX",
        eventReason(event("'Tag':[{'name':'tlp:red\\nX'}]"), Rules.instance("a").tags("tlp:red\nx")));
  }

  @Test
  void objectNamesCompareWithoutCase() {
    assertEquals("object with a blocked type: PERSON",
        eventReason(event("'Object':[{'name':'PERSON','distribution':1}]"), Rules.instance("a").objectTypes("person")));
  }

  @Test
  void duplicateKeysAtAnyDepthBlock() {
    assertEquals("duplicate key: Event", eventReason("{'Event':{'distribution':1},'Event':{'distribution':0}}"));
    assertEquals("duplicate key: name", eventReason(event("'Tag':[{'name':'tlp:red','name':'tlp:green'}]")));
    assertEquals("duplicate key: category", eventReason(event(
        "'Object':[{'name':'file','distribution':1,'Attribute':[{'type':'md5','category':'Person','category':'Other'}]}]")));
  }

  @Test
  void invalidJsonAndEmptyBodiesBlock() {
    assertEquals("invalid JSON body", eventReason("{'Event':"));
    assertEquals("empty message body", eventReason(""));
  }
}
