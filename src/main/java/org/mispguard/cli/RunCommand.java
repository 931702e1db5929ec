package org.mispguard.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.mispguard.config.ConfigException;
import org.mispguard.proxy.Guard;
import org.mispguard.proxy.GuardSettings;
import org.mispguard.proxy.ProxyCredentials;
import org.mispguard.proxy.ReverseSettings;
import org.mispguard.tls.TlsProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code run} (the default): start the guard. */
@Parameters(commandDescription = "Start the guard (the default command)")
final class RunCommand {

  @Parameter(names = "--config", description = "Configuration file (also: --set config=FILE)")
  Path config = Path.of("config.json");

  @Parameter(names = {"-p", "--listen-port"}, description = "Port of the forward proxy")
  int listenPort = 8888;

  @Parameter(names = "--listen-host", description = "Address the listeners bind to")
  String listenHost = "0.0.0.0";

  @Parameter(names = "--ca-dir", description = "Folder of the guard's CA (created on first start)")
  Path caDir = Path.of("certs");

  @Parameter(names = "--certs", description = "HOST=file.pem or *=file.pem: serve this certificate (key + chain) instead of a minted one; repeatable")
  List<String> certs = new ArrayList<>();

  @Parameter(names = {"-k", "--ssl-insecure"}, description = "Do not verify upstream certificates (testing only)")
  boolean insecure;

  @Parameter(names = "--upstream-ca", description = "PEM bundle of extra CAs trusted for upstream servers")
  Path upstreamCa;

  @Parameter(names = "--max-body-size", converter = ByteSize.class, description = "Largest request or response body, decoded (e.g. 512m)")
  long maxBodySize = 512 * 1024 * 1024;

  @Parameter(names = "--max-inflight-bytes", converter = ByteSize.class,
      description = "Bound on all bodies held at once (e.g. 1g); above it a request gets 503. Default: half the JVM's maximum heap")
  Long maxInflightBytes;

  @Parameter(names = "--audit-log", description = "Append one JSON line per decision to this file")
  Path auditLog;

  @Parameter(names = "--mode", converter = Mode.Converter.class,
      description = "regular (forward proxy), or reverse:https://HOST:PORT to serve remote MISP servers pulling from"
          + " the internal one (reverse alone: the seed configuration's misp block names it)")
  Mode mode = Mode.REGULAR;

  @Parameter(names = "--reverse-port", description = "Run the reverse listener on this port next to the forward proxy on -p")
  Integer reversePort;

  @Parameter(names = "--reverse-hostname", description = "Name remote MISP servers use for the guard (their server URL's host);"
      + " the reverse listener's certificate is minted for it")
  String reverseHostname;

  @Parameter(names = "--shutdown-timeout", description = "Seconds a stop waits for requests in flight")
  int shutdownTimeout = (int) GuardSettings.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds();

  @Parameter(names = "--idle-timeout", description = "Seconds a connection may stay without a complete message"
      + " (client) or without a response (upstream) before it is closed; an upstream timeout answers 504")
  int idleTimeout = (int) GuardSettings.DEFAULT_IDLE_TIMEOUT.toSeconds();

  @Parameter(names = "--proxy-auth", description = "user:password, or @FILE holding that line (not readable by"
      + " others): the forward proxy demands these Basic credentials (MISP's Proxy.user / Proxy.password)")
  String proxyAuth;

  @Parameter(names = "--proxy-protocol", description = "The forward proxy requires a PROXY protocol header (v1"
      + " or v2) on every connection and identifies the client by it (behind a TCP load balancer)")
  boolean proxyProtocol;

  @Parameter(names = "--admin-listen", converter = ListenAddress.class, description = "HOST:PORT of the admin"
      + " listener, plain HTTP: GET /healthz and GET /metrics (Prometheus); keep it on loopback (e.g. 127.0.0.1:9100)")
  InetSocketAddress adminListen;

  @Parameter(names = "--tls-provider", description = "auto (OpenSSL when its native library loads, else the"
      + " JDK's), openssl or jdk")
  String tlsProvider = "auto";

