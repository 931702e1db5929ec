package org.mispguard.proxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run the guard, as the command line says it.
 *
 * @param forwardListen where the forward proxy listens
 * @param certs         {@code HOST=file.pem} / {@code *=file.pem} certificate overrides
 * @param maxBodyBytes  largest decoded body read for inspection
 * @param watchConfig   reload the configuration file when it changes
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
    boolean watchConfig) {

  public GuardSettings {
    certs = List.copyOf(certs);
  }
}
