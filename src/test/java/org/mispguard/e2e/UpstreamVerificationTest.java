package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mispguard.tls.TestServerCertificates;

/**
 * The guard checks the remote MISP server it tunnels to (SPEC §7): a server at misp-b.test's
 * address whose certificate names another host, ran out, or comes from a CA the guard does not
 * trust gets no request; the MISP server's CONNECT is answered 502.
 */
class UpstreamVerificationTest {

  enum Impostor { ANOTHER_NAME, EXPIRED, UNKNOWN_CA }

  @TempDir static Path folder;
  static TestServerCertificates remotes;
  static TestServerCertificates strangers;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  @BeforeAll
  static void certificates() throws Exception {
    remotes = new TestServerCertificates(folder.resolve("remotes"));
    strangers = new TestServerCertificates(folder.resolve("strangers"));
  }

  @ParameterizedTest
  @EnumSource
  void aRemoteThatFailsVerificationGetsNothingAndTheConnectIsAnswered502(Impostor impostor) throws Exception {
    Path keyStore = switch (impostor) {
      case ANOTHER_NAME -> remotes.keyStoreFor("misp-other.test");
      case EXPIRED -> remotes.expiredKeyStoreFor("misp-b.test");
      case UNKNOWN_CA -> strangers.keyStoreFor("misp-b.test");
    };
    try (RemoteMisp remote = RemoteMisp.start("misp-b.test", "127.0.0.2", keyStore);
        GuardUnderTest guard = GuardUnderTest.start(folder.resolve("guard"),
            Configs.fourInstances(remote.port(), 9, 9), remotes.caCertificateFile(), 1024 * 1024, false)) {
      // one guard folder for every case: its CA is made once
      remote.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));

      MispClient.Tunnel tunnel = guard.client(SyncNetwork.INTERNAL_MISP).connect("misp-b.test", remote.port());

      assertEquals(502, tunnel.connectReply().status(), () -> "log " + logs.lines());
      assertTrue(logs.contains("request blocked: [CONNECT]misp-b.test:" + remote.port()
          + " - cannot reach the upstream server"), () -> "log " + logs.lines());
      assertTrue(remote.received().isEmpty(), "nothing reaches a server that failed verification");
    }
  }
}