  @Parameter(names = {"-v", "--verbose"}, description = "Log every decision at DEBUG")
  boolean verbose;

  int run(PrintStream out, PrintStream err) {
    if (verbose) {
      Configurator.setLevel("org.mispguard", Level.DEBUG);
    }
    GuardSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      err.println("misp-guard: " + e.getMessage());
      return ExitCode.USAGE;
    }
    // Caught before the guard listens: a signal that comes while it starts (a logrotate run as soon
    // as the service is up) must not end the JVM. A stop asked meanwhile is done once it has started.
    CountDownLatch stopRequested = new CountDownLatch(1);
    AtomicReference<Guard> started = new AtomicReference<>();
    if (!StopSignals.onStop(stopRequested::countDown)) {
      err.println("misp-guard: SIGTERM cannot be caught in this process: a stop ends connections at once");
    }
    boolean hangupCaught = StopSignals.onHangup(() -> {
      Guard running = started.get();
      if (running != null) {
        running.reopenAuditLog();
      }
    });
    if (!hangupCaught && auditLog != null) {
      err.println("misp-guard: SIGHUP is ignored in this process (started with nohup?): the audit log"
          + " is not reopened on SIGHUP; start the guard without nohup, or rotate the log with copytruncate");
    }
    Guard guard;
    try {
      guard = Guard.start(settings);
    } catch (ConfigException e) {
      err.println("misp-guard cannot start:");
      e.problems().forEach(p -> err.println("  - " + p));
      return ExitCode.USAGE;
    } catch (IOException | RuntimeException e) {
      err.println("misp-guard cannot start: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    started.set(guard);
    Thread lastResort = new Thread(() -> closeQuietly(guard, err), "misp-guard-shutdown");
    Runtime.getRuntime().addShutdownHook(lastResort);
    try {
      stopRequested.await();
      guard.stop(Duration.ofSeconds(shutdownTimeout));
      Runtime.getRuntime().removeShutdownHook(lastResort);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      err.println("misp-guard: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    return ExitCode.OK;
  }

  /** @throws IllegalArgumentException when the options contradict each other or a value is unusable */
  private GuardSettings settings() {
    if (maxBodySize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--max-body-size: must be at most 2047m");
    }
    return new GuardSettings(config, new InetSocketAddress(listenHost, listenPort), caDir,
        certs, Optional.ofNullable(upstreamCa), insecure, (int) maxBodySize, Optional.ofNullable(auditLog),
        Duration.ofSeconds(idleTimeout), true, reverseSettings(), Duration.ofSeconds(shutdownTimeout),
        Optional.ofNullable(proxyAuth).map(ProxyCredentials::parse), proxyProtocol, Optional.ofNullable(adminListen),
        maxInflightBytes == null ? 0 : maxInflightBytes, TlsProvider.fromOption(tlsProvider), 0, 0);
  }

  /** The reverse listener the options ask for: {@code --mode reverse…} and/or {@code --reverse-port}. */
  private Optional<ReverseSettings> reverseSettings() {
    if (shutdownTimeout < 0) {
      throw new IllegalArgumentException("--shutdown-timeout must be 0 or more seconds");
    }
    if (!mode.reverse() && reversePort == null) {
      if (reverseHostname != null) {
        throw new IllegalArgumentException("--reverse-hostname needs --mode reverse or --reverse-port");
      }
      return Optional.empty();
    }
    if (reversePort != null && (reversePort < 0 || reversePort > 65535 || reversePort == listenPort)) {
      throw new IllegalArgumentException("--reverse-port must be a port from 0 to 65535 other than -p");
    }
    return Optional.of(new ReverseSettings(mode.upstream(), Optional.ofNullable(reverseHostname),
        Optional.ofNullable(reversePort).map(port -> new InetSocketAddress(listenHost, port))));
  }

  /** When the JVM ends for another reason than a stop signal. */
  private static void closeQuietly(Guard guard, PrintStream err) {
    try {
      guard.close();
    } catch (IOException e) {
      err.println("misp-guard: " + e.getMessage());
    }
  }
}
