package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A real Prometheus, run with the shipped scrape configuration and alert rules (deploy/prometheus/,
 * only the target and the interval changed), scrapes the guard's admin listener; the request
 * counts are read back through its HTTP API. The real consumer proves the exposition format and
 * the rules. Off by default ({@code -Dprometheus=true} runs it); it uses the {@code prometheus}
 * on PATH and installs nothing.
 */
@EnabledIfSystemProperty(named = "prometheus", matches = "true")
class PrometheusScrapeTest extends SyncNetwork {

  private static final String SHIPPED_TARGET = "127.0.0.1:9180";
  private static Process prometheus;
  private static String api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startPrometheus() throws Exception {
    assumeTrue(LocalPrograms.onPath("prometheus"),
        "prometheus is not on PATH (apt-get install prometheus): the Prometheus test is skipped");
    startNetwork(1024 * 1024, settings -> settings.withAdminListen(new InetSocketAddress("127.0.0.1", 0)));
    Path home = Files.createDirectories(folder.resolve("prometheus"));
    String shipped = Files.readString(Path.of("deploy/prometheus/prometheus.yml"));
    assertTrue(shipped.contains(SHIPPED_TARGET) && shipped.contains("scrape_interval: 15s"), shipped);
    Files.writeString(home.resolve("prometheus.yml"), shipped
        .replace(SHIPPED_TARGET, "127.0.0.1:" + guard.guard.adminAddress().getPort())
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("evaluation_interval: 15s", "evaluation_interval: 1s"));
    Files.copy(Path.of("deploy/prometheus/misp-guard-alerts.yml"), home.resolve("misp-guard-alerts.yml"));
    InetSocketAddress web = new InetSocketAddress("127.0.0.1", LocalPrograms.freePort());
    Path output = home.resolve("prometheus.log");
    prometheus = new ProcessBuilder("prometheus", "--config.file=" + home.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + web.getPort())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    LocalPrograms.awaitListening(web, prometheus, output);
    api = "http://127.0.0.1:" + web.getPort() + "/api/v1/";
  }

  @AfterAll
  static void stopPrometheus() throws Exception {
    LocalPrograms.stop(prometheus);
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  /** Polls an instant query until it returns a sample whose value is at least {@code wanted}. */
  private JsonObject awaitSample(String query, double wanted) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonArray result;
    do {
      result = get("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
          .getAsJsonObject("data").getAsJsonArray("result");
      if (!result.isEmpty()
          && result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsDouble() >= wanted) {
        return result.get(0).getAsJsonObject();
      }
      Thread.sleep(250);
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError(query + " never reached " + wanted + ": " + result);
  }

  @Test
  void prometheusReadsTheRequestCountsBack() throws Exception {
    assertEquals(200, send("GET", "/servers/getVersion", null).status());
    assertEquals(403, send("GET", "/users/index", null).status());

    JsonObject allowed = awaitSample("misp_guard_requests_total{outcome=\"allowed\"}", 1);
    JsonObject metric = allowed.getAsJsonObject("metric");
    assertEquals(Map.of("listener", "forward", "source", "inst_a", "destination", "inst_b", "job", "misp-guard"),
        Map.of("listener", metric.get("listener").getAsString(), "source", metric.get("source").getAsString(),
            "destination", metric.get("destination").getAsString(), "job", metric.get("job").getAsString()));
    awaitSample("misp_guard_blocked_total{reason=\"endpoint\"}", 1);
    awaitSample("histogram_quantile(0.99, sum by (le) (misp_guard_request_duration_seconds_bucket))", 0);
    awaitSample("up{job=\"misp-guard\"}", 1);
  }

  @Test
  void theShippedAlertRulesAreLoaded() throws Exception {
    String rules = get("rules").toString();

    for (String alert : new String[] {"MispGuardDown", "MispGuardRemoteAllRefused", "MispGuardConfigReloadRejected",
        "MispGuardCaExpiringSoon"}) {
      assertTrue(rules.contains("\"name\":\"" + alert + "\""), () -> alert + " in " + rules);
    }
    assertTrue(!rules.contains("\"health\":\"err\""), rules);
  }
}
