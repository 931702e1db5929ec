package org.mispguard.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Test CAs, PEM files and loopback TLS peers driven through real SSLEngines. */
public final class TlsFixtures {

  private TlsFixtures() {}

  /**
   * Engines of the provider the guard would run with in this JVM: OpenSSL, or the JDK's where
   * OpenSSL cannot load (the build runs the TLS tests a second time that way).
   */
  static TlsEngines engines() {
    return new TlsEngines(TlsProvider.preferred());
  }

  static LeafCertificates leaves(CertificateAuthority ca) {
    return new LeafCertificates(ca, engines());
  }

  /** A certificate for {@code host} from {@code ca} that ran out long ago. */
  static TlsIdentity expiredLeaf(CertificateAuthority ca, String host) {
    KeyPair keys = CertificateIssuer.newKeyPair();
    Instant issuedLongAgo = Instant.now().minus(Duration.ofDays(800));
    return new TlsIdentity(keys.getPrivate(),
        List.of(CertificateIssuer.leaf(host, keys.getPublic(), ca.identity(), issuedLongAgo), ca.certificate()));
  }

  static Path writeIdentity(Path file, TlsIdentity identity) throws IOException {
    return Files.writeString(file, PemFiles.encode(identity.key(), identity.chain()), StandardCharsets.US_ASCII);
  }

  static Path writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
    return Files.writeString(file, PemFiles.encode(null, certificates), StandardCharsets.US_ASCII);
  }

  /** A client context that trusts only {@code ca}. */
  /** A client context that trusts {@code ca} alone: the one TLS trust helper of the tests. */
  public static SSLContext trustingOnly(X509Certificate ca) throws Exception {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("ca", ca);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /**
   * A server engine of the JDK's own (whatever provider the guard runs with), as a remote MISP
   * server has: presents {@code identity}; {@code adjust} may ask for client certificates, record
   * SNI, ...
   */
  static SSLEngine peerServerEngine(TlsIdentity identity, TrustManager clientTrust, Consumer<SSLParameters> adjust)
      throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {identity.keyManager()}, new TrustManager[] {clientTrust}, null);
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters parameters = engine.getSSLParameters();
    adjust.accept(parameters);
    engine.setSSLParameters(parameters);
    return engine;
  }

  /** A TLS server on 127.0.0.1 whose every connection uses a fresh engine from {@code engines}. */
  static final class LoopbackServer implements AutoCloseable {
    /** Several threads, so that handshakes on one context can run at the same moment. */
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory());
    private final Channel channel;

    LoopbackServer(Callable<SSLEngine> engines) throws InterruptedException {
      channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) throws Exception {
              ch.pipeline().addLast(new SslHandler(engines.call()));
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0))
          .sync()
          .channel();
    }

    int port() {
      return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Runs a client handshake with {@code clientEngine}; returns its session or throws the failure. */
    SSLSession handshake(SSLEngine clientEngine) throws Exception {
      EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      try {
        SslHandler ssl = new SslHandler(clientEngine);
        Channel client = new Bootstrap()
            .group(clientGroup)
            .channel(NioSocketChannel.class)
            .handler(ssl)
            .connect(new InetSocketAddress("127.0.0.1", port()))
            .sync()
            .channel();
        try {
          var done = ssl.handshakeFuture().await(10, TimeUnit.SECONDS);
          if (!done) {
            throw new AssertionError("handshake did not finish");
          }
          if (!ssl.handshakeFuture().isSuccess()) {
            throw asException(ssl.handshakeFuture().cause());
          }
          return clientEngine.getSession();
        } finally {
          client.close().sync();
        }
      } finally {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    }

    @Override
    public void close() throws InterruptedException {
      channel.close().sync();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private static Exception asException(Throwable cause) {
      return cause instanceof Exception e ? e : new RuntimeException(cause);
    }
  }
}
