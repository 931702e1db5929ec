package org.mispguard.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.littleshoot.proxy.ChainedProxyAdapter;
import org.mispguard.policy.Policy;
import org.mispguard.tls.UpstreamEngines;

/**
 * The reverse listener's only way out (SPEC §2.2): LittleProxy sends a request that is not
 * tunnelled in plain text unless a chained proxy asks for TLS, so the upstream MISP server is
 * presented to it as a chained proxy that requires encryption. Requests keep their origin form.
 * The address is the instance's pinned ip when the upstream is an instance (DNS cannot redirect
 * sync traffic), else the name resolved at each connection; the certificate must name the
 * upstream host either way.
 */
final class ReverseUpstream extends ChainedProxyAdapter {

  private static final Logger LOG = LogManager.getLogger(ReverseUpstream.class);

  private final Authority upstream;
  private final Supplier<Policy> policy;
  private final UpstreamEngines engines;

  ReverseUpstream(Authority upstream, Supplier<Policy> policy, UpstreamEngines engines) {
    this.upstream = upstream;
    this.policy = policy;
    this.engines = engines;
  }

  @Override
  public InetSocketAddress getChainedProxyAddress() {
    InetAddress pinned = policy.get().pinnedAddress(upstream.host());
    return pinned != null
        ? new InetSocketAddress(pinned, upstream.port())
        : InetSocketAddress.createUnresolved(upstream.host(), upstream.port());
  }

  @Override
  public boolean requiresEncryption() {
    return true;
  }

  @Override
  public SSLEngine newSslEngine() {
    return engines.engineFor(upstream.host(), upstream.port());
  }

  @Override
  public SSLEngine newSslEngine(String peerHost, int peerPort) {
    return newSslEngine();
  }

  @Override
  public void connectionFailed(Throwable cause) {
    LOG.error("cannot reach the upstream MISP server {}: {}", upstream, LogText.clean(String.valueOf(cause)));
  }

  @Override
  public String toString() {
    return "https://" + upstream;
  }
}
