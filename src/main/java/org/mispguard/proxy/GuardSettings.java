package org.mispguard.proxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.mispguard.tls.TlsProvider;

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
 * @param proxyAuth       credentials the forward listener demands (Basic), if any
 * @param proxyProtocol   the forward listener requires a PROXY protocol header and takes the
 *                        client's identity from it
 * @param adminListen     where the admin listener (health, metrics) listens, if anywhere
 * @param maxInflightBytes bound on all bodies held at once; 0 for the default derived from the
 *                        JVM's maximum heap
 * @param tlsProvider     the TLS implementation the operator forces, or empty for OpenSSL when it loads
 * @param inspectionThreads threads that decode and inspect bodies, in each of the pool's three lanes
 *                        (large bodies, small ones); 0 for one per core
 * @param inspectionQueue bodies that may wait for an inspection thread of their lane before a
 *                        request gets 503; 0 for the default
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
    Duration shutdownTimeout,
    Optional<ProxyCredentials> proxyAuth,
    boolean proxyProtocol,
    Optional<InetSocketAddress> adminListen,
    long maxInflightBytes,
    Optional<TlsProvider> tlsProvider,
    int inspectionThreads,
    int inspectionQueue) {

  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  /** LittleProxy's own default. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(70);

  /**
   * @throws IllegalArgumentException when proxy authentication or the PROXY protocol is asked for
   *     without a forward listener: LittleProxy 2.8 reads PROXY headers only on plain listeners,
   *     and the reverse listener serves MISP servers that do not authenticate to proxies
   */
  public GuardSettings {
    certs = List.copyOf(certs);
    boolean reverseOnly = reverse.isPresent() && reverse.get().ownListen().isEmpty();
    if (reverseOnly && proxyProtocol) {
      throw new IllegalArgumentException("--proxy-protocol applies to the forward listener only;"
          + " the reverse listener (TLS) cannot read a PROXY header: run the forward listener too (--reverse-port)");
    }
    if (reverseOnly && proxyAuth.isPresent()) {
      throw new IllegalArgumentException("--proxy-auth applies to the forward listener only");
    }
    if (idleTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("--idle-timeout must be at least 1 second");
    }
    // forwardListen is the reverse listener's address when that one has none of its own
    if (adminListen.isPresent() && (sameSocket(adminListen.get(), forwardListen) || reverse
        .flatMap(ReverseSettings::ownListen).filter(own -> sameSocket(adminListen.get(), own)).isPresent())) {
      throw new IllegalArgumentException("--admin-listen must not be the address of a proxy listener");
    }
    if (maxInflightBytes < 0) {
      throw new IllegalArgumentException("--max-inflight-bytes must be positive");
    }
    if (inspectionThreads < 0 || inspectionQueue < 0) {
      throw new IllegalArgumentException("the inspection pool's threads and queue must be positive");
    }
  }

  /** Whether two listeners would compete for one socket (a port chosen by the system never does). */
  private static boolean sameSocket(InetSocketAddress a, InetSocketAddress b) {
    return a.getPort() != 0 && a.getPort() == b.getPort() && (a.getAddress() == null || b.getAddress() == null
        || a.getAddress().isAnyLocalAddress() || b.getAddress().isAnyLocalAddress()
        || a.getAddress().equals(b.getAddress()));
  }

  /** Without proxy authentication or PROXY protocol. */
  public GuardSettings(Path config, InetSocketAddress forwardListen, Path caDir, List<String> certs,
      Optional<Path> upstreamCa, boolean insecure, int maxBodyBytes, Optional<Path> auditLog,
      Duration idleTimeout, boolean watchConfig, Optional<ReverseSettings> reverse, Duration shutdownTimeout) {
    this(config, forwardListen, caDir, certs, upstreamCa, insecure, maxBodyBytes, auditLog, idleTimeout,
        watchConfig, reverse, shutdownTimeout, Optional.empty(), false, Optional.empty(), 0, Optional.empty(), 0, 0);
  }

  public GuardSettings withIdleTimeout(Duration timeout) {
    return with(changed -> changed.idleTimeout = timeout);
  }

  public GuardSettings withProxyAuth(ProxyCredentials credentials) {
    return with(changed -> changed.proxyAuth = Optional.of(credentials));
  }

  public GuardSettings withProxyProtocol() {
    return with(changed -> changed.proxyProtocol = true);
  }

  public GuardSettings withAdminListen(InetSocketAddress address) {
    return with(changed -> changed.adminListen = Optional.of(address));
  }

  public GuardSettings withForwardListen(InetSocketAddress address) {
    return with(changed -> changed.forwardListen = address);
  }

  public GuardSettings withMaxInflightBytes(long bytes) {
    return with(changed -> changed.maxInflightBytes = bytes);
  }

  /** With {@code threads} inspection threads and {@code queue} bodies at most waiting for one. */
  public GuardSettings withInspectionPool(int threads, int queue) {
    return with(changed -> {
      changed.inspectionThreads = threads;
      changed.inspectionQueue = queue;
    });
  }

  /** A copy with what {@code change} changes, checked as any settings are. */
  private GuardSettings with(Consumer<Changed> change) {
    Changed changed = new Changed(this);
    change.accept(changed);
    return changed.settings();
  }

  /** The values of a settings record while some of them change. */
  private static final class Changed {
    private final Path config;
    private InetSocketAddress forwardListen;
    private final Path caDir;
    private final List<String> certs;
    private final Optional<Path> upstreamCa;
    private final boolean insecure;
    private final int maxBodyBytes;
    private final Optional<Path> auditLog;
    private Duration idleTimeout;
    private final boolean watchConfig;
    private final Optional<ReverseSettings> reverse;
    private final Duration shutdownTimeout;
    private Optional<ProxyCredentials> proxyAuth;
    private boolean proxyProtocol;
    private Optional<InetSocketAddress> adminListen;
    private long maxInflightBytes;
    private final Optional<TlsProvider> tlsProvider;
    private int inspectionThreads;
    private int inspectionQueue;

    private Changed(GuardSettings from) {
      config = from.config;
      forwardListen = from.forwardListen;
      caDir = from.caDir;
      certs = from.certs;
      upstreamCa = from.upstreamCa;
      insecure = from.insecure;
      maxBodyBytes = from.maxBodyBytes;
      auditLog = from.auditLog;
      idleTimeout = from.idleTimeout;
      watchConfig = from.watchConfig;
      reverse = from.reverse;
      shutdownTimeout = from.shutdownTimeout;
      proxyAuth = from.proxyAuth;
      proxyProtocol = from.proxyProtocol;
      adminListen = from.adminListen;
      maxInflightBytes = from.maxInflightBytes;
      tlsProvider = from.tlsProvider;
      inspectionThreads = from.inspectionThreads;
      inspectionQueue = from.inspectionQueue;
    }

    private GuardSettings settings() {
      return new GuardSettings(config, forwardListen, caDir, certs, upstreamCa, insecure, maxBodyBytes, auditLog,
          idleTimeout, watchConfig, reverse, shutdownTimeout, proxyAuth, proxyProtocol, adminListen, maxInflightBytes,
          tlsProvider, inspectionThreads, inspectionQueue);
    }
  }

  /** The bound on all bodies held at once: as set, else half the JVM's maximum heap. */
  long inflightLimit() {
    return maxInflightBytes > 0 ? maxInflightBytes : InflightBudget.defaultLimit();
  }

  int inspectionThreadCount() {
    return inspectionThreads > 0 ? inspectionThreads : InspectionPool.defaultThreads();
  }

  int inspectionQueueLength() {
    return inspectionQueue > 0 ? inspectionQueue : InspectionPool.DEFAULT_QUEUE;
  }

  boolean forwardEnabled() {
    return reverse.isEmpty() || reverse.get().ownListen().isPresent();
  }

  InetSocketAddress reverseListen() {
    return reverse.flatMap(ReverseSettings::ownListen).orElse(forwardListen);
  }
}
