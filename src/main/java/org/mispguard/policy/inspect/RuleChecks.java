package org.mispguard.policy.inspect;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.mispguard.config.RuleSet;

/**
 * Applies every rule set to one observed value. Observed strings are normalised before the
 * comparison (rules are stored normalised), reasons quote them as they were sent. Lists are
 * walked by index, as in {@link DocumentWalker}.
 */
final class RuleChecks {

  private static final int HIGHEST_DISTRIBUTION = 5;

  /** The lists of blocked strings a rule set has. */
  private enum BlockList {
    TAGS(RuleSet::blockedTags),
    SHARING_GROUPS(RuleSet::blockedSharingGroupUuids),
    ATTRIBUTE_TYPES(RuleSet::blockedAttributeTypes),
    ATTRIBUTE_CATEGORIES(RuleSet::blockedAttributeCategories),
    OBJECT_TYPES(RuleSet::blockedObjectTypes);

    final Function<RuleSet, Set<String>> of;

    BlockList(Function<RuleSet, Set<String>> of) {
      this.of = of;
    }
  }

  private final List<RuleSet> rules;
  private final String userOrgUuid;
  private final Findings findings;
  /**
   * What some rule set blocks at all: a value no rule can block needs neither normalising nor
   * comparing, which on a large event is most of them.
   */
  private final Set<BlockList> listsInUse = EnumSet.noneOf(BlockList.class);
  private final boolean[] levelsInUse = new boolean[HIGHEST_DISTRIBUTION + 1];

  RuleChecks(List<RuleSet> rules, String userOrgUuid, Findings findings) {
    this.rules = rules;
    this.userOrgUuid = userOrgUuid == null ? null : RuleSet.normalise(userOrgUuid);
    this.findings = findings;
    for (RuleSet rule : rules) {
      for (BlockList list : BlockList.values()) {
        if (!list.of.apply(rule).isEmpty()) {
          listsInUse.add(list);
        }
      }
      for (int level : rule.blockedDistributionLevels()) {
        if (level >= 0 && level <= HIGHEST_DISTRIBUTION) {
          levelsInUse[level] = true;
        }
      }
    }
  }

  void tags(Subject subject, List<String> tags) {
    for (int i = 0; i < tags.size(); i++) {
      listed(BlockList.TAGS, subject, "tag", tags.get(i));
    }
  }

  /**
   * Each required taxonomy needs a tag of that taxonomy, one of its allowed tags when any are
   * listed. As in the reference, an element without any tag list lacks them all at once, and a
   * missing taxonomy is worded "event is missing" at every level.
   */
  void requiredTaxonomies(Subject subject, boolean hasTagList, List<String> tags) {
    List<String> normalised = null;
    for (int r = 0; r < rules.size(); r++) {
      RuleSet rule = rules.get(r);
      if (rule.requiredTaxonomies().isEmpty()) {
        continue;
      }
      if (!hasTagList) {
        block(rule, subject.noun + " is missing required taxonomies");
        continue;
      }
      if (normalised == null) {
        normalised = new ArrayList<>(tags.size());
        for (String tag : tags) {
          normalised.add(RuleSet.normalise(tag));
        }
      }
      for (String taxonomy : rule.requiredTaxonomies()) {
        if (!hasTaxonomyTag(normalised, taxonomy, rule.allowedTags().getOrDefault(taxonomy, Set.of()))) {
          block(rule, "event is missing required taxonomy: " + taxonomy);
        }
      }
    }
  }

  private static boolean hasTaxonomyTag(List<String> tags, String taxonomy, Set<String> allowed) {
    for (String tag : tags) {
      if (tag.startsWith(taxonomy) && tag.length() > taxonomy.length() && tag.charAt(taxonomy.length()) == ':'
          && (allowed.isEmpty() || allowed.contains(tag))) {
        return true;
      }
    }
    return false;
  }

  /** A distribution that PHP would not read as 0..5 is malformed whatever the rules say. */
  void distribution(Subject subject, Object value) {
    int level = PhpNumbers.smallInteger(value, HIGHEST_DISTRIBUTION);
    if (level < 0) {
      throw new MalformedDocument(subject.noun + " has malformed distribution level: " + Shapes.observed(value));
    }
    if (!levelsInUse[level]) {
      return;
    }
    for (int r = 0; r < rules.size(); r++) {
      RuleSet rule = rules.get(r);
      if (rule.blockedDistributionLevels().contains(level)) {
        block(rule, subject.blocked("distribution level", Shapes.observed(value)));
      }
    }
  }

  /**
   * A SharingGroup given as null or empty names no group to block, but has no member either: the
   * X-UserOrgUUID check refuses it, as the reference does.
   */
  void sharingGroup(Subject subject, Object value) {
    Map<String, Object> group =
        value == JsonLiteral.NULL ? Map.of() : Shapes.object(value, subject.noun + " SharingGroup");
    if (!group.isEmpty()) {
      String uuid = Shapes.requiredString(group, "uuid", subject.noun + " SharingGroup");
      listed(BlockList.SHARING_GROUPS, subject, "sharing group uuid", uuid);
    }
    if (userOrgUuid != null && !admitsUserOrganisation(group)) {
      findings.add(
          "user with organisation uuid: " + Shapes.observed(userOrgUuid) + " (X-UserOrgUUID) not in sharing group", "");
    }
  }

  /** SPEC §5.6: the organisation is a member, or some server of the group shares with all its orgs. */
  private boolean admitsUserOrganisation(Map<String, Object> group) {
    List<Object> members = Shapes.list(group.get("SharingGroupOrg"), "SharingGroupOrg");
    for (int i = 0; i < members.size(); i++) {
      Map<String, Object> organisation = Shapes.object(
          Shapes.object(members.get(i), "SharingGroupOrg").get("Organisation"), "SharingGroupOrg Organisation");
      String uuid = Shapes.optionalString(organisation, "uuid", "Organisation");
      if (uuid != null && RuleSet.normalise(uuid).equals(userOrgUuid)) {
        return true;
      }
    }
    List<Object> servers = Shapes.list(group.get("SharingGroupServer"), "SharingGroupServer");
    for (int i = 0; i < servers.size(); i++) {
      if (PhpNumbers.truthy(Shapes.object(servers.get(i), "SharingGroupServer").get("all_orgs"))) {
        return true;
      }
    }
    return false;
  }

  void attributeType(String type) {
    listed(BlockList.ATTRIBUTE_TYPES, Subject.ATTRIBUTE, "type", type);
  }

  void attributeCategory(String category) {
    listed(BlockList.ATTRIBUTE_CATEGORIES, Subject.ATTRIBUTE, "category", category);
  }

  void objectType(String name) {
    listed(BlockList.OBJECT_TYPES, Subject.OBJECT, "type", name);
  }

  private void listed(BlockList list, Subject subject, String what, String value) {
    if (!listsInUse.contains(list)) {
      return;
    }
    String normalised = RuleSet.normalise(value);
    for (int r = 0; r < rules.size(); r++) {
      RuleSet rule = rules.get(r);
      if (list.of.apply(rule).contains(normalised)) {
        block(rule, subject.blocked(what, Shapes.observed(value)));
      }
    }
  }

  /** An element judged ahead of time ({@link EarlyJudgement}) has here the effect judging it now would. */
  void replay(Judged judged) {
    judged.replay(findings);
  }

  private void block(RuleSet rule, String reason) {
    findings.add(reason + rule.reasonSuffix(), rule.id());
  }
}
