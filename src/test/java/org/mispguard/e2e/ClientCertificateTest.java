package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.tls.TestClientCertificates;
import org.mispguard.tls.TestServerCertificates;

/**
 * An instance whose server demands mutual TLS (SPEC §7): with {@code "client_cert"} the guard
 * presents that certificate upstream and the push passes; a guard configured without it cannot
 * complete the upstream handshake and answers 502.
 */
class ClientCertificateTest {

  @TempDir static Path folder;
  static RemoteMisp mutualTlsMisp;
  static GuardUnderTest withCertificate;
  static GuardUnderTest withoutCertificate;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  @BeforeAll
  static void start() throws Exception {
    TestServerCertificates remotes = new TestServerCertificates(folder);
    TestClientCertificates clients = new TestClientCertificates(folder);
    mutualTlsMisp = RemoteMisp.startDemandingClientCertificates("misp-b.test", "127.0.0.2", remotes,
        clients.trustStore());
    String config = Configs.fourInstances(mutualTlsMisp.port(), 9, 9);
    String withCert = config.replace("\"affiliation\": \"Partner CSIRT\",",
        "\"affiliation\": \"Partner CSIRT\", \"client_cert\": \"" + clients.identityFile("misp-guard-client") + "\",");
    withCertificate = GuardUnderTest.start(folder.resolve("with"), withCert, remotes.caCertificateFile(),
        1024 * 1024, false);
    withoutCertificate = GuardUnderTest.start(folder.resolve("without"), config, remotes.caCertificateFile(),
        1024 * 1024, false);
  }

  @AfterAll
  static void stop() throws Exception {
    withCertificate.close();
    withoutCertificate.close();
    mutualTlsMisp.close();
    // LittleProxy never releases its copy of a request the remote dropped over the missing
    // certificate; that copy holds no body (GuardedRequest.copy), so nothing leaks (LEAKS checks).
  }

  @BeforeEach
  void listen() {
    mutualTlsMisp.reset();
    mutualTlsMisp.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
  }

  @Test
  void pushPassesWithTheInstancesClientCertificate() throws Exception {
    MispClient.Tunnel tunnel = withCertificate.client(SyncNetwork.INTERNAL_MISP).connect("misp-b.test", mutualTlsMisp.port());
    assertEquals(200, tunnel.connectReply().status(), () -> "log " + logs.lines());
    try (MispClient.Connection misp = tunnel.connection()) {
      Reply reply = misp.send("POST", "/events/add", "misp-b.test:" + mutualTlsMisp.port(), Map.of(),
          Events.allowed().getBytes(StandardCharsets.UTF_8));
      assertEquals(200, reply.status(), () -> "log " + logs.lines());
    }
    assertEquals(1, mutualTlsMisp.received().size());
  }

  @Test
  void withoutTheCertificateTheUpstreamHandshakeFailsWith502() throws Exception {
    MispClient.Tunnel tunnel = withoutCertificate.client(SyncNetwork.INTERNAL_MISP)
        .connect("misp-b.test", mutualTlsMisp.port());

    // TLS 1.3: the guard's side of the handshake ends before the server refuses the (missing)
    // certificate, so the CONNECT is answered and the first request meets the closed upstream
    assertEquals(200, tunnel.connectReply().status());
    try (MispClient.Connection misp = tunnel.connection()) {
      Reply reply = misp.send("POST", "/events/add", "misp-b.test:" + mutualTlsMisp.port(), Map.of(),
          Events.allowed().getBytes(StandardCharsets.UTF_8));
      assertEquals(502, reply.status(), () -> "log " + logs.lines());
    }
    assertTrue(logs.contains("request blocked: [CONNECT]misp-b.test:" + mutualTlsMisp.port()
        + " - cannot reach the upstream server"),
        () -> "log " + logs.lines());
    assertTrue(mutualTlsMisp.received().isEmpty());
  }
}
