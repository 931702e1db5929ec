package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the admin listener's metrics say about real traffic, on both listeners of one guard: the
 * remote MISP server at 127.0.0.6 ({@code inst_remote}) pulls from the internal one at 127.0.0.5
 * ({@code inst_internal}) through the reverse listener, and the internal one pushes to the remote
 * one through the forward listener. Every request is allowed, blocked, or fails upstream (a
 * remote slower than the guard's 1 s timeout); each test reads the counters before and after.
 */
class MetricsEndToEndTest extends PullNetwork {

  static final String SLOW_PATH = "/servers/getVersion";

  static AdminEndpoint admin;

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(settings -> settings.withIdleTimeout(Duration.ofSeconds(1))
        .withAdminListen(new InetSocketAddress("127.0.0.1", 0)));
    admin = guard.admin();
  }

  @BeforeEach
  void answerSlowlyOnOnePath() {
    for (RemoteMisp misp : List.of(internal, remote)) {
      misp.server.stubFor(get(urlEqualTo(SLOW_PATH)).willReturn(aResponse().withStatus(200)
          .withBody("{\"version\":\"2.5.2\"}").withFixedDelay(2500)));
      misp.server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200).withBody("{}")));
    }
  }

  private static Reply push(String method, String path, String body) throws IOException {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("misp-remote.test", remote.port());
    assertEquals(200, tunnel.connectReply().status(), "CONNECT to the remote instance");
    try (MispClient.Connection connection = tunnel.connection()) {
      return connection.send(method, path, "misp-remote.test:" + remote.port(), Map.of(),
          body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Counter changes between two scrapes. */
  private record Delta(List<AdminEndpoint.Sample> before, List<AdminEndpoint.Sample> after) {
    double of(String name, Map<String, String> labels) {
      return AdminEndpoint.sum(after, name, labels) - AdminEndpoint.sum(before, name, labels);
    }
  }

  private static Map<String, String> requests(String listener, String source, String destination, String outcome) {
    return Map.of("listener", listener, "source", source, "destination", destination, "outcome", outcome);
  }

  @Test
  void anAllowedPullAndTwoRefusalsAreCountedWithTheirLatencyAndBytes() throws Exception {
    List<AdminEndpoint.Sample> before = admin.scrape();

    serve("/events/view/" + EVENT_UUID, CLEAN_EVENT);
    assertEquals(200, pull("/events/view/" + EVENT_UUID).status());
    serve("/events/view/" + EVENT_UUID, RED_EVENT);
    assertEquals(403, pull("/events/view/" + EVENT_UUID).status());
    assertEquals(403, pull("/users/index").status());
    assertTrue(logs.contains("request blocked: [GET]/users/index - endpoint not allowed"));

    Delta delta = new Delta(before, admin.scrape());
    String total = "misp_guard_requests_total";
    assertEquals(1, delta.of(total, requests("reverse", "inst_remote", "inst_internal", "allowed")));
    assertEquals(2, delta.of(total, requests("reverse", "inst_remote", "inst_internal", "blocked")));
    assertEquals(0, delta.of(total, Map.of("listener", "forward")), "nothing came in on the forward listener");
    assertEquals(1, delta.of("misp_guard_blocked_total", Map.of("reason", "tag")));
    assertEquals(1, delta.of("misp_guard_blocked_total", Map.of("reason", "endpoint")));
    assertEquals(3, delta.of("misp_guard_request_duration_seconds_count", Map.of("destination", "inst_internal")));
    assertEquals(1, delta.of("misp_guard_request_duration_seconds_bucket",
        Map.of("destination", "inst_internal", "outcome", "allowed", "le", "+Inf")));
    assertTrue(delta.of("misp_guard_request_duration_seconds_sum", Map.of("destination", "inst_internal")) > 0);
    assertEquals(CLEAN_EVENT.length() + RED_EVENT.length(),
        delta.of("misp_guard_body_bytes_total", Map.of("direction", "response")), "both pulled bodies were read");
  }

  @Test
  void theGaugesAndTheJvmAreExported() throws Exception {
    List<AdminEndpoint.Sample> samples = admin.scrape();

    assertEquals(guard.guard.ca().certificate().getNotAfter().toInstant().getEpochSecond(),
        AdminEndpoint.sum(samples, "misp_guard_ca_expiry_timestamp_seconds", Map.of()));
    assertEquals(0, AdminEndpoint.sum(samples, "misp_guard_inflight_body_bytes", Map.of()));
    assertTrue(AdminEndpoint.has(samples, "misp_guard_config_reloads_total"));
    assertTrue(AdminEndpoint.has(samples, "jvm_memory_used_bytes"));
    assertEquals(200, admin.health());
  }

  @Test
  void pushesAreCountedOnTheForwardListener() throws Exception {
    List<AdminEndpoint.Sample> before = admin.scrape();

    assertEquals(200, push("POST", "/events/add", CLEAN_EVENT).status());
    String passport = CLEAN_EVENT.replace("\"type\":\"domain\"", "\"type\":\"passport-number\"");
    assertEquals(403, push("POST", "/events/add", passport).status());
    assertTrue(logs.contains("attribute with a blocked type: passport-number"));

    Delta delta = new Delta(before, admin.scrape());
    String total = "misp_guard_requests_total";
    assertEquals(1, delta.of(total, requests("forward", "inst_internal", "inst_remote", "allowed")),
        "the push, not its CONNECT");
    assertEquals(1, delta.of(total, requests("forward", "inst_internal", "inst_remote", "blocked")));
    assertEquals(1, delta.of("misp_guard_blocked_total", Map.of("reason", "attribute_type")));
    assertEquals(CLEAN_EVENT.length() + passport.length(),
        delta.of("misp_guard_body_bytes_total", Map.of("direction", "request")));
  }

  @Test
  void anUpstreamThatDoesNotAnswerCountsAsAnErrorOnBothListeners() throws Exception {
    List<AdminEndpoint.Sample> before = admin.scrape();

    assertEquals(504, pull(SLOW_PATH).status());
    assertEquals(504, push("GET", SLOW_PATH, null).status());
    assertTrue(logs.contains("the upstream server did not answer in time"));

    Delta delta = new Delta(before, admin.scrape());
    String total = "misp_guard_requests_total";
    assertEquals(1, delta.of(total, requests("reverse", "inst_remote", "inst_internal", "error")));
    assertEquals(1, delta.of(total, requests("forward", "inst_internal", "inst_remote", "error")));
    assertEquals(0, delta.of(total, Map.of("outcome", "blocked")), "a silent upstream is no judgement");
    assertEquals(2, delta.of("misp_guard_blocked_total", Map.of("reason", "upstream")));
  }

  @Test
  void theShippedDashboardAndAlertRulesReadOnlySeriesTheGuardExports() throws Exception {
    serve("/events/view/" + EVENT_UUID, CLEAN_EVENT);
    assertEquals(200, pull("/events/view/" + EVENT_UUID).status());
    Set<String> exported = admin.scrape().stream().map(AdminEndpoint.Sample::name).collect(Collectors.toSet());
    String dashboard = Files.readString(Path.of("deploy/grafana/misp-guard.json"));
    String alerts = Files.readString(Path.of("deploy/prometheus/misp-guard-alerts.yml"));

    Matcher used = Pattern.compile("misp_guard_[a-z_]+").matcher(dashboard + alerts);
    int uses = 0;
    while (used.find()) {
      uses++;
      assertTrue(exported.contains(used.group()), used.group() + " is not exported");
    }
    assertTrue(uses >= 10, "the dashboard and the rules read the guard's series");
    JsonObject parsed = JsonParser.parseString(dashboard).getAsJsonObject();
    Set<String> titles = new HashSet<>();
    parsed.getAsJsonArray("panels").forEach(panel -> titles.add(panel.getAsJsonObject().get("title").getAsString()));
    assertTrue(titles.containsAll(Set.of("Requests by outcome per remote", "Top block reasons",
        "Latency p50 / p95 / p99", "Body bytes", "Bodies in flight", "Configuration reloads",
        "Days until the CA expires")), titles::toString);
  }

  @Test
  void onlyHealthAndMetricsAreServed() throws Exception {
    assertEquals(200, admin.send("GET", "/healthz").statusCode());
    assertEquals("ok\n", admin.send("GET", "/healthz").body());
    assertEquals(404, admin.send("GET", "/").statusCode());
    assertEquals(404, admin.send("GET", "/metrics/extra").statusCode());
    assertEquals(404, admin.send("GET", "/healthz.json").statusCode());
    assertEquals(404, admin.send("POST", "/metrics").statusCode());
    assertEquals(404, admin.send("DELETE", "/healthz").statusCode());
  }
}
