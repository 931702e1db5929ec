package org.mispguard.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.mispguard.config.ConfigException;
import org.mispguard.config.GuardConfig;
import org.mispguard.config.HostPort;

/**
 * How to run the reverse listener (SPEC §2.2, §2.3).
 *
 * @param upstream  the internal MISP server ({@code --mode reverse:https://HOST:PORT}); when empty,
 *                  the seed configuration's {@code misp} block names it
 * @param guardName the name remote MISP servers use for the guard ({@code --reverse-hostname});
 *                  when empty, the seed configuration's {@code proxy.host}, else the listen
 *                  address unless it is a wildcard
 * @param ownListen where the reverse listener listens next to the forward one
 *                  ({@code --reverse-port}); when empty it takes the forward listener's address
 *                  and there is no forward listener, as mitmproxy's {@code --mode reverse:URL} does
 */
public record ReverseSettings(Optional<HostPort> upstream, Optional<String> guardName,
    Optional<InetSocketAddress> ownListen) {

  ReverseRoute routeFor(GuardConfig config, InetSocketAddress listen) throws ConfigException {
    HostPort to = upstream.or(config::misp).orElseThrow(() -> problem(
        "--mode reverse needs the internal MISP server: --mode reverse:https://HOST:PORT,"
            + " or a \"misp\" block in a seed-format configuration"));
    String name = guardName
        .or(() -> config.proxy().map(HostPort::host))
        .or(() -> nameOf(listen))
        .orElseThrow(() -> problem("--mode reverse: name the host remote MISP servers use for the guard"
            + " with --reverse-hostname NAME (the host of the server URL configured on them)"));
    try {
      return ReverseRoute.of(to.host(), to.port(), name);
    } catch (IllegalArgumentException e) {
      throw problem("--mode reverse: " + e.getMessage() + " in " + to.host() + ":" + to.port() + " or " + name);
    }
  }

  private static Optional<String> nameOf(InetSocketAddress listen) {
    InetAddress address = listen.getAddress();
    if (address != null && address.isAnyLocalAddress()) {
      return Optional.empty();
    }
    return Optional.of(listen.getHostString());
  }

  private static ConfigException problem(String text) {
    return new ConfigException(List.of(text));
  }
}
