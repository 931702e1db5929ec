package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard as its own process, started from the command line as systemd starts it: the admin
 * listener answers, logrotate's SIGHUP moves the audit log to a new file, SIGTERM stops with exit 0.
 */
class GuardProcessTest {

  @TempDir Path folder;
  Process guard;

  @AfterEach
  void stop() {
    if (guard != null && guard.isAlive()) {
      guard.destroyForcibly();
    }
  }

  /** The health check's status, -1 while nothing answers. */
  private static int health(AdminEndpoint admin) {
    try {
      return admin.health();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A request outside the sync catalogue, refused and audited. */
  private static String refusedRequest(int proxyPort) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET http://127.0.0.1:9/users/index HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
        statusLine.append((char) b);
      }
      return statusLine.toString();
    }
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Starts the guard with an audit log, its output in guard.log, {@code launcher} before the java
   * command, and waits until its health check answers.
   */
  private AdminEndpoint startGuard(List<String> launcher, Path audit, Path output, int proxyPort) throws Exception {
    Path config = Files.writeString(folder.resolve("config.json"),
        "{ \"block_rules\": [ { \"id\": \"no-passports\", \"blocked_attribute_types\": [\"passport-number\"] } ] }");
    int adminPort = LocalPrograms.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "org.mispguard.cli.Main", "run",
        "--config", config.toString(), "--ca-dir", folder.resolve("certs").toString(),
        "--listen-host", "127.0.0.1", "-p", Integer.toString(proxyPort),
        "--admin-listen", "127.0.0.1:" + adminPort, "--audit-log", audit.toString()));
    guard = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    AdminEndpoint admin = new AdminEndpoint(new InetSocketAddress("127.0.0.1", adminPort));
    assertTrue(eventually(() -> health(admin) == 200), () -> "healthy; output " + lines(output));
    return admin;
  }

  private void hangUp() throws Exception {
    new ProcessBuilder("kill", "-HUP", Long.toString(guard.pid())).start().waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void sighupReopensTheAuditLogAndSigtermStopsCleanly() throws Exception {
    Path audit = folder.resolve("audit.jsonl");
    Path rotated = folder.resolve("audit.jsonl.1");
    Path output = folder.resolve("guard.log");
    int proxyPort = LocalPrograms.freePort();
    // SIGHUP as systemd leaves it, even when this test runs under nohup (which the guard would inherit)
    AdminEndpoint admin = startGuard(List.of("env", "--default-signal=HUP"), audit, output, proxyPort);

    assertTrue(refusedRequest(proxyPort).contains(" 403 "));
    Files.move(audit, rotated);
    hangUp();
    assertTrue(eventually(() -> lines(output).stream().anyMatch(l -> l.contains("audit log reopened"))),
        () -> "reopened; output " + lines(output));
    assertTrue(refusedRequest(proxyPort).contains(" 403 "));

    assertTrue(eventually(() -> lines(audit).size() == 1), () -> "new file " + lines(audit));
    assertEquals(1, lines(rotated).size(), "the line before the rotation stays in the rotated file");
    assertEquals(200, health(admin), "SIGHUP does not stop the guard");
    guard.destroy();
    assertTrue(guard.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
    assertEquals(0, guard.exitValue(), () -> "output " + lines(output));
  }

  /** Under nohup SIGHUP cannot be caught, so logrotate's reopen cannot work: the guard says so at start. */
  @Test
  void aGuardStartedWithSighupIgnoredSaysItsAuditLogIsNotReopened() throws Exception {
    Path output = folder.resolve("guard.log");
    AdminEndpoint admin = startGuard(List.of("nohup"), folder.resolve("audit.jsonl"), output, LocalPrograms.freePort());

    assertTrue(lines(output).stream().anyMatch(l -> l.contains("SIGHUP is ignored in this process")),
        () -> "output " + lines(output));
    hangUp();
    Thread.sleep(500);
    assertEquals(200, health(admin), "SIGHUP, ignored, leaves the guard running");
  }
}
