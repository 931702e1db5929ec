package org.mispguard.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.config.ConfigException;
import org.mispguard.config.ConfigLoader;
import org.mispguard.config.ConfigWatcher;
import org.mispguard.config.GuardConfig;
import org.mispguard.policy.Policy;
import org.mispguard.tls.CertOverrides;
import org.mispguard.tls.CertificateAuthority;
import org.mispguard.tls.GuardMitmManager;
import org.mispguard.tls.LeafCertificates;
import org.mispguard.tls.ReverseSslEngineSource;
import org.mispguard.tls.ServerCertificates;
import org.mispguard.tls.TlsEngines;
import org.mispguard.tls.TlsProvider;
import org.mispguard.tls.UpstreamEngines;
import org.mispguard.tls.UpstreamTrust;

/**
 * A running guard: configuration, policy, CA and listeners assembled from {@link GuardSettings}.
 * The policy is one immutable object behind a reference; a reload swaps it whole.
 */
public final class Guard implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(Guard.class);

  private final AtomicReference<Policy> policy;
  private final CertificateAuthority ca;
  private final GuardServer server;
  private final ConfigWatcher watcher;
  private final AuditLog audit;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Guard(AtomicReference<Policy> policy, CertificateAuthority ca, GuardServer server,
      ConfigWatcher watcher, AuditLog audit) {
    this.policy = policy;
    this.ca = ca;
    this.server = server;
    this.watcher = watcher;
    this.audit = audit;
  }

  /**
   * @throws ConfigException when the configuration, a certificate or the CA cannot be used
   * @throws IOException when the audit log cannot be opened
   */
  public static Guard start(GuardSettings settings) throws ConfigException, IOException {
    AtomicReference<Policy> policy = new AtomicReference<>(Policy.of(ConfigLoader.load(settings.config())));
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(settings.caDir());
    if (!ca.created()) {
      LOG.info("using CA {} (SHA-256 {}); MISP hosts must trust {}", ca.caFile(), ca.fingerprintSha256(),
          ca.certificateFile());
    }
    TlsEngines tls = new TlsEngines(TlsProvider.select(settings.tlsProvider()));
    UpstreamEngines upstream = new UpstreamEngines(
        UpstreamTrust.create(settings.upstreamCa(), settings.insecure()), tls,
        host -> policy.get().clientCertificateFor(host));
    for (var instance : policy.get().config().instances().values()) {
      if (instance.clientCert().isPresent()) {
        upstream.checkClientCertificate(instance.clientCert().get());
      }
    }
    ServerCertificates certificates =
        new ServerCertificates(CertOverrides.parse(settings.certs(), tls), new LeafCertificates(ca, tls));
    GuardMitmManager mitm = new GuardMitmManager(certificates, upstream, host -> policy.get().upstreamName(host));
    AuditLog audit = settings.auditLog().isPresent() ? AuditLog.open(settings.auditLog().get()) : null;
    Decisions decisions = new Decisions(audit);
    GuardFiltersSource filters = new GuardFiltersSource(policy::get, decisions, settings.maxBodyBytes());
    Optional<ReverseRoute> route = settings.reverse().isPresent()
        ? Optional.of(settings.reverse().get().routeFor(policy.get().config(), settings.reverseListen()))
        : Optional.empty();
    GuardServer server = new GuardServer(decisions);
    try {
      if (settings.forwardEnabled()) {
        server.startForward(settings.forwardListen(), mitm, filters, settings.idleTimeout(),
            settings.proxyAuth().map(credentials -> new ProxyAuthentication(credentials, decisions)),
            settings.proxyProtocol());
      }
      if (route.isPresent()) {
        warnIfNoInstance(policy.get(), route.get());
        server.startReverse(settings.reverseListen(),
            new ReverseSslEngineSource(certificates, route.get().guardName()), route.get(),
            new ReverseUpstream(route.get().upstream(), policy::get, upstream), filters, settings.idleTimeout());
      }
    } catch (RuntimeException e) {
      server.close();
      if (audit != null) {
        audit.close();
      }
      throw e;
    }
    ConfigWatcher watcher = settings.watchConfig()
        ? ConfigWatcher.start(settings.config(), config -> reloaded(policy, config), Guard::rejected)
        : null;
    LOG.info("MispGuard initialized");
    LOG.info(policy.get().summary());
    server.forwardAddress().ifPresent(address -> LOG.info("forward proxy listening on {}", hostPort(address)));
    server.reverseAddress().ifPresent(address -> LOG.info("reverse proxy listening on {} for {} → https://{}",
        hostPort(address), route.get().guardName(), route.get().upstream()));
    return new Guard(policy, ca, server, watcher, audit);
  }

  /** In the instances format the upstream must be an instance, or every request will be refused. */
  private static void warnIfNoInstance(Policy policy, ReverseRoute route) {
    if (policy.config().format() == GuardConfig.Format.INSTANCES
        && policy.pinnedAddress(route.upstream().host()) == null) {
      LOG.warn("the reverse-mode upstream {} is no instance of {}: every request to it will be refused",
          route.upstream(), policy.config().source());
    }
  }

  private static String hostPort(java.net.InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private static void reloaded(AtomicReference<Policy> policy, GuardConfig config) {
    Policy next = Policy.of(config);
    policy.set(next);
    LOG.info("configuration reloaded from {}", config.source());
    LOG.info(next.summary());
  }

  private static void rejected(ConfigException problems) {
    LOG.error("configuration change NOT applied, the previous rules stay in force:");
    problems.problems().forEach(p -> LOG.error("  {}", p));
  }

  public Policy policy() {
    return policy.get();
  }

  public CertificateAuthority ca() {
    return ca;
  }

  /** @throws java.util.NoSuchElementException when only the reverse listener runs */
  public InetSocketAddress forwardAddress() {
    return server.forwardAddress().orElseThrow();
  }

  /** @throws java.util.NoSuchElementException when there is no reverse listener */
  public InetSocketAddress reverseAddress() {
    return server.reverseAddress().orElseThrow();
  }

  /**
   * Stops accepting, lets requests in flight finish for at most {@code timeout} (new requests on
   * open connections get 503), then closes everything.
   *
   * @return true when no request had to be cut off
   */
  public boolean stop(Duration timeout) throws IOException, InterruptedException {
    LOG.info("stopping: finishing the requests in flight (at most {} s)", timeout.toSeconds());
    boolean finished;
    try {
      finished = server.stopGracefully(timeout);
    } finally {
      close();
    }
    LOG.info("stopped");
    return finished;
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (watcher != null) {
      watcher.close();
    }
    server.close();
    if (audit != null) {
      audit.close();
    }
  }
}
