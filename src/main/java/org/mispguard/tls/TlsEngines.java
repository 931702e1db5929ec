package org.mispguard.tls;

import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** The TLS settings every engine of the guard shares. */
final class TlsEngines {

  /** Older versions are broken; MISP's PHP/OpenSSL and every supported JDK speak both of these. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  static final String HTTP_1_1 = "http/1.1";

  private TlsEngines() {}

  static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * An engine that faces a MISP client. Only HTTP/1.1 is spoken behind it, so a client that offers
   * ALPN is told http/1.1 (or nothing when it did not offer it) — never h2 (SPEC §6).
   */
  static SSLEngine serverEngine(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(PROTOCOLS);
    engine.setSSLParameters(parameters);
    engine.setHandshakeApplicationProtocolSelector(
        (e, offered) -> offered.contains(HTTP_1_1) ? HTTP_1_1 : "");
    return engine;
  }

  /** An engine that talks to a remote server as {@code peerHost} (for session reuse) with the given parameters applied. */
  static SSLEngine clientEngine(SSLContext context, String peerHost, int port, List<javax.net.ssl.SNIServerName> serverNames,
      boolean identifyEndpoint) {
    SSLEngine engine = peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(PROTOCOLS);
    parameters.setServerNames(serverNames);
    if (identifyEndpoint) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    engine.setSSLParameters(parameters);
    return engine;
  }
}
