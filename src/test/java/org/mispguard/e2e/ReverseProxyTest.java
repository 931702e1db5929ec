package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mispguard.config.HostPort;
import org.mispguard.proxy.ReverseSettings;

/**
 * The reverse listener end to end, on the {@link PullNetwork}: the remote MISP pulls from the
 * internal one through the guard's reverse listener.
 */
class ReverseProxyTest extends PullNetwork {

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(UnaryOperator.identity());
  }

  /** A guard for the pull network: reverse listener towards {@code upstream}, forward one too if asked. */
  private static GuardUnderTest startGuard(String name, HostPort upstream, boolean withForward) throws Exception {
    return startGuard(name, upstream, withForward, UnaryOperator.identity());
  }

  @Test
  void cleanEventIsPulledByteForByte() throws Exception {
    serve("/events/view/" + EVENT_UUID, CLEAN_EVENT);

    Reply reply = pull("/events/view/" + EVENT_UUID);

    assertEquals(200, reply.status());
    assertArrayEquals(CLEAN_EVENT.getBytes(StandardCharsets.UTF_8), reply.body());
    var received = internal.received().get(0);
    assertEquals("/events/view/" + EVENT_UUID, received.getUrl(), "origin-form path upstream");
    assertEquals("misp-internal.test:" + internal.port(), received.getHeader("Host"), "Host names the upstream");
    assertEquals("remote-sync-key-42", received.getHeader("Authorization"));
    assertFalse(logs.lines().stream().anyMatch(l -> l.contains("remote-sync-key-42")), "keys are never logged");
  }

  @Test
  void eventBlockedByTheInternalServersRulesIsRefused() throws Exception {
    serve("/events/view/" + EVENT_UUID, RED_EVENT);

    Reply reply = pull("/events/view/" + EVENT_UUID);

    assertEquals(403, reply.status());
    assertFalse(reply.text().contains("Secret case"), "nothing of the event reaches the remote");
    assertTrue(logs.contains("request blocked: [GET]/events/view/" + EVENT_UUID + " - event has blocked tag: tlp:red"));
    Thread.sleep(200);
    assertFalse(logs.lines().stream().anyMatch(l -> l.contains("Exception")), () -> "clean refusal: " + logs.lines());
    assertTrue(guard.audited(l -> l.contains("\"source\":\"inst_remote\"")
        && l.contains("\"destination\":\"inst_internal\"") && l.contains("\"verdict\":\"block\"")));
  }

  @Test
  void theBodyOfAConnectionsFirstRequestIsJudgedForTheUpstream() throws Exception {
    internal.server.stubFor(any(urlEqualTo("/events/index")).willReturn(aResponse().withStatus(200).withBody("[]")));
    String guardHost = GUARD_NAME + ":" + guard.guard.reverseAddress().getPort();
    try (MispClient.Connection connection = guard.reverseClient(REMOTE_MISP).direct(GUARD_NAME)) {
      Reply refused = connection.send("POST", "/events/index", guardHost, Map.of(),
          "{\"minimal\":0,\"published\":1}".getBytes(StandardCharsets.UTF_8));
      assertRefused(refused, 403, "{'minimal': 1, 'published': 1} is required for /events/index requests");
    }
    try (MispClient.Connection connection = guard.reverseClient(REMOTE_MISP).direct(GUARD_NAME)) {
      byte[] query = "{\"minimal\":1,\"published\":1}".getBytes(StandardCharsets.UTF_8);
      assertEquals(200, connection.send("POST", "/events/index", guardHost, Map.of(), query).status());
      assertArrayEquals(query, internal.received().get(0).getBody());
    }
  }

  @Test
  void endpointOutsideTheCatalogueIsRefused() throws Exception {
    assertRefused(pull("/users/index"), 403, "request blocked: [GET]/users/index - endpoint not allowed");
  }

  @Test
  void hostHeaderMustNameTheGuard() throws Exception {
    Reply reply = pull(guard, REMOTE_MISP, "GET", "/servers/getVersion", "misp-internal.test");

    assertRefused(reply, 403, "Host header does not name this server");
  }

  @Test
  void tunnelsAreNotOffered() throws Exception {
    Reply reply = pull(guard, REMOTE_MISP, "CONNECT", "misp-internal.test:" + internal.port(), GUARD_NAME);

    assertRefused(reply, 403, "CONNECT is not accepted by the reverse proxy");
  }

  @Test
  void unknownSourceIsRefused() throws Exception {
    Reply reply = pull(guard, "127.0.0.9", "GET", "/servers/getVersion", GUARD_NAME);

    assertRefused(reply, 403, "source host 127.0.0.9 does not exist in instances hosts mapping");
  }

  @Test
  void upstreamCertificateMustNameTheUpstream() throws Exception {
    impostor.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    try (GuardUnderTest toOther = startGuard("other", new HostPort("misp-other.test", impostor.port()), false)) {
      Reply reply = pull(toOther, REMOTE_MISP, "GET", "/servers/getVersion", GUARD_NAME);

      assertEquals(502, reply.status());
      assertTrue(logs.contains("cannot reach the upstream MISP server misp-other.test:" + impostor.port()));
      assertTrue(impostor.received().isEmpty(), "no request goes to a server that failed verification");
    }
  }

  @Test
  void bothListenersServeOnePolicy() throws Exception {
    remote.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200).withBody("{\"version\":\"2.5.2\"}")));
    serve("/servers/getVersion", "{\"version\":\"2.5.1\"}");

    MispClient.Tunnel push = guard.client(INTERNAL_MISP).connect("misp-remote.test", remote.port());
    try (MispClient.Connection connection = push.connection()) {
      Reply pushed = connection.send("GET", "/servers/getVersion", "misp-remote.test:" + remote.port(), Map.of(), null);
      assertEquals("{\"version\":\"2.5.2\"}", pushed.text());
    }
    Reply pulled = pull("/servers/getVersion");

    assertEquals("{\"version\":\"2.5.1\"}", pulled.text());
    assertEquals(1, remote.received().size());
    assertEquals(1, internal.received().size());
  }

  @Test
  void seedFormatTakesUpstreamAndNameFromItsBlocks() throws Exception {
    try (RemoteMisp localMisp = RemoteMisp.start("localhost", "127.0.0.1", remotes);
        GuardUnderTest seed = GuardUnderTest.start(folder.resolve("seed"),
            Configs.seedWithMispBlock("localhost", localMisp.port(), GUARD_NAME), remotes.caCertificateFile(),
            1024 * 1024, false, Optional.of(new ReverseSettings(Optional.empty(), Optional.empty(), Optional.empty())))) {
      localMisp.server.stubFor(get(urlEqualTo("/events/view/" + EVENT_UUID)).willReturn(aResponse().withStatus(200).withBody(RED_EVENT)));

      Reply reply = pull(seed, REMOTE_MISP, "GET", "/events/view/" + EVENT_UUID, GUARD_NAME);

      assertEquals(403, reply.status());
      assertTrue(logs.contains("event has blocked tag: tlp:red. blocked by rule: no-red"));
      assertThrows(java.util.NoSuchElementException.class, seed.guard::forwardAddress,
          "--mode reverse without --reverse-port replaces the forward listener");
    }
  }

  @Test
  void stopLetsARequestInFlightFinish() throws Exception {
    internal.server.stubFor(get(urlEqualTo("/events/view/" + EVENT_UUID)).willReturn(aResponse().withStatus(200)
        .withBody(CLEAN_EVENT).withFixedDelay(1500)));
    GuardUnderTest stopping = startGuard("stopping", new HostPort("misp-internal.test", internal.port()), false);
    java.net.InetSocketAddress listener = stopping.guard.reverseAddress();
    CompletableFuture<Reply> slowPull = CompletableFuture.supplyAsync(() -> {
      try {
        return pull(stopping, REMOTE_MISP, "GET", "/events/view/" + EVENT_UUID, GUARD_NAME);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.currentTimeMillis() + 5000;
    while (internal.received().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }

    assertTrue(stopping.guard.stop(Duration.ofSeconds(10)), "every request finished in time");

    Reply reply = slowPull.get(10, TimeUnit.SECONDS);
    assertEquals(200, reply.status());
    assertArrayEquals(CLEAN_EVENT.getBytes(StandardCharsets.UTF_8), reply.body());
    assertThrows(IOException.class, () -> new java.net.Socket(listener.getAddress(), listener.getPort()).close(),
        "a stopped guard accepts no connection");
  }
}
