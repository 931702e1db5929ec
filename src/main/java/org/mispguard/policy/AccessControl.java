package org.mispguard.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mispguard.config.Cidr;
import org.mispguard.config.GuardConfig;
import org.mispguard.config.Instance;

/**
 * Who may talk to whom (SPEC §4.1, §4.2), in the reference's order and wording: the source
 * first, then the destination host, its port, and the compartments.
 */
final class AccessControl {

  /** The outcome of one check and the instances it identified. */
  record Access(Verdict verdict, Optional<Instance> source, Optional<Instance> destination) {

    static Access refused(String reason) {
      return new Access(Verdict.block(reason), Optional.empty(), Optional.empty());
    }

    Access refusedTo(Optional<Instance> destination, String reason) {
      return new Access(Verdict.block(reason), source, destination);
    }
  }

  private final GuardConfig config;
  private final InstanceDirectory directory;

  AccessControl(GuardConfig config, InstanceDirectory directory) {
    this.config = config;
    this.directory = directory;
  }

  /** May {@code client} use the guard at all? */
  Access admit(InetAddress client) {
    String address = HostNames.unmapped(client).getHostAddress();
    if (config.format() == GuardConfig.Format.SEED) {
      return isAllowedClient(client, config.allowedClients())
          ? new Access(Verdict.allow(), Optional.empty(), Optional.empty())
          : Access.refused("source host " + address + " is not in allowed_clients");
    }
    return directory.source(client)
        .map(source -> new Access(Verdict.allow(), Optional.of(source), Optional.empty()))
        .orElseGet(() -> Access.refused(
            "source host " + address + " does not exist in instances hosts mapping"));
  }

  /** May the admitted {@code source} reach {@code host:port}? Seed format: any destination. */
  Access reach(Access admitted, String host, int port) {
    if (config.format() == GuardConfig.Format.SEED) {
      return admitted;
    }
    Optional<Instance> destination = directory.destination(host);
    if (destination.isEmpty()) {
      return admitted.refusedTo(destination,
          "destination host " + host + " does not exist in instances hosts mapping");
    }
    Instance source = admitted.source().orElseThrow();
    if (!config.canReach().getOrDefault(source.compartmentId(), Set.of())
        .contains(destination.get().compartmentId())) {
      return admitted.refusedTo(destination, "cannot reach compartment");
    }
    if (destination.get().port() != port) {
      return admitted.refusedTo(destination, "destination port is not allowed");
    }
    return new Access(Verdict.allow(), admitted.source(), destination);
  }

  private static boolean isAllowedClient(InetAddress client, List<Cidr> allowedClients) {
    InetAddress address = HostNames.unmapped(client);
    return allowedClients.isEmpty() || allowedClients.stream().anyMatch(cidr -> cidr.contains(address));
  }
}
