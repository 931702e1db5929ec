package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.tls.TestServerCertificates;

/**
 * The compatibility configuration (compat/config.json, the reference's sample shape) through the
 * real proxy: the reference's log lines and 403s, with hq_primary served on loopback and its
 * neighbours connecting from their own loopback addresses.
 */
class CompatEndToEndTest {

  static final String EVENT_UUID = "5e2d8c4a-91b3-4f6e-a7d0-3c8b1e9f2a64";
  static final String VIEW = "/events/view/" + EVENT_UUID + "/deleted[]:0/deleted[]:1/excludeGalaxy:1"
      + "/includeEventCorrelations:0/includeFeedCorrelations:0/includeWarninglistHits:0/excludeLocalTags:1";
  static final String HQ_PRIMARY = "misp-primary.hq.test";
  static final String HQ_SECONDARY_IP = "127.0.0.12";

  @TempDir static Path folder;
  static RemoteMisp hqPrimary;
  static GuardUnderTest guard;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  @BeforeAll
  static void startNetwork() throws Exception {
    TestServerCertificates remotes = new TestServerCertificates(folder);
    hqPrimary = RemoteMisp.start(HQ_PRIMARY, "127.0.0.11", remotes);
    guard = GuardUnderTest.start(folder, onLoopback(hqPrimary.port()), remotes.caCertificateFile(), 1024 * 1024, false);
  }

  /** compat/config.json with hq_primary and hq_secondary moved to loopback addresses. */
  private static String onLoopback(int hqPrimaryPort) {
    JsonObject config = JsonParser.parseString(resource("/compat/config.json")).getAsJsonObject();
    JsonObject instances = config.getAsJsonObject("instances");
    instances.getAsJsonObject("hq_primary").addProperty("ip", "127.0.0.11");
    instances.getAsJsonObject("hq_primary").addProperty("port", hqPrimaryPort);
    instances.getAsJsonObject("hq_secondary").addProperty("ip", HQ_SECONDARY_IP);
    return config.toString();
  }

  private static String resource(String name) {
    try (InputStream in = CompatEndToEndTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(name, e);
    }
  }

  private static String document(String name) {
    return resource("/compat/documents/" + name);
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    guard.close();
    hqPrimary.close();
  }

  @BeforeEach
  void listen() {
    hqPrimary.reset();
    hqPrimary.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"saved\":true}")));
  }

  private Reply send(String method, String path, String body) throws Exception {
    MispClient.Tunnel tunnel = guard.client(HQ_SECONDARY_IP).connect(HQ_PRIMARY, hqPrimary.port());
    try (MispClient.Connection misp = tunnel.connection()) {
      return misp.send(method, path, HQ_PRIMARY + ":" + hqPrimary.port(), Map.of("Accept", "application/json"),
          body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void assertRefusedAsTheReference(Reply reply, String logLine) {
    assertEquals(403, reply.status());
    assertTrue(logs.contains(logLine), () -> "log should contain «" + logLine + "» but was " + logs.lines());
  }

  @Test
  void cleanPushIsForwardedAsSent() throws Exception {
    Reply reply = send("POST", "/events/add/metadata:1", document("event-clean.json"));

    assertEquals(200, reply.status());
    assertArrayEquals(document("event-clean.json").getBytes(StandardCharsets.UTF_8),
        hqPrimary.received().get(0).getBody());
  }

  @Test
  void pushWithABlockedAttributeTypeNeverReachesTheRemote() throws Exception {
    Reply reply = send("POST", "/events/add/metadata:1", document("event-object-attribute-passport-number.json"));

    assertRefusedAsTheReference(reply,
        "request blocked: [POST]/events/add/metadata:1 - attribute with a blocked type: passport-number");
    assertTrue(hqPrimary.received().isEmpty());
  }

  @Test
  void pulledEventWithABlockedTagIsReplacedByA403() throws Exception {
    hqPrimary.server.stubFor(get(urlEqualTo(VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(document("event-tag-tlp-red.json"))));

    Reply reply = send("GET", VIEW, null);

    assertRefusedAsTheReference(reply, "request blocked: [GET]" + VIEW + " - event has blocked tag: tlp:red");
    assertFalse(reply.text().contains("portauthority-login.example"), "no byte of the event reaches the puller");
  }

  @Test
  void pullForAnOrganisationOutsideTheSharingGroupIsBlocked() throws Exception {
    hqPrimary.server.stubFor(get(urlEqualTo(VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("X-UserOrgUUID", "6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f")
        .withBody(document("event-object-sharing-group-members-only.json"))));

    assertRefusedAsTheReference(send("GET", VIEW, null), "request blocked: [GET]" + VIEW
        + " - user with organisation uuid: 6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f (X-UserOrgUUID) not in sharing group");
  }

  @Test
  void endpointOutsideTheSyncProtocolIsRefusedWithTheReferenceLogLines() throws Exception {
    assertRefusedAsTheReference(send("GET", "/users", null), "request blocked: [GET]/users - endpoint not allowed");
    assertTrue(logs.contains("rejecting non allowed request to /users"));
    assertTrue(hqPrimary.received().isEmpty());
  }

  @Test
  void nonMinimalEventIndexIsRefused() throws Exception {
    assertRefusedAsTheReference(send("POST", "/events/index", document("events-index-full.json")),
        "request blocked: [POST]/events/index - {'minimal': 1, 'published': 1} is required for /events/index requests");
  }

  @Test
  void unknownSourceIsRefused() throws Exception {
    MispClient.Tunnel tunnel = guard.client("127.0.0.99").connect(HQ_PRIMARY, hqPrimary.port());

    assertFalse(tunnel.established());
    assertRefusedAsTheReference(tunnel.connectReply(),
        "source host 127.0.0.99 does not exist in instances hosts mapping");
  }
}
