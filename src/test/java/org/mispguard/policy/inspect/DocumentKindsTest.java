package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.reason;

import org.junit.jupiter.api.Test;

/** The non-event documents of SPEC §4.3: proposals, galaxy clusters, analyst data (§5.4, §5.5). */
class DocumentKindsTest {

  private static final String PASSPORT = "{'type':'passport-number','category':'Person','value':'X1'}";
  private static final Rules PASSPORTS = Rules.instance("a").types("passport-number");
  private static final Rules ZERO = Rules.instance("a").distributions(0);

  @Test
  void pushedProposalsAreBareShadowAttributes() {
    assertEquals("attribute with a blocked type: passport-number",
        reason(DocumentKind.PROPOSALS, "[" + attribute("") + "," + PASSPORT + "]", PASSPORTS));
    assertEquals("", reason(DocumentKind.PROPOSALS, "[" + attribute("") + "]", PASSPORTS));
  }

  @Test
  void theProposalIndexWrapsEachShadowAttribute() {
    assertEquals("attribute with a blocked type: passport-number",
        reason(DocumentKind.SHADOW_ATTRIBUTE_INDEX, "[{'ShadowAttribute':" + PASSPORT + "}]", PASSPORTS));
    assertEquals("", reason(DocumentKind.SHADOW_ATTRIBUTE_INDEX, "[]", PASSPORTS));
  }

