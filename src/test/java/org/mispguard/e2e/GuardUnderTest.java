package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.mispguard.proxy.Guard;
import org.mispguard.proxy.GuardSettings;
import org.mispguard.proxy.ReverseSettings;

/** The real guard, started in-process on a loopback port with a configuration written to a file. */
final class GuardUnderTest implements AutoCloseable {

  final Guard guard;
  final Path configFile;
  final Path auditLog;

  private GuardUnderTest(Guard guard, Path configFile, Path auditLog) {
    this.guard = guard;
    this.configFile = configFile;
    this.auditLog = auditLog;
  }

  static GuardUnderTest start(Path folder, String configJson, Path upstreamCa, int maxBodyBytes,
      boolean watchConfig) throws Exception {
    return start(folder, configJson, upstreamCa, maxBodyBytes, watchConfig, Optional.empty(), UnaryOperator.identity());
  }

  /** A guard with a reverse listener as {@code reverse} describes it (forward too, if it has its own port). */
  static GuardUnderTest start(Path folder, String configJson, Path upstreamCa, int maxBodyBytes,
      boolean watchConfig, Optional<ReverseSettings> reverse) throws Exception {
    return start(folder, configJson, upstreamCa, maxBodyBytes, watchConfig, reverse, UnaryOperator.identity());
  }

  /** As above, with settings that {@code adjust} may change (timeouts, proxy authentication, ...). */
  static GuardUnderTest start(Path folder, String configJson, Path upstreamCa, int maxBodyBytes,
      boolean watchConfig, UnaryOperator<GuardSettings> adjust) throws Exception {
    return start(folder, configJson, upstreamCa, maxBodyBytes, watchConfig, Optional.empty(), adjust);
  }

  /** A guard with a reverse listener as {@code reverse} describes it, and settings {@code adjust} may change. */
  static GuardUnderTest start(Path folder, String configJson, Path upstreamCa, int maxBodyBytes,
      boolean watchConfig, Optional<ReverseSettings> reverse, UnaryOperator<GuardSettings> adjust)
      throws Exception {
    Files.createDirectories(folder);
    Path config = folder.resolve("config.json");
    Files.writeString(config, configJson, StandardCharsets.UTF_8);
    Path audit = folder.resolve("audit.jsonl");
    Guard guard = Guard.start(adjust.apply(new GuardSettings(config, new InetSocketAddress("127.0.0.1", 0),
        folder.resolve("guard-ca"), List.of(), Optional.of(upstreamCa), false, maxBodyBytes,
        Optional.of(audit), Duration.ofSeconds(30), watchConfig, reverse, Duration.ofSeconds(10))));
    return new GuardUnderTest(guard, config, audit);
  }

  /** The guard's admin listener, as a monitoring system reads it. */
  AdminEndpoint admin() {
    return new AdminEndpoint(guard.adminAddress());
  }

  /** A MISP server connecting to the guard from {@code sourceIp}, trusting the guard's CA. */
  MispClient client(String sourceIp) {
    return new MispClient(sourceIp, guard.forwardAddress(), guard.ca().certificate());
  }

  /**
   * libcurl as MISP runs it at {@code sourceIp}, through the forward listener to {@code origin}
   * ({@code https://host:port}), trusting the guard's CA; its files go under {@code folder}.
   */
  Curl curl(String sourceIp, String origin, Path folder) {
    return new Curl(folder, sourceIp, guard.forwardAddress(), guard.ca().certificateFile(), origin);
  }

  /** A remote MISP server pulling through the reverse listener from {@code sourceIp}, trusting the guard's CA. */
  MispClient reverseClient(String sourceIp) {
    return new MispClient(sourceIp, guard.reverseAddress(), guard.ca().certificate());
  }

  /**
   * Waits briefly for an audit line that {@code wanted} accepts: a decision may be recorded on
   * another thread just after the reply was written.
   */
  boolean audited(java.util.function.Predicate<String> wanted) throws Exception {
    long deadline = System.currentTimeMillis() + 3000;
    do {
      if (auditLines().stream().anyMatch(wanted)) {
        return true;
      }
      Thread.sleep(20);
    } while (System.currentTimeMillis() < deadline);
    return false;
  }

  List<String> auditLines() throws Exception {
    return Files.readAllLines(auditLog, StandardCharsets.UTF_8);
  }

  /** Bodies are given back as connections close, on the guard's threads: allow it a moment. */
  void assertNothingHeld() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (guard.inflightBytes() != 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, guard.inflightBytes(), "bytes of bodies the guard still holds");
  }

  @Override
  public void close() throws Exception {
    guard.close();
  }
}
