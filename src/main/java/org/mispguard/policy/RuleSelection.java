package org.mispguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mispguard.config.GuardConfig;
import org.mispguard.config.Instance;
import org.mispguard.config.RuleSet;
import org.mispguard.policy.Endpoint.Direction;

/**
 * Whose rules judge a document (SPEC §3, §4.3): the global {@code block_rules} always; in the
 * instances format also the rules of the data's owner, which is the sender on a push and the
 * server pulled from on a pull.
 */
final class RuleSelection {

  private final GuardConfig config;

  RuleSelection(GuardConfig config) {
    this.config = config;
  }

  List<RuleSet> rulesFor(Direction direction, Optional<Instance> source, Optional<Instance> destination) {
    if (config.format() == GuardConfig.Format.SEED) {
      return config.blockRules();
    }
    Instance owner = switch (direction) {
      case PUSH -> source.orElseThrow(() -> new IllegalArgumentException("a push is judged by the rules of its source instance: name it (--from)"));
      case PULL -> destination.orElseThrow(
          () -> new IllegalArgumentException(
              "a pull is judged by the rules of the instance pulled from: name it (--to)"));
      case HANDSHAKE -> throw new IllegalArgumentException("handshake bodies are not inspected");
    };
    List<RuleSet> rules = new ArrayList<>(config.blockRules().size() + 1);
    rules.add(owner.rules());
    rules.addAll(config.blockRules());
    return List.copyOf(rules);
  }

  /** Looks an instance up by id for the offline {@code explain} command. */
  Optional<Instance> instance(Optional<String> id) {
    return id.map(name -> {
      Instance instance = config.instances().get(name);
      if (instance == null) {
        throw new IllegalArgumentException("no instance with id " + name + " in " + config.source());
      }
      return instance;
    });
  }
}
