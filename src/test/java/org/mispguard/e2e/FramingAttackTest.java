package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message framing inside the tunnel (SPEC §6): anything two parsers could read differently is
 * refused with 400 and the connection closed, so that no second request can be smuggled past
 * the guard to the remote.
 */
class FramingAttackTest extends SyncNetwork {

  static final String EVENT = Events.withAttribute("\"type\": \"passport-number\", \"category\": \"Other\"");

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings);
  }

  /** A smuggled push: allowed-looking framing around a request the rules would refuse. */
  static String hidden() {
    return "POST /events/add HTTP/1.1\r\nHost: H\r\nContent-Length: " + EVENT.length() + "\r\n\r\n" + EVENT;
  }

  static Stream<Arguments> ambiguousFraming() {
    String hidden = hidden();
    String chunk = Integer.toHexString(hidden.length());
    return Stream.of(
        Arguments.of("Content-Length and Transfer-Encoding", "POST /servers/postTest HTTP/1.1\r\nHost: H\r\n"
            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "\r\n" + hidden + "\r\n0\r\n\r\n"),
        Arguments.of("two different Content-Lengths", "POST /servers/postTest HTTP/1.1\r\nHost: H\r\n"
            + "Content-Length: 2\r\nContent-Length: " + (hidden.length() + 2) + "\r\n\r\n{}" + hidden),
        Arguments.of("a chunk size that is no number", "POST /servers/postTest HTTP/1.1\r\nHost: H\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n2g\r\n{}\r\n0\r\n\r\n"),
        Arguments.of("a transfer coding under chunked", "POST /servers/postTest HTTP/1.1\r\nHost: H\r\n"
            + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunk + "\r\n0\r\n\r\n" + hidden + "\r\n0\r\n\r\n"),
        Arguments.of("a bare LF ending header lines", "POST /servers/postTest HTTP/1.1\nHost: H\n"
            + "Content-Length: 2\n\n{}"),
        Arguments.of("a bare CR inside a header", "POST /servers/postTest HTTP/1.1\r\nHost: H\r\n"
            + "X-Note: a\rContent-Length: 999\r\nContent-Length: 2\r\n\r\n{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousFraming")
  void ambiguousFramingIsRefusedAndTheConnectionClosed(String trick, String raw) throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      Reply reply = misp.exchange(raw.replace("Host: H", "Host: " + hostB()).getBytes(StandardCharsets.ISO_8859_1), false);
      assertTrue(reply.status() == 400 || reply.status() == -1, () -> trick + ": got " + reply.status());
      assertTrue(misp.isClosedByPeer(), trick + ": the connection must be closed");
    }
    assertNothingForwarded();
  }

  @Test
  void aBodyOnAGetIsRefused() throws Exception {
    assertRefused(sendRaw("GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\nContent-Length: "
        + hidden().length() + "\r\n\r\n" + hidden()), 400, "a GET request must not carry a body");
  }

  @Test
  void aForbiddenRequestPipelinedBehindAnAllowedOneIsJudgedOnItsOwn() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200)
        .withBody("{\"version\":\"2.5.2\"}").withFixedDelay(300)));
    String first = "GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\n\r\n";
    String second = hidden().replace("Host: H", "Host: " + hostB());
    try (MispClient.Connection misp = tunnelToMispB()) {
      misp.write((first + second).getBytes(StandardCharsets.UTF_8));
      Reply one = misp.read(false);
      assertTrue(one.status() == 400 || one.status() == -1, "got " + one.status());
      assertTrue(misp.isClosedByPeer());
    }
    assertTrue(logs.contains("pipelined request"));
    assertTrue(mispB.received().size() <= 1, "at most the first request goes upstream");
    assertTrue(mispB.received().stream().noneMatch(r -> r.getUrl().contains("events")), "never the hidden one");
  }

  @Test
  void aPipelinedPullIsJudgedByItsOwnRules() throws Exception {
    String event = "/events/view/" + Events.UUID;
    String iban = Events.withAttribute("\"type\": \"iban\", \"category\": \"Financial fraud\"");
    mispB.server.stubFor(get(urlEqualTo(event)).willReturn(aResponse().withStatus(200).withBody(iban).withFixedDelay(300)));
    String pull = "GET " + event + " HTTP/1.1\r\nHost: " + hostB() + "\r\n\r\n";
    // marked, so that a getVersion of an earlier test still on its way upstream is not taken for it
    String handshake = "GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\nX-Pipelined: behind-a-pull\r\n\r\n";
    try (MispClient.Connection misp = tunnelToMispB()) {
      misp.write((pull + handshake).getBytes(StandardCharsets.UTF_8));
      Reply one = misp.read(false);
      assertFalse(one.text().contains("198.51.100.7"), "the pulled event is judged by the pull's rules");
      assertTrue(one.status() == 403 || one.status() == 400 || one.status() == -1, "got " + one.status());
    }
    // the pull itself may or may not have left before the connection was closed: that is timing
    assertTrue(mispB.received().stream().noneMatch(r -> r.containsHeader("X-Pipelined")),
        "the pipelined request does not go upstream");
  }

  @Test
  void expectContinueStillJudgesTheWholeBody() throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      Reply reply = misp.exchange(("POST /events/add HTTP/1.1\r\nHost: " + hostB() + "\r\nExpect: 100-continue\r\n"
          + "Content-Length: " + EVENT.length() + "\r\n\r\n" + EVENT).getBytes(StandardCharsets.UTF_8), false);
      if (reply.status() == 100) {
        reply = misp.read(false);
      }
      assertRefused(reply, 403, "attribute with a blocked type");
    }
  }

  @Test
  void foldedHeadersAreUnfoldedNotPassedOn() throws Exception {
    Reply reply = sendRaw("GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\nX-Note: one\r\n two\r\n\r\n");

    assertEquals(200, reply.status());
    assertEquals("one two", mispB.received().get(0).getHeader("X-Note"));
  }

  @Test
  void aFoldedHostHeaderIsRefused() throws Exception {
    assertRefused(sendRaw("GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\n misp-c.test\r\n\r\n"),
        403, "malformed Host header");
  }
}
