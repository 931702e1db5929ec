package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.config.HostPort;
import org.mispguard.proxy.GuardSettings;
import org.mispguard.proxy.ReverseSettings;
import org.mispguard.tls.TestServerCertificates;

/**
 * The simulated network of the pull tests: a remote MISP server at 127.0.0.6 ({@code inst_remote})
 * pulls through the guard, which it knows as {@code misp-guard.test}, from the internal MISP server
 * at 127.0.0.5 ({@code misp-internal.test}, {@code inst_internal}); the same guard runs the forward
 * listener for the internal server's pushes. An impostor at 127.0.0.7 is no instance's address.
 * Each test class starts it once; every test starts with empty request journals and a fresh log
 * capture. When the class ends, any buffer leak Netty reported fails it.
 */
abstract class PullNetwork {

  static final String GUARD_NAME = "misp-guard.test";
  static final String REMOTE_MISP = "127.0.0.6";
  static final String INTERNAL_MISP = "127.0.0.5";
  static final String EVENT_UUID = "5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  static final String CLEAN_EVENT = """
      {"Event":{"id":"12","uuid":"5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","info":"Phishing wave against banks",\
      "distribution":"1","published":true,"timestamp":"1700000000",\
      "Tag":[{"name":"tlp:green"}],\
      "Attribute":[{"type":"domain","category":"Network activity","value":"login-bank.example","distribution":"5","Tag":[]}]}}""";
  static final String RED_EVENT = CLEAN_EVENT.replace("tlp:green", "tlp:red").replace("Phishing wave", "Secret case");

  @TempDir static Path folder;
  static TestServerCertificates remotes;
  static RemoteMisp internal;
  static RemoteMisp remote;
  static RemoteMisp impostor;
  static GuardUnderTest guard;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  /** Starts the network with a guard on both listeners, whose settings {@code adjust} may change. */
  static void startNetwork(UnaryOperator<GuardSettings> adjust) throws Exception {
    remotes = new TestServerCertificates(folder);
    internal = RemoteMisp.start("misp-internal.test", INTERNAL_MISP, remotes);
    remote = RemoteMisp.start("misp-remote.test", REMOTE_MISP, remotes);
    impostor = RemoteMisp.start("impostor.test", "127.0.0.7", remotes);
    guard = startGuard("both", new HostPort("misp-internal.test", internal.port()), true, adjust);
  }

  /** A guard for this network: reverse listener towards {@code upstream}, forward one too if asked. */
  static GuardUnderTest startGuard(String name, HostPort upstream, boolean withForward,
      UnaryOperator<GuardSettings> adjust) throws Exception {
    return GuardUnderTest.start(folder.resolve(name), Configs.pullNetwork(internal.port(), remote.port(), impostor.port()),
        remotes.caCertificateFile(), 1024 * 1024, false,
        Optional.of(new ReverseSettings(Optional.of(upstream), Optional.of(GUARD_NAME),
            withForward ? Optional.of(new InetSocketAddress("127.0.0.1", 0)) : Optional.empty())),
        adjust);
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    guard.close();
    internal.close();
    remote.close();
    impostor.close();
  }

  @BeforeEach
  void listen() {
    internal.reset();
    remote.reset();
  }

  static Reply pull(GuardUnderTest through, String sourceIp, String method, String path, String host)
      throws IOException {
    try (MispClient.Connection connection = through.reverseClient(sourceIp).direct(GUARD_NAME)) {
      return connection.send(method, path, host, Map.of("Authorization", "remote-sync-key-42"), null);
    }
  }

  /** A GET by the remote MISP through the reverse listener of this network's guard. */
  static Reply pull(String path) throws IOException {
    return pull(guard, REMOTE_MISP, "GET", path, GUARD_NAME + ":" + guard.guard.reverseAddress().getPort());
  }

  /** The internal MISP answers GET {@code path} with {@code body}. */
  static void serve(String path, String body) {
    internal.server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(body)));
  }

  /** A pull refused with {@code status}, the refusal logged, and nothing asked of the internal MISP. */
  void assertRefused(Reply reply, int status, String logLine) {
    assertEquals(status, reply.status(), () -> "status; log was " + logs.lines());
    assertTrue(logs.contains(logLine), () -> "log should contain «" + logLine + "» but was " + logs.lines());
    assertTrue(internal.received().isEmpty(), "nothing may reach the internal MISP");
  }
}
