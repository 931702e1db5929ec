package org.mispguard.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.mispguard.config.ConfigException;
import org.mispguard.proxy.Guard;
import org.mispguard.proxy.GuardSettings;
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
  int maxBodySize = 512 * 1024 * 1024;

  @Parameter(names = "--audit-log", description = "Append one JSON line per decision to this file")
  Path auditLog;

  @Parameter(names = {"-v", "--verbose"}, description = "Log every decision at DEBUG")
  boolean verbose;

  int run(PrintStream out, PrintStream err) {
    if (verbose) {
      Configurator.setLevel("org.mispguard", Level.DEBUG);
    }
    Guard guard;
    try {
      guard = Guard.start(new GuardSettings(config, new InetSocketAddress(listenHost, listenPort), caDir,
          certs, Optional.ofNullable(upstreamCa), insecure, maxBodySize, Optional.ofNullable(auditLog),
          Duration.ofSeconds(70), true));
    } catch (ConfigException e) {
      err.println("misp-guard cannot start:");
      e.problems().forEach(p -> err.println("  - " + p));
      return ExitCode.USAGE;
    } catch (IOException | RuntimeException e) {
      err.println("misp-guard cannot start: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        guard.close();
      } catch (IOException e) {
        err.println("misp-guard: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "misp-guard-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCode.OK;
  }
}
