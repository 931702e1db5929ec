package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.tls.TestServerCertificates;

/** The seed format end to end: rules changed while the guard runs, and the audit trail it leaves. */
class ReloadAndAuditTest {

  static final String ONE_RULE = """
      { "block_rules": [ { "id": "no-passports", "blocked_attribute_types": ["passport-number"] } ] }
      """;
  static final String TWO_RULES = """
      { "block_rules": [ { "id": "no-passports", "blocked_attribute_types": ["passport-number"] },
                         { "id": "no-domains", "description": "added while running",
                           "blocked_attribute_types": ["domain"] } ] }
      """;

  @TempDir Path folder;
  RemoteMisp remote;
  GuardUnderTest guard;
  @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  @BeforeEach
  void start() throws Exception {
    TestServerCertificates remotes = new TestServerCertificates(folder);
    remote = RemoteMisp.start("localhost", "127.0.0.1", remotes);
    remote.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    guard = GuardUnderTest.start(folder, ONE_RULE, remotes.caCertificateFile(), 1024 * 1024, true);
  }

  @AfterEach
  void stop() throws Exception {
    guard.close();
    remote.close();
  }

  private int push(String event) throws Exception {
    MispClient.Tunnel tunnel = guard.client("127.0.0.5").connect("localhost", remote.port());
    try (MispClient.Connection misp = tunnel.connection()) {
      return misp.send("POST", "/events/add", "localhost:" + remote.port(), Map.of(),
          event.getBytes(StandardCharsets.UTF_8)).status();
    }
  }

  /** The reload is asynchronous: poll the verdict until it changes or the deadline passes. */
  private int pushUntil(String event, int wanted) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    int status;
    do {
      status = push(event);
      if (status == wanted) {
        return status;
      }
      Thread.sleep(200);
    } while (System.currentTimeMillis() < deadline);
    return status;
  }

  private static String eventWith(String type) {
    return "{\"Event\":{\"info\":\"reload\",\"distribution\":\"1\",\"Attribute\":[{\"type\":\"" + type
        + "\",\"category\":\"Network activity\",\"value\":\"v\"}]}}";
  }

  @Test
  void anEditedRuleFileChangesTheVerdictWithoutARestart() throws Exception {
    assertEquals(200, push(eventWith("domain")));

    Files.writeString(guard.configFile, TWO_RULES);

    assertEquals(403, pushUntil(eventWith("domain"), 403));
    assertTrue(logs.contains("attribute with a blocked type: domain. blocked by rule: no-domains"));
    assertTrue(logs.contains("running block rules: no-passports,no-domains"));
  }

  @Test
  void anInvalidEditLeavesThePreviousRulesInForce() throws Exception {
    Files.writeString(guard.configFile, "{ \"block_rules\": [ { \"id\": \"no-passports\", \"blocked_atribute_types\": [] } ] }");

    assertTrue(logs.contains("configuration change NOT applied"));
    assertTrue(logs.contains("blocked_atribute_types"));
    assertEquals(403, push(eventWith("passport-number")), "the old rule still blocks");
    assertEquals(200, push(eventWith("domain")), "and the guard still serves");
  }

  @Test
  void everyDecisionIsOneWellFormedAuditLineUnderConcurrentLoad() throws Exception {
    int clients = 16;
    int pushesEach = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(pool.submit(() -> {
        MispClient.Tunnel tunnel = guard.client("127.0.0.5").connect("localhost", remote.port());
        try (MispClient.Connection misp = tunnel.connection()) {
          for (int i = 0; i < pushesEach; i++) {
            String type = i % 2 == 0 ? "domain" : "passport-number";
            misp.send("POST", "/events/add", "localhost:" + remote.port(), Map.of("Authorization", "key-that-must-not-leak"),
                eventWith(type).getBytes(StandardCharsets.UTF_8));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    List<String> lines = guard.auditLines();
    assertEquals(clients * (1 + pushesEach), lines.size(), "one line per CONNECT and per request");
    int blocked = 0;
    for (String line : lines) {
      assertTrue(!line.contains("key-that-must-not-leak") && !line.contains("\"value\""), line);
      JsonObject entry = JsonParser.parseString(line).getAsJsonObject();
      for (String field : List.of("time", "client_ip", "source", "destination", "method", "path", "verdict",
          "status", "reason", "rule", "bytes", "ms")) {
        assertTrue(entry.has(field), () -> field + " missing in " + line);
      }
      if (entry.get("verdict").getAsString().equals("block")) {
        blocked++;
        assertEquals("no-passports", entry.get("rule").getAsString());
      }
    }
    assertEquals(clients * pushesEach / 2, blocked);
  }
}
