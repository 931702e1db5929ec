package org.mispguard.proxy;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.littleshoot.proxy.HttpProxyServer;
import org.littleshoot.proxy.HttpProxyServerBootstrap;
import org.littleshoot.proxy.MitmManager;
import org.littleshoot.proxy.SslEngineSource;
import org.littleshoot.proxy.impl.DefaultHttpProxyServer;
import org.littleshoot.proxy.impl.ServerGroup;

/**
 * Starts and stops the guard's listeners. Forward and reverse mode need one LittleProxy server
 * each (its TLS listener and its man-in-the-middle exclude each other); they share threads and
 * the count of requests in flight.
 */
public final class GuardServer implements AutoCloseable {

  /** The name in the Via headers the guard adds: the machine's host name would tell every remote an internal name. */
  private static final String VIA_PSEUDONYM = "misp-guard";

  private final ServerGroup threads;
  private final InFlightRequests inFlight;
  private HttpProxyServer forward;
  private HttpProxyServer reverse;
  private volatile ReverseListener reverseListener;

  /** The reverse listener's socket, and the upstream every request of its connections goes to. */
  private record ReverseListener(InetSocketAddress address, Authority upstream) {}

  /** @param bodies the handlers every body passes through, on every connection of both listeners */
  GuardServer(Decisions decisions, BodyHandlers bodies) {
    this.inFlight = new InFlightRequests(decisions);
    this.threads = new GuardServerGroup("misp-guard", client -> {
      routeIfReverse(client);
      bodies.onClient(client);
    });
  }

  /**
   * A connection to the reverse listener goes to its upstream from the start, so that a body can be
   * judged before the filters have seen a request of the connection.
   */
  private void routeIfReverse(Channel client) {
    ReverseListener listener = reverseListener;
    if (listener != null && client.parent() != null && listener.address().equals(client.parent().localAddress())) {
      Exchange.of(client).tunnelTo(listener.upstream());
    }
  }

  /**
   * Starts the forward listener (SPEC §2.1): CONNECT is answered only after the policy allows the
   * destination, then TLS is terminated with a leaf from {@code mitm}.
   *
   * @param authentication the credentials each connection must present first, if any
   * @param proxyProtocol  every connection must start with a PROXY protocol header naming the client
   */
  void startForward(InetSocketAddress listen, MitmManager mitm, GuardFiltersSource filters, Duration idleTimeout,
      Optional<ProxyAuthentication> authentication, boolean proxyProtocol) {
    HttpProxyServerBootstrap bootstrap = DefaultHttpProxyServer.bootstrap()
        .withName("misp-guard-forward")
        .withProxyAlias(VIA_PSEUDONYM)
        .withServerGroup(threads)
        .withAddress(listen)
        .withAllowLocalOnly(false)
        .withManInTheMiddle(mitm)
        .withAcceptProxyProtocol(proxyProtocol)
        .withIdleConnectionTimeout(idleTimeout)
        .withConnectTimeout(15_000);
    if (authentication.isPresent()) {
      bootstrap.withProxyAuthenticator(authentication.get())
          .plusActivityTracker(authentication.get());
    }
    forward = bootstrap.withFiltersSource(ConnectionClose.honoured(Listener.FORWARD.marking(inFlight.track(filters)))).start();
  }

  /**
   * Starts the reverse listener (SPEC §2.2): TLS with the guard's certificate for its own name,
   * origin-form requests, every allowed one sent over TLS to {@code upstream}.
   */
  void startReverse(InetSocketAddress listen, SslEngineSource tls, ReverseRoute route, ReverseUpstream upstream,
      GuardFiltersSource filters, Duration idleTimeout) {
    reverse = DefaultHttpProxyServer.bootstrap()
        .withName("misp-guard-reverse")
        .withProxyAlias(VIA_PSEUDONYM)
        .withServerGroup(threads)
        .withAddress(listen)
        .withAllowLocalOnly(false)
        .withSslEngineSource(tls)
        .withAuthenticateSslClients(false)
        .withAllowRequestToOriginServer(true)
        .withChainProxyManager((request, proxies, client) -> proxies.add(upstream))
        .withFiltersSource(ConnectionClose.honoured(Listener.REVERSE.marking(inFlight.track(new ReverseFiltersSource(filters, route)))))
        .withIdleConnectionTimeout(idleTimeout)
        .withConnectTimeout(15_000)
        .start();
    reverseListener = new ReverseListener(reverse.getListenAddress(), route.upstream());
  }

  public Optional<InetSocketAddress> forwardAddress() {
    return Optional.ofNullable(forward).map(HttpProxyServer::getListenAddress);
  }

  public Optional<InetSocketAddress> reverseAddress() {
    return Optional.ofNullable(reverse).map(HttpProxyServer::getListenAddress);
  }

  /**
   * Stops accepting, lets the requests in flight finish for at most {@code timeout}, then stops.
   *
   * @return true when no request had to be cut off
   */
  boolean stopGracefully(Duration timeout) throws InterruptedException {
    boolean finished;
    try {
      finished = inFlight.drain(timeout);
    } finally {
      close();
    }
    return finished;
  }

  @Override
  public void close() {
    if (forward != null) {
      forward.stop();
    }
    if (reverse != null) {
      reverse.stop();
    }
  }
}
