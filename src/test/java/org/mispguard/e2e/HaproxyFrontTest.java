package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A real HAProxy in TCP mode with {@code send-proxy} in front of two guards, as a site balancing
 * its guards would run it: clients from two addresses reach the guards only through HAProxy, and
 * each guard still knows who they are. Off by default ({@code -Dhaproxy=true} runs it); it uses
 * the {@code haproxy} on PATH and installs nothing.
 */
@EnabledIfSystemProperty(named = "haproxy", matches = "true")
class HaproxyFrontTest extends SyncNetwork {

  private static GuardUnderTest secondGuard;
  private static Process haproxy;
  private static InetSocketAddress front;

  @BeforeAll
  static void startBehindHaproxy() throws Exception {
    assumeTrue(LocalPrograms.onPath("haproxy"), "haproxy is not on PATH (apt-get install haproxy): the HAProxy test is skipped");
    startNetwork(1024 * 1024, settings -> settings.withProxyProtocol());
    Path second = folder.resolve("second");
    copyFolder(folder.resolve("guard-ca"), second.resolve("guard-ca"));
    secondGuard = GuardUnderTest.start(second, Files.readString(guard.configFile),
        remotesCa, 1024 * 1024, false,
        settings -> settings.withProxyProtocol());
    front = new InetSocketAddress("127.0.0.1", LocalPrograms.freePort());
    Path config = folder.resolve("haproxy.cfg");
    Files.writeString(config, """
        global
          maxconn 200
        defaults
          mode tcp
          timeout connect 5s
          timeout client 30s
          timeout server 30s
        frontend misp_guard
          bind 127.0.0.1:FRONT
          default_backend guards
        backend guards
          balance roundrobin
          server first 127.0.0.1:FIRST send-proxy
          server second 127.0.0.1:SECOND send-proxy-v2
        """.replace("FRONT", Integer.toString(front.getPort()))
        .replace("FIRST", Integer.toString(guard.guard.forwardAddress().getPort()))
        .replace("SECOND", Integer.toString(secondGuard.guard.forwardAddress().getPort())));
    haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(folder.resolve("haproxy.log").toFile()).start();
    LocalPrograms.awaitListening(front, haproxy, folder.resolve("haproxy.log"));
  }

  @AfterAll
  static void stopHaproxy() throws Exception {
    LocalPrograms.stop(haproxy);
    if (secondGuard != null) {
      secondGuard.close();
    }
  }

  private static void copyFolder(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private MispClient throughHaproxy(String sourceIp) {
    return new MispClient(sourceIp, front, guard.guard.ca().certificate());
  }

  @Test
  void bothGuardsSeeTheRealClients() throws Exception {
    // HAProxy takes turns per connection: each client connects four times in a row, so that both
    // guards see it even when one turn went astray (seen once in a full run on a busy machine)
    for (int connection = 0; connection < 4; connection++) {
      MispClient.Tunnel known = throughHaproxy(INTERNAL_MISP).connect("misp-b.test", mispB.port());
      assertEquals(200, known.connectReply().status(), "inst_a through HAProxy");
      try (MispClient.Connection misp = known.connection()) {
        assertEquals(200, misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status());
      }
    }
    for (int connection = 0; connection < 4; connection++) {
      assertEquals(403, throughHaproxy(STRANGER).connect("misp-b.test", mispB.port()).connectReply().status(),
          "a stranger stays a stranger behind HAProxy");
    }

    for (GuardUnderTest each : List.of(guard, secondGuard)) {
      List<String> audit = each.auditLines();
      assertTrue(audit.stream().anyMatch(l -> l.contains("\"client_ip\":\"127.0.0.3\"") && l.contains("\"verdict\":\"allow\"")),
          () -> "inst_a identified: " + audit);
      assertTrue(audit.stream().anyMatch(l -> l.contains("\"client_ip\":\"127.0.0.9\"") && l.contains("\"verdict\":\"block\"")),
          () -> "stranger identified: " + audit);
      assertTrue(audit.stream().noneMatch(l -> l.contains("\"client_ip\":\"127.0.0.1\"")), "never HAProxy's address");
    }
  }
}
