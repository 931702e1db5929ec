package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.bytes;
import static org.mispguard.policy.inspect.Check.event;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mispguard.config.RuleSet;

/** What the findings say: rule naming, collection for explain, X-UserOrgUUID (SPEC §5.6, §5.7). */
class FindingsTest {

  private static final String RED_EVENT =
      event("'Tag':[{'name':'tlp:red'}],'Attribute':[" + attribute("'distribution':0") + "]");

  private static List<Finding> inspect(String json, boolean all, String userOrg, Rules... rules) {
    List<RuleSet> sets = java.util.Arrays.stream(rules).map(Rules::build).toList();
    return Inspector.inspect(DocumentKind.EVENT, bytes(json), sets, userOrg, all);
  }

  @Test
  void seedRulesAreNamedInTheReason() {
    assertEquals(List.of(new Finding("event has blocked tag: tlp:red. blocked by rule: no-red", "no-red")),
        inspect(RED_EVENT, false, null, Rules.blockRule("no-red").tags("tlp:red")));
  }

  @Test
  void instanceRulesAreNotNamedInTheReasonButInTheFinding() {
    assertEquals(List.of(new Finding("event has blocked tag: tlp:red", "inst_a")),
        inspect(RED_EVENT, false, null, Rules.instance("inst_a").tags("tlp:red")));
  }

  @Test
  void theFirstMatchingRuleSetIsNamed() {
    List<Finding> found = inspect(RED_EVENT, false, null,
        Rules.blockRule("no-passports").types("passport-number"),
        Rules.blockRule("no-red").tags("tlp:red"),
        Rules.blockRule("no-red-either").tags("TLP:RED"));
    assertEquals(List.of(new Finding("event has blocked tag: tlp:red. blocked by rule: no-red", "no-red")), found);
  }

  @Test
  void explainCollectsEveryFinding() {
    List<Finding> found = inspect(RED_EVENT, true, null,
        Rules.blockRule("no-red").tags("tlp:red"), Rules.blockRule("no-zero").distributions(0));
    assertEquals(List.of(
        new Finding("event has blocked tag: tlp:red. blocked by rule: no-red", "no-red"),
        new Finding("attribute with a blocked distribution level: 0. blocked by rule: no-zero", "no-zero")), found);
  }

  @Test
  void explainStillStopsAtAStructuralFailure() {
    String broken = event("'Tag':[{'name':'tlp:red'}],'Attribute':[{'type':'md5'}],'Object':'x'");
    assertEquals(List.of(
        new Finding("event has blocked tag: tlp:red. blocked by rule: no-red", "no-red"),
        new Finding("attribute has no category", "")), inspect(broken, true, null, Rules.blockRule("no-red").tags("tlp:red")));
  }

  @Test
  void aCleanDocumentHasNoFindings() {
    assertEquals(List.of(), inspect(event("'Attribute':[" + attribute("") + "]"), true, null, Rules.instance("a").tags("x")));
  }

  private static final String ORG = "aaaaaaaa-0000-4000-8000-000000000001";

  private static String sharedWith(String orgUuid, boolean allOrgs) {
    return "'distribution':4,'SharingGroup':{'uuid':'sg-1','SharingGroupOrg':[{'Organisation':{'uuid':'" + orgUuid
        + "'}}],'SharingGroupServer':[{'all_orgs':" + allOrgs + "}]}";
  }

  @Test
  void userOrganisationInTheEventSharingGroupPasses() {
    String json = "{'Event':{" + sharedWith(ORG.toUpperCase(), false) + "}}";
    assertEquals(List.of(), inspect(json, false, ORG));
  }

  @Test
  void userOrganisationMissingFromTheEventSharingGroupBlocks() {
    String json = "{'Event':{" + sharedWith("bbbbbbbb-0000-4000-8000-000000000002", false) + "}}";
    assertEquals(List.of(new Finding("user with organisation uuid: " + ORG + " (X-UserOrgUUID) not in sharing group", "")),
        inspect(json, false, ORG));
  }

  @Test
  void aServerSharingWithAllOrganisationsAdmitsTheUser() {
    String json = "{'Event':{" + sharedWith("bbbbbbbb-0000-4000-8000-000000000002", true) + "}}";
    assertEquals(List.of(), inspect(json, false, ORG));
  }

  @Test
  void withoutTheHeaderSharingGroupMembershipIsNotChecked() {
    String json = "{'Event':{" + sharedWith("bbbbbbbb-0000-4000-8000-000000000002", false) + "}}";
    assertEquals(List.of(), inspect(json, false, null));
  }

  @Test
  void theHeaderIsCheckedForAttributesAndObjectsToo() {
    String attributeJson = event("'Attribute':[" + attribute(sharedWith("other", false)) + "]");
    String objectJson = event("'Object':[{'name':'file'," + sharedWith("other", false) + "}]");
    String reason = "user with organisation uuid: " + ORG + " (X-UserOrgUUID) not in sharing group";
    assertEquals(reason, inspect(attributeJson, false, ORG).get(0).reason());
    assertEquals(reason, inspect(objectJson, false, ORG).get(0).reason());
  }
}
