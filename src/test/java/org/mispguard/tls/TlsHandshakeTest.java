package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.tls.TlsFixtures.LoopbackServer;

/** Real handshakes on 127.0.0.1 between the guard's engines and JDK peers. */
class TlsHandshakeTest {

  @TempDir Path temp;
  private CertificateAuthority guardCa;
  private LeafCertificates guardLeaves;
  private CertificateAuthority remoteCa;
  private LeafCertificates remoteLeaves;
  private Path upstreamCa;

  @BeforeEach
  void setUp() throws Exception {
    guardCa = CertificateAuthority.loadOrCreate(temp.resolve("guard"));
    guardLeaves = new LeafCertificates(guardCa);
    remoteCa = CertificateAuthority.loadOrCreate(temp.resolve("remote"));
    remoteLeaves = new LeafCertificates(remoteCa);
    upstreamCa = TlsFixtures.writeCertificates(temp.resolve("upstream-ca.pem"), List.of(remoteCa.certificate()));
  }

  @Test
  void aClientTrustingOnlyTheCaAcceptsTheMintedLeafForItsHostAndNoOther() throws Exception {
    SSLContext clientContext = TlsFixtures.trustingOnly(guardCa.certificate());
    for (String host : List.of("misp-b.example", "127.0.0.1")) {
      try (SSLServerSocket server = (SSLServerSocket) guardLeaves.contextFor(host).getServerSocketFactory()
          .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> acceptTwice(server));

        assertEquals("TLSv1.3", socketHandshake(clientContext, server.getLocalPort(), host).getProtocol());
        assertThrows(SSLHandshakeException.class,
            () -> socketHandshake(clientContext, server.getLocalPort(), "misp-c.example"));
        accepted.get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theMitmClientEngineServesTheConnectHostAndOnlyHttp11() throws Exception {
    GuardMitmManager mitm = new GuardMitmManager(
        new ServerCertificates(CertOverrides.none(), guardLeaves), upstream(Optional.empty(), false), host -> host);
    SSLContext clientContext = TlsFixtures.trustingOnly(guardCa.certificate());

    try (LoopbackServer server = new LoopbackServer(() -> mitm.clientSslEngineFor(connect("misp-b.example:443"), null))) {
      SSLEngine offersH2 = verifyingClient(clientContext, "misp-b.example");
      SSLParameters alpn = offersH2.getSSLParameters();
      alpn.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      offersH2.setSSLParameters(alpn);
      server.handshake(offersH2);
      assertEquals("http/1.1", offersH2.getApplicationProtocol());

      SSLEngine withoutAlpn = verifyingClient(clientContext, "misp-b.example");
      server.handshake(withoutAlpn);
      assertEquals("", withoutAlpn.getApplicationProtocol());

      assertThrows(SSLException.class, () -> server.handshake(verifyingClient(clientContext, "misp-c.example")));
    }
    try (LoopbackServer server = new LoopbackServer(() -> mitm.clientSslEngineFor(connect("[::1]:443"), null))) {
      server.handshake(verifyingClient(clientContext, "::1"));
    }
  }

  @Test
  void anOperatorCertificateIsServedInsteadOfAMintedOne() throws Exception {
    Path pem = TlsFixtures.writeIdentity(temp.resolve("own.pem"), remoteLeaves.identityFor("misp-b.example"));
    ServerCertificates certificates = new ServerCertificates(CertOverrides.parse(List.of("*=" + pem)), guardLeaves);

    try (LoopbackServer server = new LoopbackServer(() -> certificates.engineFor("misp-b.example"))) {
      server.handshake(verifyingClient(TlsFixtures.trustingOnly(remoteCa.certificate()), "misp-b.example"));
      assertThrows(SSLException.class,
          () -> server.handshake(verifyingClient(TlsFixtures.trustingOnly(guardCa.certificate()), "misp-b.example")));
    }
    assertEquals(0, guardLeaves.mintCount());
  }

  @Test
  void theReverseListenerPresentsTheConfiguredName() throws Exception {
    ReverseSslEngineSource source =
        new ReverseSslEngineSource(new ServerCertificates(CertOverrides.none(), guardLeaves), "misp-guard.example");

    try (LoopbackServer server = new LoopbackServer(source::newSslEngine)) {
      server.handshake(verifyingClient(TlsFixtures.trustingOnly(guardCa.certificate()), "misp-guard.example"));
    }
  }

  @Test
  void upstreamSignedByTheUpstreamCaIsAcceptedAndAnUnknownOneIsNot() throws Exception {
    try (LoopbackServer server = remoteServer("localhost")) {
      server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", server.port()));
      assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.empty(), false).engineFor("localhost", server.port())));
    }
    try (LoopbackServer unknown = new LoopbackServer(
        () -> TlsEngines.serverEngine(guardLeaves.contextFor("localhost")))) {
      assertThrows(SSLHandshakeException.class,
          () -> unknown.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", unknown.port())));
    }
  }

