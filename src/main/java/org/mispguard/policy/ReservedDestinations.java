package org.mispguard.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Addresses of the guard's own that no request may be forwarded to: its admin listener (SPEC §8),
 * whose metrics a client must not read through the proxy, whatever the allowlist says. A
 * destination is refused when its port matches and it names the reserved address in any
 * spelling the guard would connect to it by: the address itself, an instance's pinned ip,
 * {@code localhost} for a loopback or wildcard listener, and any address of this machine for a
 * wildcard listener.
 */
public final class ReservedDestinations {

  public static final ReservedDestinations NONE = new ReservedDestinations(List.of());

  private final List<InetSocketAddress> reserved;

  private ReservedDestinations(List<InetSocketAddress> reserved) {
    this.reserved = reserved;
  }

  /** @param listeners bound addresses (their real ports, not 0) */
  public static ReservedDestinations of(List<InetSocketAddress> listeners) {
    return new ReservedDestinations(List.copyOf(listeners));
  }

  /**
   * @param pinned the address the guard will connect to for {@code host} instead of asking DNS, or null
   */
  /** Whether any reserved listener is on {@code port}: most requests need look no further. */
  boolean reservesPort(int port) {
    for (InetSocketAddress listener : reserved) {
      if (listener.getPort() == port) {
        return true;
      }
    }
    return false;
  }

  boolean covers(String host, int port, InetAddress pinned) {
    String canonical = HostNames.canonical(host);
    Optional<InetAddress> literal = HostNames.ipLiteral(canonical);
    boolean localName = literal.isEmpty() && isLocalName(canonical);
    for (InetSocketAddress listener : reserved) {
      if (listener.getPort() != port) {
        continue;
      }
      InetAddress bound = listener.getAddress();
      if (pinned != null && reaches(pinned, bound)) {
        return true;
      }
      if (literal.isPresent() ? reaches(literal.get(), bound)
          : localName && (bound.isLoopbackAddress() || bound.isAnyLocalAddress())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a connection to {@code dialled}, the address the guard resolved a destination to, would
   * arrive at a reserved listener. This is the check no spelling escapes (a decimal or zero-padded
   * address, a DNS name that resolves to this machine): {@link #covers(String, int, InetAddress)}
   * refuses the spellings it recognises early, with the request line, and this one where the guard
   * dials.
   */
  boolean covers(InetSocketAddress dialled) {
    for (InetSocketAddress listener : reserved) {
      if (listener.getPort() == dialled.getPort() && !dialled.isUnresolved()
          && reaches(dialled.getAddress(), listener.getAddress())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a connection to {@code target} arrives at a socket bound to {@code bound}. */
  private static boolean reaches(InetAddress target, InetAddress bound) {
    InetAddress to = HostNames.unmapped(target);
    if (to.isAnyLocalAddress()) {
      return true; // a connection to 0.0.0.0 or :: goes to this machine
    }
    return bound.isAnyLocalAddress() ? isThisMachine(to) : HostNames.unmapped(bound).equals(to);
  }

  private static boolean isThisMachine(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return true; // cannot tell: refuse rather than risk it
    }
  }

  /** RFC 6761: {@code localhost} and every name under it are this machine. */
  private static boolean isLocalName(String canonicalName) {
    String name = canonicalName.toLowerCase(Locale.ROOT);
    return name.equals("localhost") || name.endsWith(".localhost");
  }
}
