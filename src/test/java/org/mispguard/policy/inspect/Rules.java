package org.mispguard.policy.inspect;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.mispguard.config.RuleSet;

/** Builds rule sets the way the loader stores them: normalised. */
final class Rules {

  private final String id;
  private final RuleSet.Origin origin;
  private final Set<String> blockedTags = new HashSet<>();
  private final Set<String> requiredTaxonomies = new HashSet<>();
  private final Map<String, Set<String>> allowedTags = new HashMap<>();
  private final Set<Integer> distributions = new HashSet<>();
  private final Set<String> sharingGroups = new HashSet<>();
  private final Set<String> types = new HashSet<>();
  private final Set<String> categories = new HashSet<>();
  private final Set<String> objectTypes = new HashSet<>();

  private Rules(String id, RuleSet.Origin origin) {
    this.id = id;
    this.origin = origin;
  }

  static Rules blockRule(String id) {
    return new Rules(id, RuleSet.Origin.BLOCK_RULE);
  }

  static Rules instance(String id) {
    return new Rules(id, RuleSet.Origin.INSTANCE);
  }

  Rules tags(String... tags) {
    return add(blockedTags, tags);
  }

  Rules required(String... taxonomies) {
    return add(requiredTaxonomies, taxonomies);
  }

  Rules allowed(String taxonomy, String... tags) {
    allowedTags.put(RuleSet.normalise(taxonomy), new HashSet<>());
    add(allowedTags.get(RuleSet.normalise(taxonomy)), tags);
    return this;
  }

  Rules distributions(Integer... levels) {
    distributions.addAll(Set.of(levels));
    return this;
  }

  Rules sharingGroups(String... uuids) {
    return add(sharingGroups, uuids);
  }

  Rules types(String... values) {
    return add(types, values);
  }

  Rules categories(String... values) {
    return add(categories, values);
  }

  Rules objectTypes(String... values) {
    return add(objectTypes, values);
  }

  private Rules add(Set<String> target, String... values) {
    for (String value : values) {
      target.add(RuleSet.normalise(value));
    }
    return this;
  }

  RuleSet build() {
    return new RuleSet(
        id, origin, "", blockedTags, requiredTaxonomies, allowedTags, distributions, sharingGroups, types,
        categories, objectTypes);
  }
}
