package org.mispguard.proxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run the guard, as the command line says it.
 *
 * @param forwardListen   where the forward proxy listens (the reverse listener instead, when
 *                        {@code reverse} has no address of its own)
 * @param certs           {@code HOST=file.pem} / {@code *=file.pem} certificate overrides
 * @param maxBodyBytes    largest decoded body read for inspection
 * @param watchConfig     reload the configuration file when it changes
 * @param reverse         the reverse listener, if any
 * @param shutdownTimeout how long a stop waits for requests in flight
 */
public record GuardSettings(
    Path config,
    InetSocketAddress forwardListen,
    Path caDir,
    List<String> certs,
    Optional<Path> upstreamCa,
    boolean insecure,
    int maxBodyBytes,
    Optional<Path> auditLog,
    Duration idleTimeout,
    boolean watchConfig,
    Optional<ReverseSettings> reverse,
    Duration shutdownTimeout) {

  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  public GuardSettings {
    certs = List.copyOf(certs);
  }

  /** Forward mode only. */
  public GuardSettings(Path config, InetSocketAddress forwardListen, Path caDir, List<String> certs,
      Optional<Path> upstreamCa, boolean insecure, int maxBodyBytes, Optional<Path> auditLog,
      Duration idleTimeout, boolean watchConfig) {
    this(config, forwardListen, caDir, certs, upstreamCa, insecure, maxBodyBytes, auditLog, idleTimeout,
        watchConfig, Optional.empty(), DEFAULT_SHUTDOWN_TIMEOUT);
  }

  boolean forwardEnabled() {
    return reverse.isEmpty() || reverse.get().ownListen().isPresent();
  }

  InetSocketAddress reverseListen() {
    return reverse.flatMap(ReverseSettings::ownListen).orElse(forwardListen);
  }
}
