package org.mispguard.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mispguard.config.Instance;

/**
 * Finds instances by the address a client connects from and by the host a request goes to
 * (the reference's "instances hosts mapping"). An instance whose {@code ip} is not an address
 * literal is left out entirely: it could be neither recognised nor pinned. A name or address
 * claimed by two instances resolves to neither, since either guess could apply the wrong rules.
 */
final class InstanceDirectory {

  private record Entry(Instance instance, InetAddress address) {}

  private final Map<String, List<Entry>> bySourceAddress = new HashMap<>();
  private final Map<String, List<Entry>> byDestination = new HashMap<>();

  InstanceDirectory(Collection<Instance> instances) {
    for (Instance instance : instances) {
      HostNames.ipLiteral(instance.ip()).ifPresent(address -> {
        Entry entry = new Entry(instance, address);
        String addressKey = address.getHostAddress();
        add(bySourceAddress, addressKey, entry);
        add(byDestination, addressKey, entry);
        String hostKey = HostNames.canonical(instance.host());
        if (!hostKey.equals(addressKey)) {
          add(byDestination, hostKey, entry);
        }
      });
    }
  }

  Optional<Instance> source(InetAddress client) {
    return unique(bySourceAddress, HostNames.unmapped(client).getHostAddress()).map(Entry::instance);
  }

  Optional<Instance> destination(String host) {
    return unique(byDestination, HostNames.canonical(host)).map(Entry::instance);
  }

  /** The configured address of the instance {@code host} names: DNS must not be able to redirect sync traffic. */
  Optional<InetAddress> pinnedAddress(String host) {
    return unique(byDestination, HostNames.canonical(host)).map(Entry::address);
  }

  private static void add(Map<String, List<Entry>> index, String key, Entry entry) {
    index.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
  }

  private static Optional<Entry> unique(Map<String, List<Entry>> index, String key) {
    List<Entry> entries = index.getOrDefault(key, List.of());
    return entries.size() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
  }
}
