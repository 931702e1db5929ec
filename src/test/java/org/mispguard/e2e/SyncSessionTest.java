package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.e2e.Compression.utf8;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole sync sessions as MISP runs them (app/Lib/Tools/ServerSyncTool.php, Server::push and
 * Server::pull), sent by libcurl through the guard to a remote MISP over TLS: the calls in MISP's
 * order, its headers, bodies over 1 KiB compressed the way the remote's getVersion advertises
 * ({@code request_encoding}), a remote that answers in gzip, br or zstd. Clean and blocked
 * documents are mixed; the remote must receive every clean one and none of the others, and MISP
 * must see the statuses it acts on. The fixtures are in {@code sync-session/}.
 */
class SyncSessionTest extends SyncNetwork {

  static final int LIMIT = 8 * 1024 * 1024;

  static final String EVENT_NEW = "2d7c4b1e-5f3a-4e8d-9c6b-1a2f3e4d5c6b";
  static final String EVENT_UPDATED = "8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
  static final String EVENT_WITH_PASSPORT = "3b4c5d6e-7f80-4a91-b2c3-d4e5f6a7b8c9";
  static final String EVENT_TLP_RED = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  /** What MISP adds to an event it pulls (Server::__pullEvent). */
  static final String PULL_PARAMETERS = "/deleted[]:0/deleted[]:1/excludeGalaxy:1/includeEventCorrelations:0"
      + "/includeFeedCorrelations:0/includeWarninglistHits:0/excludeLocalTags:1";

