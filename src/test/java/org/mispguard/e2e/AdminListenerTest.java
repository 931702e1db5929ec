package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin listener next to the forward proxy: never a destination the proxy forwards to, even
 * though this network's allowlist lets {@code localhost} through; its health check says 503 as soon
 * as the guard stops serving; configuration reloads are counted.
 */
class AdminListenerTest extends SyncNetwork {

  static final String REFUSAL = "destination is the guard's own admin listener";

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings.withAdminListen(new InetSocketAddress("127.0.0.1", 0)));
  }

  private static int adminPort() {
    return guard.guard.adminAddress().getPort();
  }

  @Test
  void aTunnelToTheAdminListenerIsRefusedThoughLocalhostIsAllowlisted() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("localhost", adminPort());

    assertEquals(403, tunnel.connectReply().status());
    assertTrue(tunnel.connectReply().text().contains(REFUSAL), tunnel.connectReply().text());
    assertTrue(logs.contains("request blocked: [CONNECT]localhost:" + adminPort() + " - " + REFUSAL));
  }

  @Test
  void aPlainRequestForTheMetricsIsRefusedWhateverTheSpelling() throws Exception {
    for (String host : new String[] {"127.0.0.1", "localhost", "[::ffff:127.0.0.1]"}) {
      String authority = host + ":" + adminPort();
      try (MispClient.Connection plain = guard.client(INTERNAL_MISP).plain()) {
        Reply reply = plain.send("GET", "http://" + authority + "/metrics", authority, Map.of(), null);

        assertEquals(403, reply.status(), host);
        assertFalse(reply.text().contains("misp_guard_requests_total"), "no metrics through the proxy");
      }
    }
    assertTrue(logs.contains("request blocked: [GET]/metrics - " + REFUSAL));
  }

  /**
   * A spelling of the admin address the request line does not give away (127.0.0.1 as one decimal
   * number), allowlisted: the guard resolves it as it would to connect, and refuses before it does.
   */
  @Test
  void anAllowedNameThatResolvesToTheAdminListenerIsRefusedWhereTheGuardDials() throws Exception {
    String config = Configs.fourInstances(mispB.port(), mispC.port(), plainMisp.port())
        .replace("\"domains\": [\"localhost\"]", "\"domains\": [\"2130706433\"]");
    try (GuardUnderTest decimal = GuardUnderTest.start(folder.resolve("decimal"), config,
        remotesCa, 1024 * 1024, false,
        settings -> settings.withAdminListen(new InetSocketAddress("127.0.0.1", 0)))) {
      String authority = "2130706433:" + decimal.guard.adminAddress().getPort();

      MispClient.Tunnel tunnel = decimal.client(INTERNAL_MISP).connect("2130706433", decimal.guard.adminAddress().getPort());
      Reply plainReply;
      try (MispClient.Connection plain = decimal.client(INTERNAL_MISP).plain()) {
        plainReply = plain.send("GET", "http://" + authority + "/metrics", authority, Map.of(), null);
      }

      assertEquals(403, tunnel.connectReply().status(), tunnel.connectReply().text());
      assertTrue(tunnel.connectReply().text().contains(REFUSAL), tunnel.connectReply().text());
      assertEquals(403, plainReply.status(), plainReply.text());
      assertFalse(plainReply.text().contains("misp_guard_requests_total"), "no metrics through the proxy");
      assertTrue(logs.contains("request blocked: [CONNECT]" + authority + " - " + REFUSAL));
      assertTrue(logs.contains("request blocked: [GET]/metrics - " + REFUSAL));
    }
  }

  /** Connections that never finish their request hold the listener's threads only for a while. */
  @Test
  void connectionsThatNeverFinishARequestDoNotSilenceTheHealthCheck() throws Exception {
    InetSocketAddress admin = guard.guard.adminAddress();
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket(admin.getAddress(), admin.getPort());
        socket.getOutputStream().write('G');
        socket.getOutputStream().flush();
        stalled.add(socket);
      }

      assertEquals(200, guard.admin().health(), "answered once the stalled requests timed out");
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  @Test
  void healthTurns503AsSoonAsTheGuardStopsWhileItFinishesARequestInFlight() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200)
        .withBody("{\"version\":\"2.5.2\"}").withFixedDelay(2000)));
    GuardUnderTest stopping = GuardUnderTest.start(folder.resolve("stopping"),
        Configs.fourInstances(mispB.port(), mispC.port(), plainMisp.port()),
        remotesCa, 1024 * 1024, false,
        settings -> settings.withAdminListen(new InetSocketAddress("127.0.0.1", 0)));
    AdminEndpoint admin = stopping.admin();
    assertEquals(200, admin.health());
    CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> {
      MispClient.Tunnel tunnel;
      try {
        tunnel = stopping.client(INTERNAL_MISP).connect("misp-b.test", mispB.port());
        try (MispClient.Connection misp = tunnel.connection()) {
          return misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.currentTimeMillis() + 5000;
    while (mispB.received().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
      try {
        return stopping.guard.stop(Duration.ofSeconds(10));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    int health = 200;
    while (health == 200 && !slow.isDone() && System.currentTimeMillis() < deadline) {
      health = admin.health();
    }

    assertEquals(503, health, "a stopping guard is not healthy");
    assertFalse(slow.isDone(), "503 came while the request was still in flight");
    assertEquals(200, slow.get(10, TimeUnit.SECONDS).status());
    assertTrue(stopped.get(10, TimeUnit.SECONDS));
    assertThrows(IOException.class, admin::health, "a stopped guard's admin listener is closed");
  }

  @Test
  void reloadsAreCountedAppliedAndRejected() throws Exception {
    GuardUnderTest watching = GuardUnderTest.start(folder.resolve("watching"), ReloadAndAuditTest.ONE_RULE,
        remotesCa, 1024 * 1024, true,
        settings -> settings.withAdminListen(new InetSocketAddress("127.0.0.1", 0)));
    try (watching) {
      AdminEndpoint admin = watching.admin();

      Files.writeString(watching.configFile, ReloadAndAuditTest.TWO_RULES, StandardCharsets.UTF_8);
      assertTrue(eventually(admin, "applied", 1), "a valid change is counted as applied");
      Files.writeString(watching.configFile, "{ \"block_rules\": [ { \"idd\": \"x\" } ] }", StandardCharsets.UTF_8);
      assertTrue(eventually(admin, "rejected", 1), "an invalid change is counted as rejected");
      assertEquals(1, AdminEndpoint.sum(admin.scrape(), "misp_guard_config_reloads_total", Map.of("result", "applied")));
    }
  }

  /** The watcher notices a change asynchronously. */
  private static boolean eventually(AdminEndpoint admin, String result, double count) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    do {
      if (AdminEndpoint.sum(admin.scrape(), "misp_guard_config_reloads_total", Map.of("result", result)) == count) {
        return true;
      }
      Thread.sleep(100);
    } while (System.currentTimeMillis() < deadline);
    return false;
  }
}