  @Test
  void proposalTagsAndCategoriesCount() {
    String tagged = "[{'ShadowAttribute':" + attribute("'Tag':[{'name':'tlp:red'}]") + "}]";
    assertEquals("attribute with a blocked tag: tlp:red",
        reason(DocumentKind.SHADOW_ATTRIBUTE_INDEX, tagged, Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void aProposalListThatIsNotAListIsRefused() {
    assertEquals("proposal list is not a list", reason(DocumentKind.PROPOSALS, "'x'"));
  }

  private static String cluster(String members) {
    return "{'GalaxyCluster':{'uuid':'c1','value':'APT X','tag_name':'misp-galaxy:threat-actor=\\'APT X\\''," + members + "}}";
  }

  @Test
  void pushedClusterWithBlockedDistribution() {
    assertEquals("galaxy cluster has blocked distribution level: 0",
        reason(DocumentKind.GALAXY_CLUSTER_LIST, "[" + cluster("'distribution':0") + "]", ZERO));
    assertEquals("", reason(DocumentKind.GALAXY_CLUSTER_LIST, "[" + cluster("'distribution':3") + "]", ZERO));
  }

  @Test
  void pulledClusterWithBlockedDistribution() {
    assertEquals("galaxy cluster has blocked distribution level: 0",
        reason(DocumentKind.GALAXY_CLUSTER, cluster("'distribution':'0'"), ZERO));
  }

  @Test
  void clusterTagNameAgainstBlockedTags() {
    assertEquals("galaxy cluster has blocked tag: misp-galaxy:threat-actor=\"APT X\"",
        reason(DocumentKind.GALAXY_CLUSTER, cluster("'distribution':3"),
            Rules.instance("a").tags("misp-galaxy:threat-actor=\"apt x\"")));
  }

  @Test
  void clusterSharingGroup() {
    assertEquals("galaxy cluster has blocked sharing group uuid: sg-1",
        reason(DocumentKind.GALAXY_CLUSTER, cluster("'distribution':4,'SharingGroup':{'uuid':'sg-1'}"),
            Rules.instance("a").sharingGroups("sg-1")));
  }

  @Test
  void clusterRelationTags() {
    String relation = "'distribution':3,'GalaxyClusterRelation':[{'referenced_galaxy_cluster_type':'uses','Tag':[{'name':'tlp:red'}]}]";
    assertEquals("galaxy cluster has blocked tag: tlp:red",
        reason(DocumentKind.GALAXY_CLUSTER_LIST, "[" + cluster(relation) + "]", Rules.instance("a").tags("tlp:red")));
  }

  @Test
  void aClusterWithoutDistributionIsRefused() {
    assertEquals("galaxy cluster has no distribution", reason(DocumentKind.GALAXY_CLUSTER, "{'GalaxyCluster':{'uuid':'c'}}"));
  }

  private static String note(String distribution, String nested) {
    return "{'note_type_name':'Note','uuid':'n1','note':'text','distribution':" + distribution + nested + "}";
  }

  @Test
  void pushedNoteWithBlockedDistribution() {
    assertEquals("analyst data has blocked distribution level: 0",
        reason(DocumentKind.ANALYST_DATA_PUSH, "{'Note':" + note("0", "") + "}", ZERO));
    assertEquals("", reason(DocumentKind.ANALYST_DATA_PUSH, "{'Note':" + note("1", "") + "}", ZERO));
  }

  @Test
  void pulledOpinionsWithBlockedDistribution() {
    String opinions = "[{'Opinion':{'opinion':50,'distribution':3}},{'Opinion':{'opinion':10,'distribution':'0'}}]";
    assertEquals("analyst data has blocked distribution level: 0", reason(DocumentKind.ANALYST_DATA_INDEX, opinions, ZERO));
  }

  @Test
  void nestedNotesAndOpinionsCount() {
    String nested = ",'Opinion':[{'opinion':1,'distribution':3,'Note':[" + note("0", "") + "]}]";
    assertEquals("analyst data has blocked distribution level: 0",
        reason(DocumentKind.ANALYST_DATA_PUSH, "{'Note':" + note("3", nested) + "}", ZERO));
  }

  @Test
  void anAnalystDataDocumentOfNoKnownTypeIsRefused() {
    assertEquals("no analyst data in body", reason(DocumentKind.ANALYST_DATA_PUSH, "{'Sighting':{}}"));
    assertEquals("no analyst data in body", reason(DocumentKind.ANALYST_DATA_INDEX, "[{}]"));
  }

  @Test
  void anEmptyObjectIsNeverAnEmptyList() {
    assertEquals("galaxy cluster has no distribution", reason(DocumentKind.GALAXY_CLUSTER_LIST, "{}"));
    assertEquals("attribute has no category", reason(DocumentKind.PROPOSALS, "{'unknown':1}"));
  }

  private static String relationship(String type, String related) {
    return "{'Relationship':{'distribution':3,'relationship_type':'related-to','related_object_type':'" + type
        + "','related_object':" + related + "}}";
  }

  @Test
  void relationshipWithBlockedDistribution() {
    assertEquals("analyst data has blocked distribution level: 0", reason(DocumentKind.ANALYST_DATA_PUSH,
        "{'Relationship':{'distribution':0,'related_object_type':'Event'}}", ZERO));
  }

  @Test
  void relatedEvent() {
    String related = relationship("Event", "{'Event':{'distribution':0,'Attribute':[]}}");
    assertEquals("event has blocked distribution level: 0", reason(DocumentKind.ANALYST_DATA_PUSH, related, ZERO));
  }

  @Test
  void relatedAttribute() {
    String related = relationship("Attribute", "{'Attribute':" + PASSPORT + "}");
    assertEquals("attribute with a blocked type: passport-number", reason(DocumentKind.ANALYST_DATA_PUSH, related, PASSPORTS));
  }

  @Test
  void relatedObject() {
    String related = relationship("Object", "{'Object':{'name':'person','distribution':3}}");
    assertEquals("object with a blocked type: person",
        reason(DocumentKind.ANALYST_DATA_PUSH, related, Rules.instance("a").objectTypes("person")));
  }

  @Test
  void relatedGalaxyCluster() {
    String related = relationship("GalaxyCluster", cluster("'distribution':0"));
    assertEquals("galaxy cluster has blocked distribution level: 0", reason(DocumentKind.ANALYST_DATA_INDEX, "[" + related + "]", ZERO));
  }

  @Test
  void relatedNoteOpinionAndRelationship() {
    assertEquals("analyst data has blocked distribution level: 0",
        reason(DocumentKind.ANALYST_DATA_PUSH, relationship("Note", note("0", "")), ZERO));
    assertEquals("analyst data has blocked distribution level: 0",
        reason(DocumentKind.ANALYST_DATA_PUSH, relationship("Opinion", "{'opinion':1,'distribution':0}"), ZERO));
    String inner = relationship("Event", "{'Event':{'distribution':0}}").replace("{'Relationship':", "").replaceAll("}$", "");
    assertEquals("event has blocked distribution level: 0",
        reason(DocumentKind.ANALYST_DATA_PUSH, relationship("Relationship", inner), ZERO));
  }

  @Test
  void aHarmlessRelationshipPasses() {
    assertEquals("", reason(DocumentKind.ANALYST_DATA_PUSH,
        relationship("Attribute", "{'Attribute':" + attribute("'distribution':5") + "}"), ZERO));
  }

  @Test
  void analystDataOfEventsAttributesAndObjects() {
    String onEvent = Check.event("'Note':[" + note("0", "") + "]");
    assertEquals("analyst data has blocked distribution level: 0", reason(DocumentKind.EVENT, onEvent, ZERO));
    String onAttribute = Check.event("'Attribute':[" + attribute("'Opinion':[{'distribution':0}]") + "]");
    assertEquals("analyst data has blocked distribution level: 0", reason(DocumentKind.EVENT, onAttribute, ZERO));
    String onObject = Check.event("'Object':[{'name':'file','distribution':3,'Relationship':["
        + relationship("Attribute", "{'Attribute':" + attribute("'distribution':0") + "}").replace("{'Relationship':", "").replaceAll("}$", "")
        + "]}]");
    assertEquals("attribute with a blocked distribution level: 0", reason(DocumentKind.EVENT, onObject, ZERO));
  }
}
