package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mispguard.tls.TestServerCertificates;

/**
 * Documents crossing the guard: inst_a (127.0.0.3) pushes to and pulls from inst_b
 * ({@code misp-b.test} at 127.0.0.2). Pushes are judged by inst_a's rules (no passport numbers,
 * TLP required), pulls by inst_b's (no IBANs).
 */
class InspectionEndToEndTest {

  static final int LIMIT = 256 * 1024;

  @TempDir static Path folder;
  static RemoteMisp mispB;
  static RemoteMisp mispC;
  static GuardUnderTest guard;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  @BeforeAll
  static void startNetwork() throws Exception {
    TestServerCertificates remotes = new TestServerCertificates(folder);
    mispB = RemoteMisp.start("misp-b.test", "127.0.0.2", remotes);
    mispC = RemoteMisp.start("misp-c.test", "127.0.0.4", remotes);
    guard = GuardUnderTest.start(folder, Configs.threeInstances(mispB.port(), mispC.port()),
        remotes.caCertificateFile(), LIMIT, false);
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    guard.close();
    mispB.close();
    mispC.close();
  }

  @BeforeEach
  void listen() {
    mispB.reset();
    mispB.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"saved\":true}")));
  }

  private Reply push(byte[] body, Map<String, String> headers) throws Exception {
    MispClient.Tunnel tunnel = guard.client(ForwardProxyTest.INTERNAL_MISP).connect("misp-b.test", mispB.port());
    try (MispClient.Connection misp = tunnel.connection()) {
      return misp.send("POST", "/events/add/metadata:1", "misp-b.test:" + mispB.port(), headers, body);
    }
  }

  private Reply pull(String path) throws Exception {
    MispClient.Tunnel tunnel = guard.client(ForwardProxyTest.INTERNAL_MISP).connect("misp-b.test", mispB.port());
    try (MispClient.Connection misp = tunnel.connection()) {
      return misp.send("GET", path, "misp-b.test:" + mispB.port(), Map.of("Accept", "application/json"), null);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void assertBlocked(Reply reply, int status, String logLine) {
    assertEquals(status, reply.status());
    assertTrue(logs.contains(logLine), () -> "log should contain «" + logLine + "» but was " + logs.lines());
  }

  private void assertNothingPushed() {
    assertTrue(mispB.received().isEmpty(), "no byte of a blocked push may reach the remote MISP");
  }

  @Test
  void cleanEventIsForwardedAsSent() throws Exception {
    Reply reply = push(utf8(Events.clean()), Map.of("Content-Type", "application/json"));

    assertEquals(200, reply.status());
    assertArrayEquals(utf8(Events.clean()), mispB.received().get(0).getBody());
  }

  @Test
  void eventWithABlockedAttributeTypeNeverReachesTheRemote() throws Exception {
    Reply reply = push(utf8(Events.withPassport()), Map.of("Content-Type", "application/json"));

    assertBlocked(reply, 403,
        "request blocked: [POST]/events/add/metadata:1 - attribute with a blocked type: passport-number");
    assertTrue(reply.text().contains("attribute with a blocked type"), "the refusal says why");
    assertNothingPushed();
  }

  @Test
  void eventWithoutTheRequiredTaxonomyIsBlocked() throws Exception {
    Reply reply = push(utf8(Events.clean().replace("tlp:green", "pap:green")), Map.of());

    assertBlocked(reply, 403, "event is missing required taxonomy: tlp");
    assertNothingPushed();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "br"})
  void compressedPushIsJudgedOnItsDecodedContent(String encoding) throws Exception {
    Reply blocked = push(encode(encoding, utf8(Events.withPassport())), Map.of("Content-Encoding", encoding));
    assertBlocked(blocked, 403, "attribute with a blocked type: passport-number");
    assertNothingPushed();

    Reply clean = push(encode(encoding, utf8(Events.clean())), Map.of("Content-Encoding", encoding));
    assertEquals(200, clean.status());
    assertArrayEquals(utf8(Events.clean()), mispB.received().get(0).getBody(),
        "what is forwarded is exactly the decoded body that was judged");
    assertNull(mispB.received().get(0).getHeader("Content-Encoding"));
  }

  private static byte[] encode(String encoding, byte[] plain) throws Exception {
    return encoding.equals("br") ? brotli(plain) : gzip(plain);
  }

  @Test
  void unknownContentEncodingIsRefused() throws Exception {
    Reply reply = push(utf8(Events.withPassport()), Map.of("Content-Encoding", "x-secret-cipher"));

    assertBlocked(reply, 403, "unsupported Content-Encoding: x-secret-cipher");
    assertNothingPushed();
  }

  @Test
  void oversizedPushIsRefusedWith413AndTheConnectionClosed() throws Exception {
    MispClient.Tunnel tunnel = guard.client(ForwardProxyTest.INTERNAL_MISP).connect("misp-b.test", mispB.port());
    try (MispClient.Connection misp = tunnel.connection()) {
      Reply reply = misp.send("POST", "/events/add", "misp-b.test:" + mispB.port(), Map.of(),
          utf8(Events.largerThan(LIMIT + 1)));
      assertBlocked(reply, 413, "request body exceeds the limit");
      assertTrue(misp.isClosedByPeer());
    }
    assertNothingPushed();
  }

  @Test
  void invalidJsonIsRefused() throws Exception {
    Reply reply = push(utf8("{\"Event\":{\"info\":\"cut short\""), Map.of());

    assertBlocked(reply, 403, "invalid JSON body");
    assertNothingPushed();
  }

  @Test
  void duplicateKeysAreRefused() throws Exception {
    String twoTypes = Events.clean().replace("\"type\":\"ip-dst\"", "\"type\":\"passport-number\",\"type\":\"ip-dst\"");

    assertBlocked(push(utf8(twoTypes), Map.of()), 403, "duplicate key");
    assertNothingPushed();
  }

  @Test
  void pulledEventIsJudgedByTheRulesOfTheServerPulledFrom() throws Exception {
    String withIban = Events.withAttribute("iban", "Financial fraud", "NL91ABNA0417164300");
    mispB.server.stubFor(get(urlEqualTo("/events/view/" + Events.UUID + "/deleted[]:0/deleted[]:1/excludeGalaxy:1"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(withIban)));

    Reply reply = pull("/events/view/" + Events.UUID + "/deleted[]:0/deleted[]:1/excludeGalaxy:1");

    assertBlocked(reply, 403, "attribute with a blocked type: iban");
    assertFalse(reply.text().contains("NL91ABNA0417164300"), "nothing of the blocked body reaches the client");
  }

  @Test
  void cleanPulledEventArrivesIntact() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/events/view/" + Events.UUID))
        .willReturn(aResponse().withStatus(200).withBody(Events.withPassport())));

    Reply reply = pull("/events/view/" + Events.UUID);

    assertEquals(200, reply.status(), "inst_b's rules allow passport numbers");
    assertEquals(Events.withPassport(), reply.text());
  }

  @Test
  void gzippedPullIsJudgedOnItsDecodedContent() throws Exception {
    String withIban = Events.withAttribute("iban", "Financial fraud", "NL91ABNA0417164300");
    mispB.server.stubFor(get(urlEqualTo("/events/view/" + Events.UUID))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Encoding", "gzip").withBody(gzip(utf8(withIban)))));

    assertBlocked(pull("/events/view/" + Events.UUID), 403, "attribute with a blocked type: iban");
  }

  @Test
  void oversizedPullIsRefusedWith502() throws Exception {
    mispB.server.stubFor(get(urlEqualTo("/events/view/" + Events.UUID))
        .willReturn(aResponse().withStatus(200).withBody(Events.largerThan(LIMIT + 1))));

    Reply reply = pull("/events/view/" + Events.UUID);

    assertBlocked(reply, 502, "response body exceeds the limit");
  }

  @Test
  void pullForAUserOutsideTheSharingGroupIsBlocked() throws Exception {
    String sharingGroupEvent = Events.clean().replace("\"distribution\":\"1\",",
        "\"distribution\":\"4\",\"SharingGroup\":{\"uuid\":\"2e4c6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e7b\","
            + "\"SharingGroupOrg\":[{\"Organisation\":{\"uuid\":\"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f\"}}],"
            + "\"SharingGroupServer\":[{\"all_orgs\":false}]},");
    mispB.server.stubFor(get(urlEqualTo("/events/view/" + Events.UUID))
        .willReturn(aResponse().withStatus(200).withHeader("X-UserOrgUUID", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")
            .withBody(sharingGroupEvent)));

    Reply reply = pull("/events/view/" + Events.UUID);

    assertBlocked(reply, 403, "user with organisation uuid: 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a (X-UserOrgUUID) not in sharing group");
  }

  private static byte[] gzip(byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] brotli(byte[] plain) throws Exception {
    Brotli4jLoader.ensureAvailability();
    return Encoder.compress(plain);
  }
}
