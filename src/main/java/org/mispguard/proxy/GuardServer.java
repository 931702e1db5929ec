package org.mispguard.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;
import org.littleshoot.proxy.HttpProxyServer;
import org.littleshoot.proxy.MitmManager;
import org.littleshoot.proxy.impl.DefaultHttpProxyServer;
import org.mispguard.policy.Policy;

/** Starts and stops the guard's listeners. */
public final class GuardServer implements AutoCloseable {

  private final HttpProxyServer forward;

  private GuardServer(HttpProxyServer forward) {
    this.forward = forward;
  }

  /**
   * Starts the forward listener (SPEC §2.1): CONNECT is answered only after the policy allows the
   * destination, then TLS is terminated with a leaf from {@code mitm}.
   */
  static GuardServer startForward(
      InetSocketAddress listen, MitmManager mitm, Supplier<Policy> policy, Decisions decisions,
      int maxBodyBytes, Duration idleTimeout) {
    HttpProxyServer server = DefaultHttpProxyServer.bootstrap()
        .withName("misp-guard-forward")
        .withAddress(listen)
        .withAllowLocalOnly(false)
        .withManInTheMiddle(mitm)
        .withFiltersSource(new GuardFiltersSource(policy, decisions, maxBodyBytes))
        .withIdleConnectionTimeout(idleTimeout)
        .withConnectTimeout(15_000)
        .start();
    return new GuardServer(server);
  }

  public InetSocketAddress forwardAddress() {
    return forward.getListenAddress();
  }

  @Override
  public void close() {
    forward.stop();
  }
}
