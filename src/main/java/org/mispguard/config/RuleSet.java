package org.mispguard.config;

import java.util.Map;
import java.util.Set;

/**
 * One set of block rules (SPEC §5.1), either a global {@code block_rules} entry or the
 * rules of one instance. Strings are stored normalised (trimmed, lower case, SPEC §5.3)
 * so that comparisons elsewhere are plain equality.
 *
 * @param id           the rule id (global rules) or the instance id (instance rules)
 * @param origin       where the rules come from; decides whether reasons name the rule
 * @param description  free text, may be empty
 * @param blockedDistributionLevels levels 0..5
 * @param allowedTags  taxonomy namespace → allowed tags of that taxonomy
 */
public record RuleSet(
    String id,
    Origin origin,
    String description,
    Set<String> blockedTags,
    Set<String> requiredTaxonomies,
    Map<String, Set<String>> allowedTags,
    Set<Integer> blockedDistributionLevels,
    Set<String> blockedSharingGroupUuids,
    Set<String> blockedAttributeTypes,
    Set<String> blockedAttributeCategories,
    Set<String> blockedObjectTypes) {

  public enum Origin { BLOCK_RULE, INSTANCE }

  public RuleSet {
    blockedTags = Set.copyOf(blockedTags);
    requiredTaxonomies = Set.copyOf(requiredTaxonomies);
    allowedTags = Map.copyOf(allowedTags);
    blockedDistributionLevels = Set.copyOf(blockedDistributionLevels);
    blockedSharingGroupUuids = Set.copyOf(blockedSharingGroupUuids);
    blockedAttributeTypes = Set.copyOf(blockedAttributeTypes);
    blockedAttributeCategories = Set.copyOf(blockedAttributeCategories);
    blockedObjectTypes = Set.copyOf(blockedObjectTypes);
  }

  /** The text appended to a block reason: global rules are named, instance rules are not (as the reference). */
  public String reasonSuffix() {
    return origin == Origin.BLOCK_RULE ? ". blocked by rule: " + id : "";
  }

  /** Normalises a configured or observed string the way every comparison needs it (SPEC §5.3). */
  public static String normalise(String value) {
    return value.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
