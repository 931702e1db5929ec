package org.mispguard.tls;

import io.netty.handler.codec.http.HttpRequest;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.littleshoot.proxy.MitmManager;

/**
 * Forward-mode interception (SPEC §2.1): the client sees a certificate for the host it asked to
 * CONNECT to, and the guard talks to the real server as a verifying TLS client.
 */
public final class GuardMitmManager implements MitmManager {

  private final ServerCertificates serverCertificates;
  private final UpstreamEngines upstream;

  public GuardMitmManager(ServerCertificates serverCertificates, UpstreamEngines upstream) {
    this.serverCertificates = serverCertificates;
    this.upstream = upstream;
  }

  @Override
  public SSLEngine serverSslEngine(String peerHost, int peerPort) {
    return upstream.engineFor(peerHost, peerPort);
  }

  @Override
  public SSLEngine serverSslEngine() {
    return upstream.engineWithoutSni();
  }

  /** The CONNECT authority names the host, not the upstream session: it is what the client will check. */
  @Override
  public SSLEngine clientSslEngineFor(HttpRequest connect, SSLSession upstreamSession) {
    return serverCertificates.engineFor(HostNames.hostOfAuthority(connect.uri()));
  }
}
