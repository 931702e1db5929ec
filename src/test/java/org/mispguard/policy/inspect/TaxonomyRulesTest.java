package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.event;
import static org.mispguard.policy.inspect.Check.eventReason;

import org.junit.jupiter.api.Test;

/** Required taxonomies and allowed tags, at event and attribute level as the reference checks them. */
class TaxonomyRulesTest {

  private static final Rules TLP = Rules.instance("a").required("tlp");
  private static final String GREEN = "'Tag':[{'name':'tlp:green'}]";

  @Test
  void anEventWithoutAnyTagListLacksEveryTaxonomy() {
    assertEquals("event is missing required taxonomies", eventReason(event(""), TLP));
  }

  @Test
  void anEventWithoutATagOfTheTaxonomyIsRefused() {
    assertEquals("event is missing required taxonomy: tlp", eventReason(event("'Tag':[{'name':'pap:white'}]"), TLP));
  }

  @Test
  void anyTagOfTheTaxonomyWillDoWhenNoneAreListed() {
    assertEquals("", eventReason(event("'Tag':[{'name':'TLP:Amber'}]"), TLP));
  }

  @Test
  void eventTagLinksCountAsTags() {
    assertEquals("", eventReason(event("'EventTag':[{'Tag':{'name':'tlp:green'}}]"), TLP));
  }

  @Test
  void onlyAllowedTagsOfTheTaxonomyWillDoWhenListed() {
    Rules rules = Rules.instance("a").required("tlp").allowed("tlp", "tlp:clear", "tlp:green");
    assertEquals("", eventReason(event(GREEN), rules));
    assertEquals("event is missing required taxonomy: tlp", eventReason(event("'Tag':[{'name':'tlp:amber'}]"), rules));
  }

  @Test
  void everyAttributeNeedsTheTaxonomyToo() {
    String untagged = event(GREEN + ",'Attribute':[" + attribute("") + "]");
    assertEquals("attribute is missing required taxonomies", eventReason(untagged, TLP));
    String wrongTag = event(GREEN + ",'Attribute':[" + attribute("'Tag':[{'name':'pap:red'}]") + "]");
    assertEquals("event is missing required taxonomy: tlp", eventReason(wrongTag, TLP));
    String tagged = event(GREEN + ",'Attribute':[" + attribute(GREEN) + "]");
    assertEquals("", eventReason(tagged, TLP));
  }

  @Test
  void aBlockedTagStillBlocksAnEventThatHasItsTaxonomies() {
    assertEquals("event has blocked tag: tlp:red",
        eventReason(event("'Tag':[{'name':'tlp:red'}]"), Rules.instance("a").required("tlp").tags("tlp:red")));
  }
}
