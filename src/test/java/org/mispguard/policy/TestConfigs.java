package org.mispguard.policy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mispguard.config.Allowlist;
import org.mispguard.config.Cidr;
import org.mispguard.config.GuardConfig;
import org.mispguard.config.Instance;
import org.mispguard.config.RuleSet;

/** Configurations built directly as records, the way the loader hands them to the policy. */
final class TestConfigs {

  static final Path SOURCE = Path.of("config.json");

  private TestConfigs() {}

  static RuleSet rules(String id, RuleSet.Origin origin, String... blockedAttributeTypes) {
    return new RuleSet(id, origin, "", Set.of(), Set.of(), Map.of(), Set.of(), Set.of(),
        Set.of(blockedAttributeTypes), Set.of(), Set.of());
  }

  static RuleSet blockRule(String id, String... blockedAttributeTypes) {
    return rules(id, RuleSet.Origin.BLOCK_RULE, blockedAttributeTypes);
  }

  static Instance instance(String id, String ip, String host, int port, String compartment) {
    return new Instance(id, ip, host, port, compartment, "",
        rules(id, RuleSet.Origin.INSTANCE), Optional.empty());
  }

  static GuardConfig instances(Map<String, Set<String>> canReach, Allowlist allowlist,
      List<RuleSet> blockRules, Instance... instances) {
    Map<String, Instance> byId =
        Arrays.stream(instances).collect(Collectors.toMap(Instance::id, Function.identity()));
    return new GuardConfig(GuardConfig.Format.INSTANCES, byId, canReach, allowlist, blockRules,
        Optional.empty(), Optional.empty(), List.of(), SOURCE);
  }

  static GuardConfig seed(List<RuleSet> blockRules, List<String> allowedClients, Allowlist allowlist) {
    return new GuardConfig(GuardConfig.Format.SEED, Map.of(), Map.of(), allowlist, blockRules,
        Optional.empty(), Optional.empty(), allowedClients.stream().map(Cidr::parse).toList(), SOURCE);
  }
}
