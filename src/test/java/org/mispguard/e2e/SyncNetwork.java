package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.proxy.GuardSettings;
import org.mispguard.tls.TestServerCertificates;

/**
 * The simulated network of the end-to-end tests: a MISP server at 127.0.0.3 ({@code inst_a})
 * reaches remote MISPs at 127.0.0.2 ({@code misp-b.test}, {@code inst_b}) and 127.0.0.4
 * ({@code misp-c.test}, {@code inst_c}, unreachable by compartment) through the guard, and a
 * plain-HTTP MISP at 127.0.0.6 ({@code misp-d.test}, {@code inst_d}). Each test
 * class starts it once; every test starts with empty request journals and a fresh log capture.
 * When the class ends, any buffer leak Netty reported fails it.
 */
abstract class SyncNetwork {

  static final String INTERNAL_MISP = "127.0.0.3";
  static final String STRANGER = "127.0.0.9";

  @TempDir static Path folder;
  static RemoteMisp mispB;
  static RemoteMisp mispC;
  static RemoteMisp updates;
  static RemoteMisp plainMisp;
  static GuardUnderTest guard;
  /** The CA the remote MISPs' certificates come from, which the guard trusts. */
  static Path remotesCa;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  /** Starts the network with a guard whose settings {@code adjust} may change. */
  static void startNetwork(int maxBodyBytes, UnaryOperator<GuardSettings> adjust) throws Exception {
    startNetwork(maxBodyBytes, false, adjust);
  }

  /** As above; {@code watchConfig}: the guard reloads its configuration file when it changes. */
  static void startNetwork(int maxBodyBytes, boolean watchConfig, UnaryOperator<GuardSettings> adjust)
      throws Exception {
    TestServerCertificates remotes = new TestServerCertificates(folder);
    remotesCa = remotes.caCertificateFile();
    mispB = RemoteMisp.start("misp-b.test", "127.0.0.2", remotes);
    mispC = RemoteMisp.start("misp-c.test", "127.0.0.4", remotes);
    updates = RemoteMisp.start("localhost", "127.0.0.1", remotes);
    plainMisp = RemoteMisp.startPlain("misp-d.test", "127.0.0.6");
    guard = GuardUnderTest.start(folder, Configs.fourInstances(mispB.port(), mispC.port(), plainMisp.port()),
        remotes.caCertificateFile(), maxBodyBytes, watchConfig, adjust);
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    guard.close();
    mispB.close();
    mispC.close();
    updates.close();
    plainMisp.close();
  }

  @BeforeEach
  void listen() {
    mispB.reset();
    mispC.reset();
    updates.reset();
    mispB.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
  }

  String hostB() {
    return "misp-b.test:" + mispB.port();
  }

  MispClient.Connection tunnelToMispB() throws Exception {
    return tunnelToMispB(guard);
  }

  /** As {@link #tunnelToMispB()}, through another guard of the test's own. */
  MispClient.Connection tunnelToMispB(GuardUnderTest through) throws Exception {
    MispClient.Tunnel tunnel = through.client(INTERNAL_MISP).connect("misp-b.test", mispB.port());
    assertEquals(200, tunnel.connectReply().status(), "CONNECT to a known instance");
    return tunnel.connection();
  }

  Reply send(String method, String path, String body) throws Exception {
    return send(method, path, Map.of("Authorization", "secret-key-123"), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  Reply send(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      return misp.send(method, path, hostB(), headers, body);
    }
  }

  /** Sends raw bytes (request head and body as written) through a fresh tunnel to misp-b. */
  Reply sendRaw(String raw) throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      return misp.exchange(raw.getBytes(StandardCharsets.ISO_8859_1), false);
    }
  }

  void assertRefused(Reply reply, int status, String logLine) {
    assertEquals(status, reply.status(), () -> "status; log was " + logs.lines());
    assertTrue(logs.contains(logLine), () -> "log should contain «" + logLine + "» but was " + logs.lines());
    assertTrue(mispB.received().isEmpty(), "nothing may reach the remote MISP");
  }

  void assertNothingForwarded() {
    assertTrue(mispB.received().isEmpty(), "nothing may reach the remote MISP");
    assertTrue(mispC.received().isEmpty(), "nothing may reach misp-c");
  }

  void assertNotLogged(String secret) {
    assertFalse(logs.lines().stream().anyMatch(l -> l.contains(secret)), "must never be logged: " + secret);
  }
}
