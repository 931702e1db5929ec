package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forward proxy end to end: a MISP server at 127.0.0.3 (instance {@code inst_a}) pushes
 * through the guard to a remote MISP at 127.0.0.2 ({@code misp-b.test}, instance {@code inst_b}).
 */
class ForwardProxyTest extends SyncNetwork {

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings);
  }

  @Test
  void handshakeCallPassesThroughTheTunnel() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"version\":\"2.5.2\",\"perm_sync\":true}")));

    Reply reply = send("GET", "/servers/getVersion", (String) null);

    assertEquals(200, reply.status());
    assertEquals("{\"version\":\"2.5.2\",\"perm_sync\":true}", reply.text());
    assertEquals(1, mispB.received().size());
    assertEquals("secret-key-123", mispB.received().get(0).getHeader("Authorization"));
    assertFalse(logs.lines().stream().anyMatch(l -> l.contains("secret-key-123")), "keys are never logged");
  }

  @Test
  void postTestBodyIsEchoedByteForByte() throws Exception {
    mispB.server.stubFor(post(urlEqualTo("/servers/postTest"))
        .willReturn(aResponse().withStatus(200).withBody("{{{request.body}}}").withTransformers("response-template")));
    String body = "{\"testString\":\"Ünïcode \\u00e9 and spaces  \\n kept\"}";

    Reply reply = send("POST", "/servers/postTest", body);

    assertEquals(200, reply.status());
    assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), mispB.received().get(0).getBody());
    assertEquals(body, reply.text());
  }

  @Test
  void severalRequestsOnOneKeptAliveTunnelAreEachJudged() throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      String host = "misp-b.test:" + mispB.port();
      assertEquals(200, misp.send("GET", "/servers/getVersion", host, Map.of(), null).status());
      assertEquals(403, misp.send("GET", "/users/index", host, Map.of(), null).status());
      assertEquals(200, misp.send("GET", "/users/view/me.json", host, Map.of(), null).status());
    }
    assertEquals(2, mispB.received().size());
  }

  @Test
  void aClientOfferingH2IsAnsweredWithHttp11() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect(hostB(), "misp-b.test", mispB.port(), "h2", "http/1.1");

    assertEquals("http/1.1", tunnel.negotiatedProtocol());
    try (MispClient.Connection misp = tunnel.connection()) {
      assertEquals(200, misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status());
    }
    assertEquals(1, mispB.received().size());
  }

  /**
   * A connection that closes after its request must not disturb the tunnels opened meanwhile: the
   * copy LittleProxy keeps of its CONNECT was released when the request came, and a pooled buffer
   * released once may already carry another connection's CONNECT.
   */
  @Test
  void aClosingTunnelLeavesTheTunnelsOpenedMeanwhileIntact() throws Exception {
    for (int round = 0; round < 2; round++) {
      List<MispClient.Connection> opened = new ArrayList<>();
      try (MispClient.Connection first = tunnelToMispB()) {
        assertEquals(200, first.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status());
        for (int i = 0; i < 16; i++) {
          opened.add(tunnelToMispB());
        }
      }
      Thread.sleep(50);
      for (MispClient.Connection connection : opened) {
        try (connection) {
          assertEquals(200, connection.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status(),
              () -> "log " + logs.lines());
        }
      }
    }
    assertEquals(2 * 17, mispB.received().size());
  }

  @Test
  void unknownSourceIsRefusedBeforeAnyHandshake() throws Exception {
    MispClient.Tunnel tunnel = guard.client(STRANGER).connect("misp-b.test", mispB.port());

    assertFalse(tunnel.established());
    assertRefused(tunnel.connectReply(), 403,
        "request blocked: [CONNECT]misp-b.test:" + mispB.port()
            + " - source host 127.0.0.9 does not exist in instances hosts mapping");
  }

  @Test
  void unknownDestinationIsRefused() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("misp-x.test", 443);

    assertRefused(tunnel.connectReply(), 403, "destination host misp-x.test does not exist in instances hosts mapping");
  }

  @Test
  void wrongPortIsRefused() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("misp-b.test", mispB.port() + 1);

    assertRefused(tunnel.connectReply(), 403, "destination port is not allowed");
  }

  @Test
  void unreachableCompartmentIsRefused() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("misp-c.test", mispC.port());

    assertRefused(tunnel.connectReply(), 403, "cannot reach compartment");
    assertTrue(mispC.received().isEmpty());
  }

  @Test
  void endpointOutsideTheCatalogueIsRefused() throws Exception {
    Reply reply = send("GET", "/users/index", (String) null);

    assertRefused(reply, 403, "request blocked: [GET]/users/index - endpoint not allowed");
    assertTrue(logs.contains("rejecting non allowed request to /users/index"));
  }

  @Test
  void dotSegmentsAreRefused() throws Exception {
    assertRefused(send("GET", "/servers/../users/index", (String) null), 403, "[GET]/servers/../users/index");
  }

  @Test
  void percentEncodedDotsAndSlashesAreRefused() throws Exception {
    assertRefused(send("GET", "/servers/%2e%2e/users/index", (String) null), 403, "[GET]/servers/%2e%2e/users/index");
    assertRefused(send("GET", "/servers%2fgetVersion", (String) null), 403, "[GET]/servers%2fgetVersion");
  }

  @Test
  void eventIndexMustAskForMinimalPublishedEvents() throws Exception {
    Reply reply = send("POST", "/events/index", "{\"minimal\":0,\"published\":1}");

    assertRefused(reply, 403, "{'minimal': 1, 'published': 1} is required for /events/index requests");
  }

  @Test
  void minimalPublishedEventIndexPasses() throws Exception {
    Reply reply = send("POST", "/events/index", "{\"minimal\":1,\"published\":1,\"timestamp\":1700000000}");

    assertEquals(200, reply.status());
    assertEquals("{\"minimal\":1,\"published\":1,\"timestamp\":1700000000}", mispB.received().get(0).getBodyAsString());
  }

  @Test
  void hostHeaderMustNameTheTunnelTarget() throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      Reply reply = misp.send("GET", "/servers/getVersion", "misp-c.test:" + mispC.port(), Map.of(), null);
      assertRefused(reply, 403, "Host header does not match the destination");
    }
  }

  @Test
  void allowlistedDomainPassesFromAKnownSource() throws Exception {
    updates.server.stubFor(get(urlEqualTo("/misp/manifest.json")).willReturn(aResponse().withStatus(200).withBody("[]")));
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("localhost", updates.port());
    assertEquals(200, tunnel.connectReply().status());
    try (MispClient.Connection connection = tunnel.connection()) {
      Reply reply = connection.send("GET", "/misp/manifest.json", "localhost:" + updates.port(), Map.of(), null);
      assertEquals(200, reply.status());
      assertEquals("[]", reply.text());
    }
    assertTrue(logs.contains("domain localhost was allowed by the allowlist"));
  }

  @Test
  void allowlistedDomainIsRefusedToAnUnknownSource() throws Exception {
    MispClient.Tunnel tunnel = guard.client(STRANGER).connect("localhost", updates.port());

    assertEquals(403, tunnel.connectReply().status());
    assertTrue(logs.contains("source host 127.0.0.9 does not exist in instances hosts mapping"));
    assertTrue(updates.received().isEmpty());
  }

  @Test
  void everyDecisionIsAudited() throws Exception {
    send("GET", "/users/index", (String) null);

    assertTrue(guard.audited(l ->
        l.contains("\"path\":\"/users/index\"") && l.contains("\"verdict\":\"block\"")
            && l.contains("\"reason\":\"endpoint not allowed\"") && l.contains("\"source\":\"inst_a\"")));
  }

  @Test
  void plainHttpRequestsGetTheSameChecks() throws Exception {
    plainMisp.reset();
    plainMisp.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200).withBody("{\"version\":\"2.5.2\"}")));
    String authority = "misp-d.test:" + plainMisp.port();
    try (MispClient.Connection misp = guard.client(INTERNAL_MISP).plain()) {
      Reply allowed = misp.send("GET", "http://" + authority + "/servers/getVersion", authority, Map.of(), null);
      assertEquals(200, allowed.status());
      assertEquals("{\"version\":\"2.5.2\"}", allowed.text());

      Reply refused = misp.send("GET", "http://" + authority + "/users/index", authority, Map.of(), null);
      assertEquals(403, refused.status());
    }
    assertTrue(logs.contains("request blocked: [GET]/users/index - endpoint not allowed"));
    assertEquals(1, plainMisp.received().size(), "only the allowed request reached the plain-HTTP MISP");
  }

  @Test
  void plainHttpRequestFromAnUnknownSourceIsRefused() throws Exception {
    plainMisp.reset();
    String authority = "misp-d.test:" + plainMisp.port();
    try (MispClient.Connection misp = guard.client(STRANGER).plain()) {
      Reply refused = misp.send("GET", "http://" + authority + "/servers/getVersion", authority, Map.of(), null);
      assertEquals(403, refused.status());
    }
    assertTrue(logs.contains("source host 127.0.0.9 does not exist in instances hosts mapping"));
    assertTrue(plainMisp.received().isEmpty());
  }

  @Test
  void anUnreachableRemoteIsReportedAndAudited() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = probe.getLocalPort();
    }
    String authority = "localhost:" + closedPort;
    try (MispClient.Connection misp = guard.client(INTERNAL_MISP).plain()) {
      Reply reply = misp.send("GET", "http://" + authority + "/servers/getVersion", authority, Map.of(), null);
      assertEquals(502, reply.status());
    }
    assertTrue(logs.contains("cannot reach the upstream server"));
    assertTrue(guard.audited(l -> l.contains("\"status\":502")));
  }
}