  @TempDir Path work;

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(LIMIT, settings -> settings);
  }

  private Curl misp() {
    return guard.curl(INTERNAL_MISP, "https://" + hostB(), work);
  }

  static byte[] fixture(String name) {
    try (InputStream in = SyncSessionTest.class.getResourceAsStream("/sync-session/" + name)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("fixture " + name, e);
    }
  }

  /** The headers of every sync request (AppModel::setupSyncRequest). */
  static Map<String, String> mispHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "secret-key-123");
    headers.put("Accept", "application/json");
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "MISP 2.5.2 - #0f5bb1e2");
    return headers;
  }

  static Curl.Call callGet(String path) {
    return new Curl.Call("GET", path, mispHeaders(), null);
  }

  static Curl.Call callHead(String path) {
    return new Curl.Call("HEAD", path, mispHeaders(), null);
  }

  /** A POST as ServerSyncTool::post sends it: a body over 1 KiB compressed in {@code coding}. */
  static Curl.Call callPost(String path, byte[] body, String coding) throws IOException {
    Map<String, String> headers = mispHeaders();
    if (body.length <= 1024) {
      return new Curl.Call("POST", path, headers, body);
    }
    headers.put("Content-Encoding", coding);
    return new Curl.Call("POST", path, headers, Compression.encode(coding, body));
  }

  /** A reply encoded as a web server in front of MISP may choose to. */
  static ResponseDefinitionBuilder json(byte[] body, String coding) throws IOException {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("Content-Encoding", coding).withBody(Compression.encode(coding, body));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  private void serve(MappingBuilder request, String fixture, String coding) throws IOException {
    mispB.server.stubFor(request.willReturn(json(fixture(fixture), coding)));
  }

  private void assertBlocked(String request, String reason) {
    String line = "request blocked: " + request + " - " + reason;
    assertTrue(logs.contains(line), () -> "log should contain «" + line + "» but was " + logs.lines());
  }

  private List<String> received() {
    List<String> requests = new ArrayList<>();
    for (LoggedRequest request : mispB.received()) {
      requests.add(request.getMethod() + " " + request.getUrl());
    }
    return requests;
  }

  private byte[] receivedBody(String method, String url) {
    return mispB.received().stream().filter(r -> r.getMethod().getName().equals(method) && r.getUrl().equals(url))
        .findFirst().orElseThrow(() -> new AssertionError(method + " " + url + " never reached the remote"))
        .getBody();
  }

  private static List<Integer> statuses(List<Curl.Answer> answers) {
    return answers.stream().map(Curl.Answer::status).toList();
  }

  /** Server::push with every kind of data MISP pushes, in its order, on one kept-alive connection. */
  @ParameterizedTest
  @ValueSource(strings = {"br", "gzip"})
  void aPushSessionDeliversEveryCleanDocumentAndNoneOfTheOthers(String requestEncoding) throws Exception {
    byte[] version = utf8(new String(fixture("pull/version.json"), StandardCharsets.UTF_8)
        .replace("\"gzip\",\n    \"br\"", "\"" + requestEncoding + "\""));
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(json(version, "zstd")));
    mispB.server.stubFor(post(urlEqualTo("/servers/postTest"))
        .willReturn(json("{{{request.body}}}").withTransformers("response-template")));
    mispB.server.stubFor(post(urlEqualTo("/events/filterEventIdsForPush")).willReturn(json(
        "[\"" + EVENT_NEW + "\",\"" + EVENT_UPDATED + "\",\"" + EVENT_WITH_PASSPORT + "\",\"" + EVENT_TLP_RED + "\"]")));
    for (String missing : List.of(EVENT_NEW, EVENT_WITH_PASSPORT)) {
      mispB.server.stubFor(head(urlEqualTo("/events/view/" + missing)).willReturn(aResponse().withStatus(404)));
    }
    mispB.server.stubFor(post(urlEqualTo("/sightings/filterSightingUuidsForPush/" + EVENT_NEW)).willReturn(json("[]")));

    String filter = "[" + String.join(",", List.of(EVENT_NEW, EVENT_UPDATED, EVENT_WITH_PASSPORT, EVENT_TLP_RED).stream()
        .map(uuid -> "{\"Event\":{\"uuid\":\"" + uuid + "\",\"timestamp\":\"1763640000\"}}").toList()) + "]";
    List<Curl.Call> session = List.of(
        callGet("/servers/getVersion"),
        callPost("/servers/postTest", utf8("{\"testString\":\"" + "sync test ".repeat(8) + "\"}"), requestEncoding),
        callPost("/events/filterEventIdsForPush", utf8(filter), requestEncoding),
        callHead("/events/view/" + EVENT_NEW),
        callPost("/events/add/metadata:1", fixture("push/event-new.json"), requestEncoding),
        callHead("/events/view/" + EVENT_UPDATED),
        callPost("/events/edit/" + EVENT_UPDATED + "/metadata:1", fixture("push/event-update.json"), requestEncoding),
        callHead("/events/view/" + EVENT_WITH_PASSPORT),
        callPost("/events/add/metadata:1", fixture("push/event-passport.json"), requestEncoding),
        callHead("/events/view/" + EVENT_TLP_RED),
        callPost("/events/edit/" + EVENT_TLP_RED + "/metadata:1", fixture("push/event-tlp-red.json"), requestEncoding),
        callPost("/galaxies/pushCluster", fixture("push/galaxy-clusters-clean.json"), requestEncoding),
        callPost("/galaxies/pushCluster", fixture("push/galaxy-clusters-organisation-only.json"), requestEncoding),
        callPost("/sightings/filterSightingUuidsForPush/" + EVENT_NEW,
            utf8("[\"a6b7c8d9-e0f1-4a2b-8c3d-4e5f6a7b8c9d\",\"b7c8d9e0-f1a2-4b3c-9d4e-5f6a7b8c9d0e\"]"), requestEncoding),
        callPost("/sightings/bulkSaveSightings/" + EVENT_NEW, fixture("push/sightings.json"), requestEncoding),
        callPost("/analyst_data/filterAnalystDataForPush", utf8("{\"Note\":{\"e4f5a6b7-c8d9-4e0f-8a1b-2c3d4e5f6a7b\":"
            + "\"2026-11-20 10:02:11\"},\"Opinion\":{\"f5a6b7c8-d9e0-4f1a-9b2c-3d4e5f6a7b8c\":\"2026-11-20 10:02:11\"}}"),
            requestEncoding),
        callPost("/analyst_data/pushAnalystData", fixture("push/note-clean.json"), requestEncoding),
        callPost("/analyst_data/pushAnalystData", fixture("push/opinion-organisation-only.json"), requestEncoding));

    List<Curl.Answer> answers = misp().session(session);

    assertEquals(List.of(200, 200, 200, 404, 200, 200, 200, 404, 403, 200, 403, 200, 403, 200, 200, 200, 200, 403),
        statuses(answers), () -> "log was " + logs.lines());
    assertEquals(new String(version, StandardCharsets.UTF_8), answers.get(0).text(), "a zstd reply reaches MISP decoded");
    assertEquals(1, answers.stream().mapToInt(Curl.Answer::connectsMade).sum(), "one connection, refusals included");
    assertEquals(List.of(
        "GET /servers/getVersion", "POST /servers/postTest", "POST /events/filterEventIdsForPush",
        "HEAD /events/view/" + EVENT_NEW, "POST /events/add/metadata:1",
        "HEAD /events/view/" + EVENT_UPDATED, "POST /events/edit/" + EVENT_UPDATED + "/metadata:1",
        "HEAD /events/view/" + EVENT_WITH_PASSPORT, "HEAD /events/view/" + EVENT_TLP_RED,
        "POST /galaxies/pushCluster",
        "POST /sightings/filterSightingUuidsForPush/" + EVENT_NEW, "POST /sightings/bulkSaveSightings/" + EVENT_NEW,
        "POST /analyst_data/filterAnalystDataForPush", "POST /analyst_data/pushAnalystData"), received());
    assertArrayEquals(fixture("push/event-new.json"), receivedBody("POST", "/events/add/metadata:1"),
        "the remote receives the event exactly as judged");
    assertArrayEquals(fixture("push/event-update.json"), receivedBody("POST", "/events/edit/" + EVENT_UPDATED + "/metadata:1"));
    assertArrayEquals(fixture("push/galaxy-clusters-clean.json"), receivedBody("POST", "/galaxies/pushCluster"));
    assertArrayEquals(fixture("push/sightings.json"), receivedBody("POST", "/sightings/bulkSaveSightings/" + EVENT_NEW));
    assertArrayEquals(fixture("push/note-clean.json"), receivedBody("POST", "/analyst_data/pushAnalystData"));
    assertBlocked("[POST]/events/add/metadata:1", "attribute with a blocked type: passport-number");
    assertBlocked("[POST]/events/edit/" + EVENT_TLP_RED + "/metadata:1", "event has blocked tag: tlp:red");
    assertBlocked("[POST]/galaxies/pushCluster", "galaxy cluster has blocked distribution level: 0");
    assertBlocked("[POST]/analyst_data/pushAnalystData", "analyst data has blocked distribution level: 0");
  }

  /** Server::pull: the index page by page, each event, galaxy clusters, sightings, analyst data. */
  @Test
  void aPullSessionHandsMispEveryCleanDocumentAndNoneOfTheOthers() throws Exception {
    String e1 = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e60";
    String e2 = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70";
    String e3 = "e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81";
    String g1 = "f1a2b3c4-d5e6-4f7a-8b9c-0d1e2f3a4b51";
    String g2 = "a2b3c4d5-e6f7-4a8b-9c0d-1e2f3a4b5c62";
    String noteIndex = "/analyst_data/index/Note/uuid[]:b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d63.json";
    String relationshipIndex = "/analyst_data/index/Relationship/uuid[]:c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e74.json";
    serve(get(urlEqualTo("/servers/getVersion")), "pull/version.json", "zstd");
    for (int page = 1; page <= 3; page++) {
      byte[] events = page < 3 ? fixture("pull/index-page-" + page + ".json") : utf8("[]");
      mispB.server.stubFor(post(urlEqualTo("/events/index"))
          .withRequestBody(equalToJson("{\"minimal\":1,\"published\":1,\"page\":" + page + ",\"limit\":2}"))
          .willReturn(json(events, "gzip").withHeader("ETag", "\"idx-" + page + "\"")));
    }
    serve(get(urlEqualTo("/events/view/" + e1 + PULL_PARAMETERS)), "pull/event-clean.json", "gzip");
    serve(get(urlEqualTo("/events/view/" + e2 + PULL_PARAMETERS)), "pull/event-iban.json", "br");
    serve(get(urlEqualTo("/events/view/" + e3 + PULL_PARAMETERS)), "pull/event-amber-strict.json", "zstd");
    serve(post(urlEqualTo("/galaxy_clusters/restSearch")), "pull/galaxy-cluster-index.json", "zstd");
    serve(get(urlEqualTo("/galaxy_clusters/view/" + g1)), "pull/galaxy-cluster-clean.json", "zstd");
    serve(get(urlEqualTo("/galaxy_clusters/view/" + g2)), "pull/galaxy-cluster-amber-strict.json", "gzip");
    serve(post(urlEqualTo("/sightings/restSearch/event")), "pull/sightings.json", "br");
    serve(post(urlEqualTo("/analyst_data/indexMinimal")), "pull/analyst-data-index.json", "zstd");
    serve(get(urlEqualTo(noteIndex)), "pull/notes.json", "zstd");
    serve(get(urlEqualTo(relationshipIndex)), "pull/relationships.json", "br");

    List<Curl.Call> session = new ArrayList<>(List.of(callGet("/servers/getVersion")));
    for (int page = 1; page <= 3; page++) {
      Curl.Call index = callPost("/events/index",
          utf8("{\"minimal\":1,\"published\":1,\"page\":" + page + ",\"limit\":2}"), "br");
      index.headers().put("If-None-Match", "\"\"");
      session.add(index);
    }
    for (String event : List.of(e1, e2, e3)) {
      session.add(callGet("/events/view/" + event + PULL_PARAMETERS));
    }
    session.addAll(List.of(
        callPost("/galaxy_clusters/restSearch", utf8("{\"published\":1,\"minimal\":1,\"custom\":1}"), "br"),
        callGet("/galaxy_clusters/view/" + g1),
        callGet("/galaxy_clusters/view/" + g2),
        callPost("/sightings/restSearch/event",
            utf8("{\"returnFormat\":\"json\",\"last\":0,\"includeUuid\":true,\"uuid\":[\"" + e1 + "\"]}"), "br"),
        callPost("/analyst_data/indexMinimal", utf8("{}"), "br"),
        callGet(noteIndex),
        callGet(relationshipIndex)));

    List<Curl.Answer> answers = misp().session(session);

    assertEquals(List.of(200, 200, 200, 200, 200, 403, 403, 200, 200, 403, 200, 200, 200, 403), statuses(answers),
        () -> "log was " + logs.lines());
    Map<Integer, String> clean = Map.of(0, "pull/version.json", 1, "pull/index-page-1.json", 2, "pull/index-page-2.json",
        4, "pull/event-clean.json", 7, "pull/galaxy-cluster-index.json", 8, "pull/galaxy-cluster-clean.json",
        10, "pull/sightings.json", 11, "pull/analyst-data-index.json", 12, "pull/notes.json");
    clean.forEach((call, document) -> assertArrayEquals(fixture(document), answers.get(call).body(), document));
    assertEquals("[]", answers.get(3).text());
    assertEquals("\"idx-1\"", answers.get(1).header("ETag"), "MISP caches the index by its ETag");
    for (int blocked : List.of(5, 6, 9, 13)) {
      assertTrue(answers.get(blocked).text().startsWith("misp-guard: "), answers.get(blocked).text());
      assertNull(answers.get(blocked).header("Content-Encoding"));
    }
    assertFalse(answers.get(5).text().contains("NL91ABNA0417164300"), "no byte of a blocked event reaches MISP");
    assertBlocked("[GET]/events/view/" + e2 + PULL_PARAMETERS, "attribute with a blocked type: iban");
    assertBlocked("[GET]/events/view/" + e3 + PULL_PARAMETERS, "event has blocked tag: tlp:amber+strict");
    assertBlocked("[GET]" + relationshipIndex, "attribute with a blocked type: iban");
    assertEquals(1, answers.stream().mapToInt(Curl.Answer::connectsMade).sum(), "one connection, refusals included");
  }

  /** libcurl asks before sending a body over 1 MiB; the guard answers 100 Continue itself, and the body then passes whole. */
  @Test
  void aLargePushWaitingFor100ContinueGoesThrough() throws Exception {
    byte[] event = utf8(Events.largerThan(2 * 1024 * 1024));
    Curl.Call push = new Curl.Call("POST", "/events/add/metadata:1", mispHeaders(), event)
        .with("--expect100-timeout", "50"); // were 100 Continue never sent, curl would wait 50 s and the session fail

    Curl.Answer answer = misp().session(List.of(push)).get(0);

    assertEquals(200, answer.status(), () -> "log was " + logs.lines());
    assertEquals(List.of(100), answer.interim(), "curl asked, and was answered 100 Continue");
    assertArrayEquals(event, receivedBody("POST", "/events/add/metadata:1"));
    assertNull(mispB.received().get(0).getHeader("Expect"), "the guard answered the expectation itself");
  }

  /** libcurl offers h2 by ALPN on every TLS connection; MISP's client gets HTTP/1.1, which the guard judges. */
  @Test
  void aClientOfferingHttp2GetsHttp11() throws Exception {
    Curl.Answer answer = misp().session(List.of(callGet("/servers/getVersion").with("--http2"))).get(0);

    assertEquals(200, answer.status());
    assertEquals("1.1", answer.httpVersion());
  }

  /** MISP sends the ETag of its cached index; a 304 from the remote is a valid answer and has no body to judge. */
  @Test
  void anIndexNotModifiedSinceMispCachedItIsAnswered304() throws Exception {
    mispB.server.stubFor(post(urlEqualTo("/events/index")).willReturn(aResponse().withStatus(304).withHeader("ETag", "\"idx-1\"")));
    Curl.Call index = callPost("/events/index", utf8("{\"minimal\":1,\"published\":1}"), "br");
    index.headers().put("If-None-Match", "\"idx-1\"");

    Curl.Answer answer = misp().session(List.of(index)).get(0);

    assertEquals(304, answer.status(), () -> "log was " + logs.lines());
    assertEquals("\"idx-1\"", mispB.received().get(0).getHeader("If-None-Match"));
  }

  /**
   * A remote that redirects (MISP sends a client without a valid session to its login page) is
   * answered to the client as it is; a client that follows it (MISP's CurlClient does) asks the
   * guard again, and the login page is no sync endpoint.
   */
  @Test
  void aRedirectIsPassedOnNotFollowed() throws Exception {
    String event = "/events/view/" + Events.UUID;
    mispB.server.stubFor(get(urlEqualTo(event)).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "https://" + hostB() + "/users/login")));

    List<Curl.Answer> answers = misp().session(List.of(callGet(event), callGet(event).with("--location")));

    assertEquals(302, answers.get(0).status());
    assertEquals("https://" + hostB() + "/users/login", answers.get(0).header("Location"));
    assertEquals(List.of(302), answers.get(1).interim());
    assertEquals(403, answers.get(1).status(), "the followed redirect is judged like any request");
    assertEquals(List.of("GET " + event, "GET " + event), received(), "the guard itself followed nothing");
    assertBlocked("[GET]/users/login", "endpoint not allowed");
  }
}
