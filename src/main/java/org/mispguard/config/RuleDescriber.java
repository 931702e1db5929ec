package org.mispguard.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Says in plain English what a configuration lets through and blocks (for {@code check} and the start-up log). */
public final class RuleDescriber {

  private static final List<String> DISTRIBUTION_NAMES = List.of("organisation only", "community only",
      "connected communities", "all communities", "sharing group", "inherit event");

  private RuleDescriber() {}

  /** One line: {@code running block rules: id1,id2}, or the instances and global rules in force. */
  public static String summary(GuardConfig config) {
    String ruleIds = config.blockRules().stream().map(RuleSet::id).collect(Collectors.joining(","));
    if (config.format() == GuardConfig.Format.SEED) {
      return "running block rules: " + (ruleIds.isEmpty() ? "none" : ruleIds);
    }
    int rules = config.blockRules().size();
    String instanceIds = String.join(", ", new TreeSet<>(config.instances().keySet()));
    return "running with " + count(config.instances().size(), "instance")
        + (instanceIds.isEmpty() ? "" : ": " + instanceIds) + "; " + (rules == 0 ? "no global block rules" : count(rules, "global block rule") + ": " + ruleIds);
  }

  /** One line per instance, rule and setting, in a stable order. */
  public static List<String> describe(GuardConfig config) {
    List<String> lines = new ArrayList<>();
    new TreeSet<>(config.instances().keySet()).forEach(id -> lines.add(describe(config.instances().get(id), config)));
    config.blockRules().forEach(rule -> lines.add("rule " + rule.id()
        + (rule.description().isEmpty() ? "" : " (" + rule.description() + ")") + ": " + describe(rule)));
    config.misp().ifPresent(misp -> lines.add("reverse-mode upstream: " + misp.host() + ":" + misp.port()));
    config.proxy().ifPresent(proxy -> lines.add("listens on: " + proxy.host() + ":" + proxy.port()));
    if (config.format() == GuardConfig.Format.SEED) {
      lines.add("clients allowed: " + (config.allowedClients().isEmpty() ? "any"
          : config.allowedClients().stream().map(Cidr::toString).collect(Collectors.joining(", "))));
    }
    if (!config.allowlist().urls().isEmpty() || !config.allowlist().domains().isEmpty()) {
      lines.add("allowlist (no endpoint or body rules): urls " + listOrNone(config.allowlist().urls())
          + "; domains " + listOrNone(config.allowlist().domains()));
    }
    return lines;
  }

  private static String describe(Instance instance, GuardConfig config) {
    Set<String> reach = config.canReach().getOrDefault(instance.compartmentId(), Set.of());
    return "instance " + instance.id() + " (" + instance.ip() + ", " + instance.host() + ":" + instance.port()
        + "; " + instance.compartmentId() + " → " + listOrNone(reach) + "): " + describe(instance.rules());
  }

  /** What one rule set blocks, as {@code ;}-separated clauses, or {@code blocks nothing}. */
  public static String describe(RuleSet rules) {
    List<String> clauses = new ArrayList<>();
    new TreeSet<>(rules.requiredTaxonomies()).forEach(taxonomy -> {
      Set<String> allowed = rules.allowedTags().getOrDefault(taxonomy, Set.of());
      clauses.add("requires taxonomy " + taxonomy + (allowed.isEmpty() ? "" : " with one of " + sorted(allowed)));
    });
    rules.allowedTags().keySet().stream().filter(taxonomy -> !rules.requiredTaxonomies().contains(taxonomy))
        .sorted()
        .forEach(taxonomy -> clauses.add("allowed tags for " + taxonomy + " have no effect (" + taxonomy
            + " is not in required_taxonomies)"));
    clause(clauses, "blocks tags ", rules.blockedTags());
    if (!rules.blockedDistributionLevels().isEmpty()) {
      clauses.add("blocks distribution " + new TreeSet<>(rules.blockedDistributionLevels()).stream()
          .map(level -> level + " (" + DISTRIBUTION_NAMES.get(level) + ")")
          .collect(Collectors.joining(", ")));
    }
    clause(clauses, "blocks sharing groups ", rules.blockedSharingGroupUuids());
    clause(clauses, "blocks attributes of type ", rules.blockedAttributeTypes());
    clause(clauses, "blocks attributes of category ", rules.blockedAttributeCategories());
    clause(clauses, "blocks objects of type ", rules.blockedObjectTypes());
    return clauses.isEmpty() ? "blocks nothing" : String.join("; ", clauses);
  }

  private static void clause(List<String> clauses, String prefix, Set<String> values) {
    if (!values.isEmpty()) {
      clauses.add(prefix + sorted(values));
    }
  }

  private static String sorted(Collection<String> values) {
    return String.join(", ", new TreeSet<>(values));
  }

  private static String listOrNone(Collection<String> values) {
    return values.isEmpty() ? "none" : sorted(values);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
