package org.mispguard.tls;

import javax.net.ssl.SSLEngine;
import org.littleshoot.proxy.SslEngineSource;

/**
 * The TLS side of the reverse-mode listener (SPEC §2.2): presents the operator's certificate or
 * one minted for the name remote MISP servers use to reach the guard.
 */
public final class ReverseSslEngineSource implements SslEngineSource {

  private final ServerCertificates serverCertificates;
  private final String serverName;

  /**
   * @param serverName the host name (or IP) remote MISP servers have configured as this server's
   *     URL; checked now so that a bad name fails at start
   */
  public ReverseSslEngineSource(ServerCertificates serverCertificates, String serverName) {
    this.serverCertificates = serverCertificates;
    this.serverName = serverName;
    serverCertificates.engineFor(serverName);
  }

  @Override
  public SSLEngine newSslEngine() {
    return serverCertificates.engineFor(serverName);
  }

  @Override
  public SSLEngine newSslEngine(String peerHost, int peerPort) {
    return newSslEngine();
  }
}
