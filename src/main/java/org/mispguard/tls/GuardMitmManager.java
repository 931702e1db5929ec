package org.mispguard.tls;

import io.netty.handler.codec.http.HttpRequest;
import java.util.function.UnaryOperator;
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
  private final UnaryOperator<String> upstreamName;

  /**
   * @param upstreamName the CONNECT host → the name the real server's certificate must carry; a
   *     client may CONNECT to an instance by its ip, and the server is then checked (and SNI sent)
   *     with the instance's host name
   */
  public GuardMitmManager(ServerCertificates serverCertificates, UpstreamEngines upstream,
      UnaryOperator<String> upstreamName) {
    this.serverCertificates = serverCertificates;
    this.upstream = upstream;
    this.upstreamName = upstreamName;
  }

  @Override
  public SSLEngine serverSslEngine(String peerHost, int peerPort) {
    return upstream.engineFor(upstreamName.apply(peerHost), peerPort);
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
