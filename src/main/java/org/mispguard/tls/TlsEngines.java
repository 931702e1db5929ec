package org.mispguard.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the guard's TLS contexts with one {@link TlsProvider} and the settings every engine
 * shares. A context is built once per identity and trust and then hands out an engine per
 * connection.
 */
public final class TlsEngines {

  /** Older versions are broken; MISP's PHP/OpenSSL and every supported JDK speak both of these. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  static final String HTTP_1_1 = "http/1.1";

  /**
   * Only HTTP/1.1 is spoken behind the guard, so a client that offers ALPN is told http/1.1, or
   * nothing when it did not offer it — never h2 (SPEC §6).
   */
  private static final ApplicationProtocolConfig HTTP_1_1_ONLY = new ApplicationProtocolConfig(Protocol.ALPN,
      SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, HTTP_1_1);

  /**
   * MISP clients are not asked for certificates. Naming a trust that accepts none spares each
   * minted leaf the default trust store (and OpenSSL the list of its CAs).
   */
  private static final X509ExtendedTrustManager NO_CLIENT_CERTIFICATES =
      FixedTrust.refuseEveryServer("a server context trusts no peer");

  private final TlsProvider provider;

  public TlsEngines(TlsProvider provider) {
    this.provider = provider;
  }

  public TlsProvider provider() {
    return provider;
  }

  /**
   * A context that serves {@code identity} to MISP clients. With OpenSSL, Netty converts the key
   * and chain at the first handshake and keeps them with the context, as the key manager hands out
   * the same instances each time. Not with {@code OpenSslCachingX509KeyManagerFactory} on top: in
   * Netty 4.2.15 its second cache can keep one reference too many when two first handshakes meet,
   * and the native key material then outlives the context.
   */
  SslContext serverContext(TlsIdentity identity) {
    return build(SslContextBuilder.forServer(identity.keyManager())
        .trustManager(NO_CLIENT_CERTIFICATES)
        .applicationProtocolConfig(HTTP_1_1_ONLY));
  }

  /**
   * A context for talking to remote servers.
   *
   * @param identity what to present when a server asks for a client certificate
   * @param verifyHostName whether the server's certificate must name the host the engine is made for
   */
  SslContext clientContext(X509ExtendedTrustManager trust, Optional<TlsIdentity> identity, boolean verifyHostName) {
    SslContextBuilder builder = SslContextBuilder.forClient()
        .trustManager(trust)
        .endpointIdentificationAlgorithm(verifyHostName ? "HTTPS" : null);
    identity.ifPresent(present -> builder.keyManager(present.keyManager()));
    return build(builder);
  }

  private SslContext build(SslContextBuilder builder) {
    try {
      return builder.sslProvider(provider.netty()).protocols(PROTOCOLS).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * An engine for a connection from a client. Engines are taken from a handler the context makes,
   * not from {@code newEngine}: LittleProxy wraps each in Netty's own TLS handler, and an OpenSSL
   * engine made for that handler decrypts whatever has arrived in one call, where one made for any
   * other user of the SSLEngine API is handed one TLS record at a time. The handler made here holds
   * nothing but the engine.
   */
  static SSLEngine serverEngine(SslContext context) {
    return context.newHandler(ByteBufAllocator.DEFAULT).engine();
  }

  /**
   * An engine that talks to a remote server as {@code peerHost} (the name its certificate is
   * checked against, and the key for session reuse), sending exactly {@code serverNames} as SNI;
   * taken from a handler as in {@link #serverEngine}.
   */
  static SSLEngine clientEngine(SslContext context, String peerHost, int port, List<SNIServerName> serverNames) {
    SSLEngine engine = peerHost == null
        ? context.newHandler(ByteBufAllocator.DEFAULT).engine()
        : context.newHandler(ByteBufAllocator.DEFAULT, peerHost, port).engine();
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setServerNames(serverNames);
    engine.setSSLParameters(parameters);
    return engine;
  }
}