  @Test
  void anUpstreamCertificateForAnotherNameIsRefusedUnlessInsecure() throws Exception {
    try (LoopbackServer server = remoteServer("misp-c.example")) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", server.port())));
      assertTrue(e.getMessage().contains("localhost"), e.getMessage());

      server.handshake(upstream(Optional.empty(), true).engineFor("localhost", server.port()));
    }
  }

  @Test
  void anIpLiteralUpstreamIsMatchedAgainstItsIpSan() throws Exception {
    try (LoopbackServer server = remoteServer("127.0.0.1")) {
      server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("127.0.0.1", server.port()));
      assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("127.0.0.2", server.port())));
    }
  }

  @Test
  void theRetryWithoutSniIsRefusedUnlessInsecure() throws Exception {
    try (LoopbackServer server = remoteServer("localhost")) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineWithoutSni()));
      assertTrue(e.getMessage().contains("SNI"), e.getMessage());

      server.handshake(upstream(Optional.empty(), true).engineWithoutSni());
    }
  }

  @Test
  void theInstanceClientCertificateIsPresentedToAServerThatDemandsOne() throws Exception {
    TlsIdentity client = guardLeaves.identityFor("misp-a.example");
    Path clientPem = TlsFixtures.writeIdentity(temp.resolve("client.pem"), client);
    CompletableFuture<X509Certificate> presented = new CompletableFuture<>();
    SSLContext demanding = TlsEngines.context(remoteLeaves.identityFor("localhost").keyManagers(),
        new TrustManager[] {new RecordingClientTrust(presented)});
    UpstreamEngines withCertificate = new UpstreamEngines(UpstreamTrust.create(Optional.of(upstreamCa), false),
        host -> Optional.ofNullable(Map.of("localhost", clientPem).get(host)));
    withCertificate.checkClientCertificate(clientPem);

    try (LoopbackServer server = new LoopbackServer(() -> {
      SSLEngine engine = TlsEngines.serverEngine(demanding);
      engine.setNeedClientAuth(true);
      return engine;
    })) {
      server.handshake(withCertificate.engineFor("localhost", server.port()));
      assertEquals(client.certificate(), presented.get(10, TimeUnit.SECONDS));
    }
  }

  private LoopbackServer remoteServer(String certifiedName) throws InterruptedException {
    return new LoopbackServer(() -> TlsEngines.serverEngine(remoteLeaves.contextFor(certifiedName)));
  }

  private static UpstreamEngines upstream(Optional<Path> upstreamCa, boolean insecure) throws Exception {
    return new UpstreamEngines(UpstreamTrust.create(upstreamCa, insecure), host -> Optional.empty());
  }

  private static DefaultHttpRequest connect(String authority) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, authority);
  }

  private static SSLEngine verifyingClient(SSLContext context, String host) {
    SSLEngine engine = context.createSSLEngine(host, 443);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(parameters);
    return engine;
  }

  private static SSLSession socketHandshake(SSLContext context, int port, String host) throws Exception {
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      return tls.getSession();
    }
  }

  private static void acceptTwice(SSLServerSocket server) {
    for (int i = 0; i < 2; i++) {
      try (SSLSocket accepted = (SSLSocket) server.accept()) {
        accepted.startHandshake();
      } catch (java.io.IOException expectedForTheRefusedClient) {
        // the second client aborts the handshake
      }
    }
  }

  /** Accepts any client chain and records it, so a test can see what the guard presented. */
  private record RecordingClientTrust(CompletableFuture<X509Certificate> presented) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      presented.complete(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
