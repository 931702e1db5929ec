package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forward listener behind a TCP load balancer (SPEC §4.1): every connection must start with a
 * PROXY protocol header, and the client is who the header names, not the socket's peer.
 */
class ProxyProtocolTest extends SyncNetwork {

  private static final String ANNOUNCES_INST_A = "PROXY TCP4 127.0.0.3 127.0.0.1 5555 8888\r\n";

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings.withProxyProtocol());
  }

  @Test
  void identityIsTakenFromTheHeader() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion"))
        .willReturn(aResponse().withStatus(200).withBody("{\"version\":\"2.5.2\"}")));
    MispClient balancedStranger = guard.client(STRANGER).withPreface(ANNOUNCES_INST_A);

    MispClient.Tunnel tunnel = balancedStranger.connect("misp-b.test", mispB.port());
    assertEquals(200, tunnel.connectReply().status(), () -> "inst_a announced by the header; log " + logs.lines());
    try (MispClient.Connection misp = tunnel.connection()) {
      assertEquals(200, misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status());
    }
    assertEquals(1, mispB.received().size());
  }

  @Test
  void theSocketPeerIsNotTheIdentity() throws Exception {
    MispClient internalAnnouncingStranger = guard.client(INTERNAL_MISP)
        .withPreface("PROXY TCP4 127.0.0.9 127.0.0.1 5555 8888\r\n");

    assertEquals(403, internalAnnouncingStranger.connect("misp-b.test", mispB.port()).connectReply().status());
    assertTrue(logs.contains("source host 127.0.0.9 does not exist in instances hosts mapping"), () -> "" + logs.lines());
    assertNothingForwarded();
  }

  @Test
  void missingHeaderIsRefused() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("misp-b.test", mispB.port());

    assertEquals(-1, tunnel.connectReply().status(), "connection closed without an answer");
    assertNothingForwarded();
  }

  @Test
  void malformedHeaderIsRefused() throws Exception {
    for (String header : new String[] {"PROXY TCP4 127.0.0.3\r\n", "PROXY TCP4 misp-a.test 127.0.0.1 5555 8888\r\n",
        "PROXY TCP4 127.0.0.3 127.0.0.1 5555 8888\n"}) {
      MispClient.Tunnel tunnel = guard.client(STRANGER).withPreface(header).connect("misp-b.test", mispB.port());
      assertEquals(-1, tunnel.connectReply().status(), header);
    }
    assertNothingForwarded();
  }

  @Test
  void headerWithoutSourceIdentifiesNoOne() throws Exception {
    MispClient unknown = guard.client(INTERNAL_MISP).withPreface("PROXY UNKNOWN\r\n");

    int status = unknown.connect("misp-b.test", mispB.port()).connectReply().status();
    assertTrue(status == 403 || status == -1, "refused, was " + status);
    assertNothingForwarded();
  }

  @Test
  void plainHttpRequestsUseTheHeaderToo() throws Exception {
    plainMisp.reset();
    plainMisp.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200)));
    String authority = "misp-d.test:" + plainMisp.port();
    try (MispClient.Connection misp = guard.client(STRANGER).withPreface(ANNOUNCES_INST_A).plain()) {
      assertEquals(200, misp.send("GET", "http://" + authority + "/servers/getVersion", authority, Map.of(), null)
          .status());
    }
    assertEquals(1, plainMisp.received().size());
  }
}
