package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.e2e.LeakWatch;
import org.mispguard.tls.TlsFixtures.LoopbackServer;

/**
 * Real handshakes on 127.0.0.1 between the guard's engines (of the provider this JVM runs the
 * guard with) and JDK peers.
 */
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
    guardLeaves = TlsFixtures.leaves(guardCa);
    remoteCa = CertificateAuthority.loadOrCreate(temp.resolve("remote"));
    remoteLeaves = TlsFixtures.leaves(remoteCa);
    upstreamCa = TlsFixtures.writeCertificates(temp.resolve("upstream-ca.pem"), List.of(remoteCa.certificate()));
  }

  @Test
  void aClientTrustingOnlyTheCaAcceptsTheMintedLeafForItsHostAndNoOther() throws Exception {
    SSLContext clientContext = TlsFixtures.trustingOnly(guardCa.certificate());
    for (String host : List.of("misp-b.example", "127.0.0.1")) {
      try (LoopbackServer server = new LoopbackServer(() -> TlsEngines.serverEngine(guardLeaves.contextFor(host)))) {
        assertEquals("TLSv1.3", server.handshake(verifyingClient(clientContext, host)).getProtocol());
        assertThrows(SSLException.class, () -> server.handshake(verifyingClient(clientContext, "misp-c.example")));
      }
    }
  }

  @Test
  void theMitmClientEngineServesTheConnectHostAndOnlyHttp11() throws Exception {
    GuardMitmManager mitm = new GuardMitmManager(
        new ServerCertificates(CertOverrides.none(), guardLeaves), upstream(Optional.empty(), false), host -> host);
    SSLContext clientContext = TlsFixtures.trustingOnly(guardCa.certificate());

    try (LoopbackServer server = new LoopbackServer(() -> mitm.clientSslEngineFor(connect("misp-b.example:443"), null))) {
      SSLEngine offersH2 = offering(verifyingClient(clientContext, "misp-b.example"), "h2", "http/1.1");
      server.handshake(offersH2);
      assertEquals("http/1.1", offersH2.getApplicationProtocol());

      SSLEngine offersOnlyH2 = offering(verifyingClient(clientContext, "misp-b.example"), "h2");
      server.handshake(offersOnlyH2);
      assertEquals("", offersOnlyH2.getApplicationProtocol(), "no protocol is chosen rather than h2");

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
    ServerCertificates certificates =
        new ServerCertificates(CertOverrides.parse(List.of("*=" + pem), TlsFixtures.engines()), guardLeaves);

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
      SSLEngine offersH2 = offering(verifyingClient(TlsFixtures.trustingOnly(guardCa.certificate()), "misp-guard.example"),
          "h2", "http/1.1");
      server.handshake(offersH2);
      assertEquals("http/1.1", offersH2.getApplicationProtocol());
    }
  }

  @Test
  void upstreamSignedByTheUpstreamCaIsAcceptedAndAnUnknownOneIsNot() throws Exception {
    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("localhost"))) {
      server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", server.port()));
      assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.empty(), false).engineFor("localhost", server.port())));
    }
    try (LoopbackServer unknown = remoteServer(guardLeaves.identityFor("localhost"))) {
      assertThrows(SSLHandshakeException.class,
          () -> unknown.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", unknown.port())));
    }
  }

  @Test
  void anExpiredUpstreamCertificateIsRefusedUnlessInsecure() throws Exception {
    try (LoopbackServer server = remoteServer(TlsFixtures.expiredLeaf(remoteCa, "localhost"))) {
      assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", server.port())));

      server.handshake(upstream(Optional.empty(), true).engineFor("localhost", server.port()));
    }
  }

  @Test
  void anUpstreamCertificateForAnotherNameIsRefusedUnlessInsecure() throws Exception {
    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("misp-c.example"))) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("localhost", server.port())));
      assertTrue(causes(e).contains("localhost"), causes(e));

      server.handshake(upstream(Optional.empty(), true).engineFor("localhost", server.port()));
    }
  }

  @Test
  void anIpLiteralUpstreamIsMatchedAgainstItsIpSan() throws Exception {
    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("127.0.0.1"))) {
      server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("127.0.0.1", server.port()));
      assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineFor("127.0.0.2", server.port())));
    }
  }

  @Test
  void sniCarriesTheInstanceHostNameAndNothingForAnIp() throws Exception {
    List<String> sni = new CopyOnWriteArrayList<>();
    UpstreamEngines upstream = upstream(Optional.of(upstreamCa), false);
    GuardMitmManager mitm = new GuardMitmManager(new ServerCertificates(CertOverrides.none(), guardLeaves), upstream,
        host -> host.equals("127.0.0.1") ? "misp-b.example" : host);

    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("misp-b.example"), recordingSni(sni))) {
      server.handshake(mitm.serverSslEngine("127.0.0.1", server.port()));
      assertEquals(List.of("misp-b.example"), sni, "a CONNECT by ip is checked and named as the instance");
    }
    sni.clear();
    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("localhost"), recordingSni(sni))) {
      server.handshake(upstream.engineFor("localhost", server.port()));
      assertEquals(List.of("localhost"), sni, "a single-label name is sent too");
    }
    sni.clear();
    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("127.0.0.1"), recordingSni(sni))) {
      server.handshake(upstream.engineFor("127.0.0.1", server.port()));
      assertEquals(List.of(), sni, "SNI may not carry an ip");
    }
  }

  @Test
  void theRetryWithoutSniIsRefusedUnlessInsecure() throws Exception {
    try (LoopbackServer server = remoteServer(remoteLeaves.identityFor("localhost"))) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> server.handshake(upstream(Optional.of(upstreamCa), false).engineWithoutSni()));
      assertTrue(causes(e).contains("SNI"), causes(e));

      server.handshake(upstream(Optional.empty(), true).engineWithoutSni());
    }
  }

  @Test
  void theInstanceClientCertificateIsPresentedToAServerThatDemandsOne() throws Exception {
    TlsIdentity client = guardLeaves.identityFor("misp-a.example");
    Path clientPem = TlsFixtures.writeIdentity(temp.resolve("client.pem"), client);
    CompletableFuture<X509Certificate> presented = new CompletableFuture<>();
    UpstreamEngines withCertificate = new UpstreamEngines(UpstreamTrust.create(Optional.of(upstreamCa), false),
        TlsFixtures.engines(), host -> Optional.ofNullable(Map.of("localhost", clientPem).get(host)));
    withCertificate.checkClientCertificate(clientPem);

    try (LoopbackServer server = new LoopbackServer(() -> TlsFixtures.peerServerEngine(
        remoteLeaves.identityFor("localhost"), new RecordingClientTrust(presented),
        parameters -> parameters.setNeedClientAuth(true)))) {
      server.handshake(withCertificate.engineFor("localhost", server.port()));
      assertEquals(client.certificate(), presented.get(10, TimeUnit.SECONDS));
    }
  }

  /**
   * OpenSSL's contexts and key material are reference-counted inside Netty: an evicted leaf's
   * context, used by handshakes on several threads at once, must give everything back when it is
   * collected, or the leak detector reports it at a later handshake.
   */
  @Test
  void collectedContextsLeaveNothingNativeBehind() throws Exception {
    LeakWatch leaks = LeakWatch.start();
    SSLContext clientContext = TlsFixtures.trustingOnly(guardCa.certificate());
    LeafCertificates evicting = new LeafCertificates(guardCa, TlsFixtures.engines(), 1);
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      for (int i = 0; i < 6; i++) {
        String host = "host-" + i + ".example";
        try (LoopbackServer server = new LoopbackServer(() -> TlsEngines.serverEngine(evicting.contextFor(host)))) {
          List<Future<SSLSession>> handshakes = new ArrayList<>();
          for (int c = 0; c < 6; c++) {
            handshakes.add(clients.submit(() -> server.handshake(verifyingClient(clientContext, host))));
          }
          for (Future<SSLSession> handshake : handshakes) {
            handshake.get(30, TimeUnit.SECONDS);
          }
        }
      }
    } finally {
      clients.shutdownNow();
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    // a new context and key material: when Netty tracks them it reports what was collected unreleased
    try (LoopbackServer server = new LoopbackServer(() -> TlsEngines.serverEngine(evicting.contextFor("last.example")))) {
      server.handshake(verifyingClient(clientContext, "last.example"));
    }
    leaks.assertNoLeaks();
  }

  private static LoopbackServer remoteServer(TlsIdentity identity) throws InterruptedException {
    return remoteServer(identity, parameters -> { });
  }

  private static LoopbackServer remoteServer(TlsIdentity identity, Consumer<SSLParameters> adjust)
      throws InterruptedException {
    return new LoopbackServer(
        () -> TlsFixtures.peerServerEngine(identity, FixedTrust.refuseEveryServer("no client expected"), adjust));
  }

  /** Accepts every name the client sends, keeping it for the test. */
  private static Consumer<SSLParameters> recordingSni(List<String> names) {
    return parameters -> parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
      @Override
      public boolean matches(SNIServerName name) {
        names.add(((SNIHostName) name).getAsciiName());
        return true;
      }
    }));
  }

  private static UpstreamEngines upstream(Optional<Path> upstreamCa, boolean insecure) throws Exception {
    return new UpstreamEngines(UpstreamTrust.create(upstreamCa, insecure), TlsFixtures.engines(), host -> Optional.empty());
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

  private static SSLEngine offering(SSLEngine client, String... protocols) {
    SSLParameters parameters = client.getSSLParameters();
    parameters.setApplicationProtocols(protocols);
    client.setSSLParameters(parameters);
    return client;
  }

  /** The messages of a failure and its causes: providers word and wrap the reason differently. */
  private static String causes(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append(" / ");
    }
    return messages.toString();
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
