package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mispguard.e2e.Compression.br;
import static org.mispguard.e2e.Compression.deflate;
import static org.mispguard.e2e.Compression.gzip;
import static org.mispguard.e2e.Compression.utf8;
import static org.mispguard.e2e.Compression.zeros;
import static org.mispguard.e2e.Compression.zstd;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compressed bodies (SPEC §6): judged decoded, forwarded exactly as judged, never bigger than
 * the limit once decoded, and refused when the guard cannot read them.
 */
class EncodingAttackTest extends SyncNetwork {

  static final int LIMIT = 1024 * 1024;
  static final String PASSPORT = "\"type\": \"passport-number\", \"category\": \"Other\"";
  static final String EVENT_VIEW = "/events/view/" + Events.UUID;

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(LIMIT, settings -> settings);
  }

  private Reply push(String encoding, byte[] body) throws Exception {
    return send("POST", "/events/add", Map.of("Content-Encoding", encoding), body);
  }

  private void assertForwardedDecoded(Reply reply, String event) {
    assertEquals(200, reply.status(), () -> "log was " + logs.lines());
    assertEquals(1, mispB.received().size());
    assertArrayEquals(utf8(event), mispB.received().get(0).getBody(), "what was judged is what is forwarded");
    assertNull(mispB.received().get(0).getHeader("Content-Encoding"));
  }

  @Test
  void gzipPushIsJudgedDecoded() throws Exception {
    assertForwardedDecoded(push("gzip", gzip(utf8(Events.allowed()))), Events.allowed());
    mispB.reset();
    assertRefused(push("gzip", gzip(utf8(Events.withAttribute(PASSPORT)))), 403, "attribute with a blocked type");
  }

  @Test
  void deflatePushIsJudgedDecoded() throws Exception {
    assertRefused(push("deflate", deflate(utf8(Events.withAttribute(PASSPORT)))), 403, "attribute with a blocked type");
  }

  @Test
  void brotliPushIsJudgedDecoded() throws Exception {
    assertForwardedDecoded(push("br", br(utf8(Events.allowed()))), Events.allowed());
  }

  @Test
  void brotliPushWithABlockedAttributeIsRefused() throws Exception {
    assertRefused(push("br", br(utf8(Events.withAttribute(PASSPORT)))), 403, "attribute with a blocked type");
  }

  @Test
  void everyLayerOfAStackIsDecoded() throws Exception {
    assertRefused(push("gzip, br", br(gzip(utf8(Events.withAttribute(PASSPORT))))), 403,
        "attribute with a blocked type");
    assertRefused(push("gzip, gzip", gzip(gzip(utf8(Events.withAttribute(PASSPORT))))), 403,
        "attribute with a blocked type");
  }

  @Test
  void aStackOfAllowedLayersIsForwardedDecoded() throws Exception {
    assertForwardedDecoded(push("deflate, gzip", gzip(deflate(utf8(Events.allowed())))), Events.allowed());
  }

  @Test
  void encodingsSplitOverTwoHeadersAreAStack() throws Exception {
    byte[] body = gzip(gzip(utf8(Events.withAttribute(PASSPORT))));
    String raw = "POST /events/add HTTP/1.1\r\nHost: " + hostB() + "\r\nContent-Encoding: gzip\r\n"
        + "Content-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n\r\n";
    try (MispClient.Connection misp = tunnelToMispB()) {
      byte[] all = new byte[raw.length() + body.length];
      System.arraycopy(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, all, 0, raw.length());
      System.arraycopy(body, 0, all, raw.length(), body.length);
      assertRefused(misp.exchange(all, false), 403, "attribute with a blocked type");
    }
  }

  @Test
  void aBodyThatIsNotWhatItsEncodingSaysIsRefused() throws Exception {
    assertRefused(push("gzip", utf8(Events.allowed())), 400, "request blocked: [POST]/events/add - malformed gzip request body");
  }

  @Test
  void zstdPushIsJudgedDecoded() throws Exception {
    assertForwardedDecoded(push("zstd", zstd(utf8(Events.allowed()))), Events.allowed());
    mispB.reset();
    assertRefused(push("zstd", zstd(utf8(Events.withAttribute(PASSPORT)))), 403, "attribute with a blocked type");
  }

  @Test
  void anUnknownEncodingIsRefused() throws Exception {
    assertRefused(push("compress", utf8(Events.allowed())), 403, "unsupported Content-Encoding: compress");
    assertRefused(push("exi", utf8(Events.allowed())), 403, "unsupported Content-Encoding: exi");
  }

  @Test
  void aGzipBombIsRefusedOnceItsDecodedSizePassesTheLimit() throws Exception {
    byte[] bomb = gzip(zeros(16 * LIMIT));
    assertRefused(push("gzip", bomb), 413, "request body exceeds the limit");
    assertEquals(200, send("GET", "/servers/getVersion", (String) null).status(), "the guard stays up");
  }

  @Test
  void aZstdBombIsRefusedOnceItsDecodedSizePassesTheLimit() throws Exception {
    assertRefused(push("zstd", zstd(zeros(64 * LIMIT))), 413, "request body exceeds the limit");
    assertEquals(200, send("GET", "/servers/getVersion", (String) null).status(), "the guard stays up");
  }

  @Test
  void aBrotliBombIsRefusedOnceItsDecodedSizePassesTheLimit() throws Exception {
    byte[] bomb = br(zeros(64 * LIMIT));
    assertRefused(push("br", bomb), 413, "request body exceeds the limit");
    assertEquals(200, send("GET", "/servers/getVersion", (String) null).status(), "the guard stays up");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zstd"})
  void aPulledEventIsJudgedDecoded(String coding) throws Exception {
    String iban = Events.withAttribute("\"type\": \"iban\", \"category\": \"Financial fraud\"");
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Encoding", coding).withBody(Compression.encode(coding, utf8(iban)))));

    Reply reply = send("GET", EVENT_VIEW, (String) null);

    assertEquals(403, reply.status());
    assertFalse(reply.text().contains("198.51.100.7"), "no byte of the pulled event reaches the puller");
    org.junit.jupiter.api.Assertions.assertTrue(logs.contains("attribute with a blocked type: iban"));
  }

  /** zstd: Caddy's default, nginx with a zstd module, CDNs; a remote that prefers it answers in it. */
  @ParameterizedTest
  @ValueSource(strings = {"br", "zstd"})
  void aPulledEventIsForwardedDecoded(String coding) throws Exception {
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Encoding", coding).withBody(Compression.encode(coding, utf8(Events.allowed())))));

    Reply reply = send("GET", EVENT_VIEW, (String) null);

    assertEquals(200, reply.status(), () -> "log was " + logs.lines());
    assertEquals(Events.allowed(), reply.text());
    assertNull(reply.header("Content-Encoding"));
  }

  @Test
  void aResponseBombIsRefusedWith502() throws Exception {
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Encoding", "gzip").withBody(gzip(zeros(16 * LIMIT)))));

    Reply reply = send("GET", EVENT_VIEW, (String) null);

    assertEquals(502, reply.status());
    org.junit.jupiter.api.Assertions.assertTrue(logs.contains("response body exceeds the limit"));
  }

  @Test
  void aResponseInAnUnknownEncodingIsRefused() throws Exception {
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Encoding", "compress").withBody(utf8(Events.allowed()))));

    assertEquals(403, send("GET", EVENT_VIEW, (String) null).status());
    org.junit.jupiter.api.Assertions.assertTrue(logs.contains("unsupported Content-Encoding in response: compress"));
  }
}
