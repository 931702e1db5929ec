package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.event;
import static org.mispguard.policy.inspect.Check.eventReason;

import org.junit.jupiter.api.Test;

/** Attribute, object attribute and nested proposal rules (SPEC §5.2). */
class AttributeRulesTest {

  private static String inEvent(String attribute) {
    return event("'Attribute':[" + attribute + "]");
  }

  private static String inObject(String attribute) {
    return event("'Object':[{'name':'file','distribution':5,'Attribute':[" + attribute + "]}]");
  }

  private static String asProposal(String attribute) {
    return inEvent(attribute("'ShadowAttribute':[" + attribute + "]"));
  }

  private static final String PASSPORT = "{'type':'passport-number','category':'Person','value':'X1','distribution':'5'}";

  @Test
  void blockedTypeAtEveryLevel() {
    Rules rules = Rules.instance("a").types("passport-number");
    String reason = "attribute with a blocked type: passport-number";
    assertEquals(reason, eventReason(inEvent(PASSPORT), rules));
    assertEquals(reason, eventReason(inObject(PASSPORT), rules));
    assertEquals(reason, eventReason(asProposal(PASSPORT), rules));
    assertEquals("", eventReason(inEvent(attribute("")), rules));
  }

  @Test
  void blockedTypeIgnoresCaseAndSurroundingSpace() {
    String shouty = PASSPORT.replace("passport-number", " Passport-Number\\t");
    assertEquals("attribute with a blocked type:  Passport-Number",
        eventReason(inEvent(shouty), Rules.instance("a").types("passport-number")));
  }

  @Test
  void blockedCategoryAtEveryLevel() {
    Rules rules = Rules.instance("a").categories("person");
    assertEquals("attribute with a blocked category: Person", eventReason(inEvent(PASSPORT), rules));
    assertEquals("attribute with a blocked category: Person", eventReason(inObject(PASSPORT), rules));
    assertEquals("attribute with a blocked category: Person", eventReason(asProposal(PASSPORT), rules));
    assertEquals("", eventReason(inObject(attribute("")), rules));
  }

  @Test
  void blockedDistributionAtEveryLevel() {
    Rules rules = Rules.instance("a").distributions(0);
    String zero = attribute("'distribution':0");
    assertEquals("attribute with a blocked distribution level: 0", eventReason(inEvent(zero), rules));
    assertEquals("attribute with a blocked distribution level: 0", eventReason(inObject(zero), rules));
    assertEquals("attribute with a blocked distribution level: 0", eventReason(asProposal(zero), rules));
    assertEquals("", eventReason(inEvent(attribute("'distribution':5")), rules));
  }

  @Test
  void anAttributeWithoutDistributionInheritsAndIsNotChecked() {
    assertEquals("", eventReason(inEvent(attribute("")), Rules.instance("a").distributions(0, 5)));
  }

  @Test
  void blockedTagAtEveryLevel() {
    Rules rules = Rules.instance("a").tags("tlp:red");
    String tagged = attribute("'Tag':[{'name':'tlp:red'}]");
    assertEquals("attribute with a blocked tag: tlp:red", eventReason(inEvent(tagged), rules));
    assertEquals("attribute with a blocked tag: tlp:red", eventReason(inObject(tagged), rules));
    assertEquals("attribute with a blocked tag: tlp:red", eventReason(asProposal(tagged), rules));
    assertEquals("", eventReason(inEvent(attribute("'Tag':[{'name':'tlp:amber'}]")), rules));
  }

  @Test
  void blockedTagInAttributeTagLinks() {
    assertEquals("attribute with a blocked tag: tlp:red", eventReason(
        inEvent(attribute("'AttributeTag':[{'Tag':{'name':'tlp:red'}}]")), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void blockedTagOfAGalaxyClusterAttachedToTheAttribute() {
    String galaxy = attribute("'Galaxy':[{'GalaxyCluster':[{'tag_name':'misp-galaxy:x'}]}]");
    assertEquals("attribute with a blocked tag: misp-galaxy:x",
        eventReason(inEvent(galaxy), Rules.instance("a").tags("misp-galaxy:x")));
  }

  @Test
  void blockedSharingGroupAtEveryLevel() {
    Rules rules = Rules.instance("a").sharingGroups("5f3b0a3c-0000-4000-8000-000000000001");
    String grouped = attribute("'distribution':4,'SharingGroup':{'uuid':'5f3b0a3c-0000-4000-8000-000000000001'}");
    String reason = "attribute with a blocked sharing group uuid: 5f3b0a3c-0000-4000-8000-000000000001";
    assertEquals(reason, eventReason(inEvent(grouped), rules));
    assertEquals(reason, eventReason(inObject(grouped), rules));
    assertEquals(reason, eventReason(asProposal(grouped), rules));
    assertEquals("", eventReason(inEvent(attribute("'SharingGroup':{'uuid':'other'}")), rules));
  }

  @Test
  void blockedObjectType() {
    String object = event("'Object':[{'name':'Person','distribution':5,'Attribute':[]}]");
    assertEquals("object with a blocked type: Person", eventReason(object, Rules.instance("a").objectTypes("person")));
    assertEquals("", eventReason(object, Rules.instance("a").objectTypes("file")));
  }

  @Test
  void blockedObjectDistribution() {
    String object = event("'Object':[{'name':'file','distribution':'0','Attribute':[]}]");
    assertEquals("object with a blocked distribution level: 0", eventReason(object, Rules.instance("a").distributions(0)));
    assertEquals("", eventReason(object, Rules.instance("a").distributions(2)));
  }

  @Test
  void blockedObjectSharingGroup() {
    String object = event("'Object':[{'name':'file','distribution':4,'SharingGroup':{'uuid':'sg-1'},'Attribute':[]}]");
    assertEquals("object with a blocked sharing group uuid: sg-1", eventReason(object, Rules.instance("a").sharingGroups("SG-1")));
  }

  @Test
  void attributesNeedATypeAndACategory() {
    assertEquals("attribute has no type", eventReason(inEvent("{'category':'Other'}")));
    assertEquals("attribute has no category", eventReason(inEvent("{'type':'text'}")));
    assertEquals("attribute type is not a string", eventReason(inEvent("{'type':['a'],'category':'Other'}")));
  }

  @Test
  void wrongShapesAreRefused() {
    assertEquals("Attribute is not a list", eventReason(event("'Attribute':'x'")));
    assertEquals("Attribute is not an object", eventReason(event("'Attribute':[1]")));
    assertEquals("object has no name", eventReason(event("'Object':[{'distribution':1}]")));
  }
}
