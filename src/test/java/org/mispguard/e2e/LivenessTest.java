package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resources and liveness: idle and trickling clients are cut by the idle timeout (1 s here) and
 * never keep others from being served; an upstream that does not answer in time ends in 504; a
 * client that leaves right after its TLS handshake leaves no buffer behind (the class fails on
 * any leak Netty reports).
 */
class LivenessTest extends SyncNetwork {

  private static final Duration IDLE = Duration.ofSeconds(1);

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings.withIdleTimeout(IDLE));
  }

  private Socket rawConnection() throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(INTERNAL_MISP, 0));
    socket.connect(guard.guard.forwardAddress(), 5000);
    return socket;
  }

  /** Whether the guard has closed {@code socket}, waiting at most {@code millis} for it to do so. */
  private static boolean closedByGuard(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private void assertServed() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200)));
    try (MispClient.Connection misp = tunnelToMispB()) {
      assertEquals(200, misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status());
    }
  }

  @Test
  void idleConnectionsDoNotStopOthersAndAreClosedAfterTheTimeout() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        idle.add(rawConnection());
      }
      assertServed();

      Thread.sleep(IDLE.toMillis() + 1500);
      long open = 0;
      for (Socket socket : idle) {
        open += closedByGuard(socket, 10) ? 0 : 1;
      }
      assertEquals(0, open, "idle connections still open after the idle timeout");
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  @Test
  void clientTricklingItsHeaderIsCutWhileOthersAreServed() throws Exception {
    byte[] head = ("CONNECT misp-b.test:" + mispB.port() + " HTTP/1.1\r\nHost: misp-b.test:" + mispB.port()
        + "\r\nUser-Agent: " + "x".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    long started = System.nanoTime();
    boolean cut = false;
    try (Socket slow = rawConnection()) {
      for (int i = 0; i < head.length - 4 && !cut; i++) {
        try {
          slow.getOutputStream().write(head[i]);
          slow.getOutputStream().flush();
        } catch (IOException e) {
          cut = true;
        }
        if (i == 3) {
          assertServed();
        }
        cut = cut || closedByGuard(slow, 100);
      }
    }
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(cut, "a client sending one byte every 100 ms is cut before its header is complete");
    assertTrue(elapsedMillis < IDLE.toMillis() + 3000, "cut after the idle timeout, was " + elapsedMillis + " ms");
    assertNothingForwardedBut(1);
  }

  @Test
  void slowUpstreamEndsIn504WithinBoundedTime() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion"))
        .willReturn(aResponse().withStatus(200).withFixedDelay((int) IDLE.toMillis() * 4)));
    long started = System.nanoTime();

    Reply reply = send("GET", "/servers/getVersion", (String) null);

    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(504, reply.status());
    assertTrue(elapsedMillis < IDLE.toMillis() * 3, "answered after " + elapsedMillis + " ms");
    assertTrue(logs.contains("request blocked: [GET]/servers/getVersion - the upstream server did not answer in time"),
        () -> "" + logs.lines());
    assertTrue(guard.audited(l -> l.contains("\"status\":504")
        && l.contains("\"path\":\"/servers/getVersion\"")), "audited");
  }

  @Test
  void clientLeavingRightAfterTheHandshakeLeaksNothing() throws Exception {
    for (int i = 0; i < 20; i++) {
      tunnelToMispB().close();
    }
    assertNothingForwarded();
    assertServed();
  }

  private void assertNothingForwardedBut(int served) {
    assertEquals(served, mispB.received().size(), "only the served client's request reached misp-b");
  }
}
