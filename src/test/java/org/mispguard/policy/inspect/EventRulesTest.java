package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.event;
import static org.mispguard.policy.inspect.Check.eventReason;

import org.junit.jupiter.api.Test;

/** Event-level rules (SPEC §5.2): tags, taxonomies, distribution, sharing group, reports. */
class EventRulesTest {

  private static final Rules INSTANCE = Rules.instance("inst_a");

  @Test
  void anEventWithoutRulesInTheWayPasses() {
    assertEquals("", eventReason(event("'Tag':[{'name':'tlp:green'}],'Attribute':[" + attribute("") + "]"),
        INSTANCE.tags("tlp:red").distributions(0)));
  }

  @Test
  void aBodyWithoutEventIsRefused() {
    assertEquals("no `Event` property in request body", eventReason("{'event':{}}"));
    assertEquals("no `Event` property in request body", eventReason("[{'Event':{}}]"));
  }

  @Test
  void anEventThatIsNotAnObjectIsRefused() {
    assertEquals("Event is not an object", eventReason("{'Event':'x'}"));
  }

  @Test
  void blockedEventTag() {
    assertEquals("event has blocked tag: tlp:red",
        eventReason(event("'Tag':[{'name':'tlp:green'},{'name':'tlp:red'}]"), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void blockedTagIsFoundWhateverItsSpellingAndQuotedAsSent() {
    assertEquals("event has blocked tag:  TLP:Red ",
        eventReason(event("'Tag':[{'name':' TLP:Red '}]"), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void blockedTagInEventTagLinks() {
    assertEquals("event has blocked tag: tlp:red",
        eventReason(event("'EventTag':[{'Tag':{'name':'tlp:red'}}]"), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void aSingleTagObjectCountsAsAListOfOne() {
    assertEquals("event has blocked tag: tlp:red",
        eventReason(event("'Tag':{'name':'tlp:red'}"), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void aPhpListWithGapsCounts() {
    assertEquals("event has blocked tag: tlp:red",
        eventReason(event("'Tag':{'0':{'name':'x'},'2':{'name':'tlp:red'}}"), Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void blockedTagOfAGalaxyClusterAttachedToTheEvent() {
    String galaxy = "'Galaxy':[{'name':'Threat Actor','GalaxyCluster':[{'tag_name':'misp-galaxy:threat-actor=\\'X\\'','distribution':3}]}]";
    assertEquals("event has blocked tag: misp-galaxy:threat-actor=\"X\"",
        eventReason(event(galaxy), Rules.instance("a").tags("misp-galaxy:threat-actor=\"x\"")));
  }

  @Test
  void galaxyClusterAttachedToTheEventWithBlockedDistribution() {
    String galaxy = "'Galaxy':[{'GalaxyCluster':[{'tag_name':'misp-galaxy:x','distribution':0}]}]";
    assertEquals("galaxy cluster has blocked distribution level: 0",
        eventReason(event(galaxy), Rules.instance("a").distributions(0)));
  }

  @Test
  void blockedEventDistribution() {
    assertEquals("event has blocked distribution level: 0",
        eventReason("{'Event':{'distribution':0}}", Rules.instance("a").distributions(0)));
    assertEquals("", eventReason("{'Event':{'distribution':1}}", Rules.instance("a").distributions(0)));
  }

  @Test
  void anEventWithoutDistributionIsRefused() {
    assertEquals("event has no distribution", eventReason("{'Event':{'info':'x'}}"));
  }

  @Test
  void blockedEventSharingGroup() {
    String event = event("'SharingGroup':{'name':'sg','uuid':'B9E656BA-B9C0-4506-83ED-7B54B43A57CB'}");
    assertEquals("event has blocked sharing group uuid: B9E656BA-B9C0-4506-83ED-7B54B43A57CB",
        eventReason(event, Rules.instance("a").sharingGroups("b9e656ba-b9c0-4506-83ed-7b54b43a57cb")));
    assertEquals("", eventReason(event, Rules.instance("a").sharingGroups("00000000-b9c0-4506-83ed-7b54b43a57cb")));
  }

  @Test
  void aSharingGroupWithoutUuidIsRefused() {
    assertEquals("event SharingGroup has no uuid", eventReason(event("'SharingGroup':{'name':'sg'}")));
  }

  @Test
  void anEmptyPhpArrayAsSharingGroupIsNoSharingGroup() {
    assertEquals("", eventReason(event("'SharingGroup':[]"), Rules.instance("a").sharingGroups("x")));
  }

  @Test
  void blockedEventReportDistribution() {
    String event = event("'EventReport':[{'name':'r','distribution':1},{'name':'r2','distribution':'0'}]");
    assertEquals("event report has blocked distribution level: 0", eventReason(event, Rules.instance("a").distributions(0)));
    assertEquals("", eventReason(event, Rules.instance("a").distributions(4)));
  }

  @Test
  void eventShadowAttributesAreAttributes() {
    String event = event("'ShadowAttribute':[" + attribute("").replace("ip-src", "passport-number") + "]");
    assertEquals("attribute with a blocked type: passport-number", eventReason(event, Rules.instance("a").types("passport-number")));
  }
}
