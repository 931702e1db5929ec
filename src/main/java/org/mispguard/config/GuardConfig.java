package org.mispguard.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded, validated configuration file: immutable.
 *
 * @param format         which of the two formats the file used
 * @param instances      instance id → instance (empty in the seed format)
 * @param canReach       compartment id → compartments it may send to (empty in the seed format)
 * @param blockRules     global rules, applied on top of any instance rules
 * @param misp           seed format: the reverse-mode upstream
 * @param proxy          seed format: where the guard itself listens
 * @param allowedClients seed format: CIDRs that may use the guard; empty = anyone
 * @param source         the file it came from
 */
public record GuardConfig(
    Format format,
    Map<String, Instance> instances,
    Map<String, Set<String>> canReach,
    Allowlist allowlist,
    List<RuleSet> blockRules,
    Optional<HostPort> misp,
    Optional<HostPort> proxy,
    List<Cidr> allowedClients,
    Path source) {

  public enum Format { SEED, INSTANCES }

  public GuardConfig {
    instances = Map.copyOf(instances);
    canReach = Map.copyOf(canReach);
    blockRules = List.copyOf(blockRules);
    allowedClients = List.copyOf(allowedClients);
  }
}
