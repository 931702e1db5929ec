package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mispguard.proxy.ProxyCredentials;

/**
 * The forward listener demanding Basic proxy credentials, as MISP sends its {@code Proxy.user} and
 * {@code Proxy.password}. The guard's own loggers run at DEBUG here, so that a credential written
 * at any level would be seen.
 */
class ProxyAuthTest extends SyncNetwork {

  private static final String USER = "misp-sync";
  private static final String PASSWORD = "Corr3ct-H0rse-Battery";
  private static final ProxyCredentials CREDENTIALS = ProxyCredentials.parse(USER + ":" + PASSWORD);

  @BeforeAll
  static void startNetwork() throws Exception {
    Configurator.setLevel("org.mispguard", Level.DEBUG);
    startNetwork(1024 * 1024, settings -> settings.withProxyAuth(CREDENTIALS));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private MispClient.Tunnel connectToMispB(MispClient client) throws Exception {
    return client.connect("misp-b.test", mispB.port());
  }

  @Test
  void connectWithoutCredentialsGets407AndNothingGoesUpstream() throws Exception {
    MispClient.Tunnel tunnel = connectToMispB(guard.client(INTERNAL_MISP));

    assertEquals(407, tunnel.connectReply().status());
    assertEquals("Basic realm=\"misp-guard\"", tunnel.connectReply().header("Proxy-Authenticate"));
    assertTrue(logs.contains("request blocked: [CONNECT]" + hostB() + " - proxy authentication failed"),
        () -> "log was " + logs.lines());
    assertNothingForwarded();
  }

  /**
   * Behind a load balancer the socket's peer is the balancer: a refusal names the client the PROXY
   * protocol header announced, in the log and in the audit.
   */
  @Test
  void behindALoadBalancerA407NamesTheAnnouncedClient() throws Exception {
    try (GuardUnderTest balanced = GuardUnderTest.start(folder.resolve("balanced"), Files.readString(guard.configFile),
        remotesCa, 1024 * 1024, false,
        settings -> settings.withProxyAuth(CREDENTIALS).withProxyProtocol())) {
      MispClient announcingInstA = balanced.client(STRANGER).withPreface("PROXY TCP4 " + INTERNAL_MISP + " 127.0.0.1 5555 8888\r\n");

      assertEquals(407, connectToMispB(announcingInstA).connectReply().status());
      assertTrue(logs.contains("request blocked: [CONNECT]" + hostB() + " - proxy authentication failed"),
          () -> "log was " + logs.lines());
      assertTrue(logs.contains("blocked request came from " + INTERNAL_MISP), () -> "log was " + logs.lines());
      assertTrue(balanced.audited(l -> l.contains("\"reason\":\"proxy authentication failed\"")
          && l.contains("\"client_ip\":\"" + INTERNAL_MISP + "\"")), "audited with the client the header announced");
      assertNothingForwarded();
    }
  }

  @Test
  void wrongPasswordGets407() throws Exception {
    MispClient client = guard.client(INTERNAL_MISP)
        .withConnectHeader("Proxy-Authorization", basic(USER, "Corr3ct-H0rse-Batter"));

    MispClient.Tunnel tunnel = connectToMispB(client);

    assertEquals(407, tunnel.connectReply().status());
    assertTrue(logs.contains("request blocked: [CONNECT]" + hostB() + " - proxy authentication failed"));
    assertNothingForwarded();
    assertNotLogged("Corr3ct-H0rse-Batter");
  }

  @Test
  void wrongUserGets407() throws Exception {
    MispClient client = guard.client(INTERNAL_MISP).withConnectHeader("Proxy-Authorization", basic("admin", PASSWORD));

    assertEquals(407, connectToMispB(client).connectReply().status());
    assertNothingForwarded();
  }

  @Test
  void rightCredentialsLetTheSyncCallPassAndAreNeverLogged() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion"))
        .willReturn(aResponse().withStatus(200).withBody("{\"version\":\"2.5.2\"}")));
    MispClient client = guard.client(INTERNAL_MISP).withConnectHeader("Proxy-Authorization", basic(USER, PASSWORD));

    MispClient.Tunnel tunnel = connectToMispB(client);
    assertEquals(200, tunnel.connectReply().status());
    try (MispClient.Connection misp = tunnel.connection()) {
      Reply first = misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null);
      Reply second = misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null);
      assertEquals(200, first.status());
      assertEquals(200, second.status(), "checked once per connection");
    }

    assertEquals(2, mispB.received().size());
    assertFalse(mispB.received().get(0).containsHeader("Proxy-Authorization"),
        "credentials for the guard are not passed on");
    assertNotLogged(PASSWORD);
    assertNotLogged(basic(USER, PASSWORD).substring("Basic ".length()));
  }

  @Test
  void plainHttpRequestsNeedTheCredentialsTooWhichAreNotPassedOn() throws Exception {
    plainMisp.reset();
    plainMisp.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200)));
    String authority = "misp-d.test:" + plainMisp.port();
    try (MispClient.Connection misp = guard.client(INTERNAL_MISP).plain()) {
      assertEquals(407, misp.send("GET", "http://" + authority + "/servers/getVersion", authority, Map.of(), null)
          .status());
    }
    try (MispClient.Connection misp = guard.client(INTERNAL_MISP).plain()) {
      Reply allowed = misp.send("GET", "http://" + authority + "/servers/getVersion", authority,
          Map.of("Proxy-Authorization", basic(USER, PASSWORD)), null);
      assertEquals(200, allowed.status());
    }
    assertEquals(1, plainMisp.received().size());
    assertFalse(plainMisp.received().get(0).containsHeader("Proxy-Authorization"));
    assertNotLogged(PASSWORD);
  }

  @Test
  void shippedLoggingConfigurationHoldsTheLibrariesThatLogHeadersAtWarn() throws Exception {
    try (InputStream shipped = getClass().getResourceAsStream("/log4j2.xml")) {
      String xml = new String(shipped.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(xml.contains("<Logger name=\"org.littleshoot\" level=\"WARN\"/>"), xml);
      assertTrue(xml.contains("<Logger name=\"io.netty\" level=\"WARN\"/>"), xml);
    }
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    assertEquals(Level.WARN, context.getLogger("org.littleshoot.proxy.impl.ClientToProxyConnection").getLevel());
  }
}
