package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mispguard.proxy.GuardSettings;

/**
 * HTTP/1.1 as MISP's client and real remote servers speak it (SPEC §6): method overrides refused,
 * {@code Connection: close} honoured after every reply, {@code Via} under a pseudonym, the
 * client's {@code Accept-Encoding} narrowed to what the guard decodes.
 */
class HttpSemanticsTest extends SyncNetwork {

  static final String EVENT_VIEW = "/events/view/" + Events.UUID;

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings);
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "secret-key-123");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void aMethodOverrideHeaderCannotTurnAPullIntoADelete() throws Exception {
    for (String header : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"}) {
      Reply reply = send("GET", EVENT_VIEW, headers(header, "DELETE"), null);

      assertRefused(reply, 403, "request blocked: [GET]" + EVENT_VIEW + " - method override header not allowed: " + header);
    }
  }

  @Test
  void aFormWithAMethodFieldIsRefused() throws Exception {
    Reply reply = send("POST", "/servers/postTest",
        headers("Content-Type", "application/x-www-form-urlencoded"), "_method=DELETE".getBytes(StandardCharsets.UTF_8));

    assertRefused(reply, 403, "request blocked: [POST]/servers/postTest - form data not allowed: CakePHP reads a"
        + " _method field in it as the request method");
  }

  /** A reply forwarded from the remote, and a refusal of the guard's own. */
  @ParameterizedTest
  @CsvSource({"/servers/getVersion, 200", "/users/index, 403"})
  void connectionCloseIsHonouredAfterTheReply(String path, int status) throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      Reply reply = misp.send("GET", path, hostB(), headers("Connection", "close"), null);

      assertEquals(status, reply.status());
      assertEquals("close", reply.header("Connection"));
      assertTrue(misp.isClosedByPeer(), "the guard closes the connection after the reply");
    }
  }

  @Test
  void connectionCloseIsHonouredAfterARefusedResponse() throws Exception {
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withBody(Events.withAttribute("\"type\": \"iban\", \"category\": \"Financial fraud\""))));
    try (MispClient.Connection misp = tunnelToMispB()) {
      Reply reply = misp.send("GET", EVENT_VIEW, hostB(), headers("Connection", "close"), null);

      assertEquals(403, reply.status());
      assertTrue(misp.isClosedByPeer(), "the guard closes the connection after the refusal");
    }
  }

  @Test
  void withoutConnectionCloseTheConnectionStaysOpen() throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      assertEquals(403, misp.send("GET", "/users/index", hostB(), headers(), null).status());

      assertFalse(misp.isClosedByPeer());
    }
  }

  /**
   * MISP asks HEAD events/view before each push; the answer declares the length of an event it does
   * not send, here over the guard's body limit (1 MiB). Nothing is read, so nothing is held or refused.
   */
  @Test
  void aHeadAnswerDeclaringALengthOverTheLimitPassesWithNothingHeld() throws Exception {
    mispB.server.stubFor(head(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withHeader("Content-Length", String.valueOf(3 * 1024 * 1024))));

    Reply reply = send("HEAD", EVENT_VIEW, headers(), null);

    assertEquals(200, reply.status(), reply.text());
    assertEquals(String.valueOf(3 * 1024 * 1024), reply.header("Content-Length"));
    assertEquals(0, reply.body().length);
    assertFalse(logs.contains("response body exceeds the limit"), "no refusal was logged");
  }

  @Test
  void viaNamesTheGuardByItsPseudonymOnly() throws Exception {
    Reply reply = send("GET", "/servers/getVersion", (String) null);

    assertEquals("1.1 misp-guard", mispB.received().get(0).getHeader("Via"), "what the remote learns");
    assertEquals("1.1 misp-guard", reply.header("Via"), "what the client learns");
    assertEquals("1.1 misp-guard", send("GET", "/users/index", (String) null).header("Via"), "refusals too");
  }

  @Test
  void theRemoteIsOfferedOnlyCodingsTheGuardDecodes() throws Exception {
    send("GET", "/servers/getVersion", headers("Accept-Encoding", "gzip, compress, zstd;q=0.5, exi"), null);

    assertEquals("gzip, zstd;q=0.5", mispB.received().get(0).getHeader("Accept-Encoding"));
    mispB.reset();
    send("GET", "/servers/getVersion", (String) null);
    assertEquals("identity", mispB.received().get(0).getHeader("Accept-Encoding"), "no header: what remotes send anyway");
  }

  @Test
  void listenerAddressesAreLoggedAsAdministratorsWriteThem(@org.junit.jupiter.api.io.TempDir Path other)
      throws Exception {
    try (GuardUnderTest ipv6 = GuardUnderTest.start(other, Configs.threeInstances(mispB.port(), mispC.port()),
        guard.guard.ca().certificateFile(), 1024, false, HttpSemanticsTest::onIpv6Loopback)) {
      assertTrue(logs.contains("forward proxy listening on [::1]:" + ipv6.guard.forwardAddress().getPort()),
          () -> "log was " + logs.lines());
    }
  }

  private static GuardSettings onIpv6Loopback(GuardSettings s) {
    return s.withForwardListen(new InetSocketAddress("::1", 0));
  }

}
