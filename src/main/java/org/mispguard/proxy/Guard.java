package org.mispguard.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.admin.AdminListener;
import org.mispguard.admin.GuardMetrics;
import org.mispguard.config.ConfigException;
import org.mispguard.config.ConfigLoader;
import org.mispguard.config.ConfigWatcher;
import org.mispguard.config.GuardConfig;
import org.mispguard.policy.Policy;
import org.mispguard.policy.ReservedDestinations;
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
  private final InflightBudget budget;
  private final InspectionPool inspection;
  private final Admin admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * The admin listener, if any, and what its health check reports: the listeners accept.
   *
   * @param metrics counted only when the listener serves them, else null
   */
  private record Admin(Optional<AdminListener> listener, GuardMetrics metrics, AtomicBoolean serving) {}

  private Guard(AtomicReference<Policy> policy, CertificateAuthority ca, GuardServer server,
      ConfigWatcher watcher, AuditLog audit, Admin admin, InflightBudget budget, InspectionPool inspection) {
    this.policy = policy;
    this.ca = ca;
    this.server = server;
    this.watcher = watcher;
    this.audit = audit;
    this.budget = budget;
    this.inspection = inspection;
    this.admin = admin;
  }

  /**
   * @throws ConfigException when the configuration, a certificate or the CA cannot be used
   * @throws IOException when the audit log or the admin listener cannot be opened
   */
  public static Guard start(GuardSettings settings) throws ConfigException, IOException {
    GuardConfig config = ConfigLoader.load(settings.config());
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(settings.caDir());
    if (!ca.created()) {
      LOG.info("using CA {} (SHA-256 {}); MISP hosts must trust {}", ca.caFile(), ca.fingerprintSha256(),
          ca.certificateFile());
    }
    InflightBudget budget = new InflightBudget(settings.inflightLimit());
    GuardMetrics metrics = settings.adminListen().isPresent() ? new GuardMetrics(ca.certificate(), budget::used) : null;
    AtomicBoolean serving = new AtomicBoolean();
    // Bound first, so that the policy knows the admin listener's real address and never forwards to it.
    Optional<AdminListener> listener = settings.adminListen().isPresent()
        ? Optional.of(AdminListener.start(settings.adminListen().get(), metrics, serving::get))
        : Optional.empty();
    Admin admin = new Admin(listener, metrics, serving);
    try {
      return start(settings, config, ca, admin, budget);
    } catch (ConfigException | IOException | RuntimeException e) {
      listener.ifPresent(AdminListener::close);
      throw e;
    }
  }

  private static Guard start(GuardSettings settings, GuardConfig config, CertificateAuthority ca, Admin admin,
      InflightBudget budget)
      throws ConfigException, IOException {
    ReservedDestinations reserved =
        ReservedDestinations.of(admin.listener().map(l -> List.of(l.address())).orElse(List.of()));
    AtomicReference<Policy> policy = new AtomicReference<>(Policy.of(config, reserved));
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
    Decisions decisions = new Decisions(audit, admin.metrics());
    BodyLimits limits = new BodyLimits(settings.maxBodyBytes(), budget, decisions);
    InspectionPool inspection = new InspectionPool(settings.inspectionThreadCount(), settings.inspectionQueueLength());
    BodyHandlers bodies = new BodyHandlers(new BodyJudge(policy::get, new Bodies(limits), inspection));
    GuardFiltersSource filters = new GuardFiltersSource(policy::get, decisions, bodies);
    Optional<ReverseRoute> route = settings.reverse().isPresent()
        ? Optional.of(settings.reverse().get().routeFor(policy.get().config(), settings.reverseListen()))
        : Optional.empty();
    GuardServer server = new GuardServer(decisions, bodies);
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
      inspection.close();
      if (audit != null) {
        audit.close();
      }
      throw e;
    }
    ConfigWatcher watcher = settings.watchConfig()
        ? ConfigWatcher.start(settings.config(),
            changed -> reloaded(policy, Policy.of(changed, reserved), admin.metrics()),
            problems -> rejected(problems, admin.metrics()))
        : null;
    LOG.info("MispGuard initialized");
    LOG.info(policy.get().summary());
    LOG.info("bodies: at most {} each (--max-body-size), {} all together (--max-inflight-bytes);"
        + " judged on {} inspection thread(s), as many for small bodies and as many for large ones as they arrive,"
        + " at most {} waiting in each of the first two",
        ByteCount.of(settings.maxBodyBytes()), ByteCount.of(budget.limit()), inspection.threads(), inspection.queue());
    if (settings.maxBodyBytes() > budget.limit()) {
      LOG.warn("a body larger than {} will always get 503: raise --max-inflight-bytes (and the heap, -Xmx)",
          ByteCount.of(budget.limit()));
    }
    server.forwardAddress().ifPresent(address -> LOG.info("forward proxy listening on {}",
        ListenerAddress.describe(settings.forwardListen(), address)));
    server.reverseAddress().ifPresent(address -> LOG.info("reverse proxy listening on {} for {} → https://{}",
        ListenerAddress.describe(settings.reverseListen(), address), route.get().guardName(), route.get().upstream()));
    admin.listener().ifPresent(listener -> LOG.info("admin listener (GET /healthz, GET /metrics) on {}",
        ListenerAddress.describe(settings.adminListen().orElseThrow(), listener.address())));
    admin.serving().set(true);
    return new Guard(policy, ca, server, watcher, audit, admin, budget, inspection);
  }

  /** In the instances format the upstream must be an instance, or every request will be refused. */
  private static void warnIfNoInstance(Policy policy, ReverseRoute route) {
    if (policy.config().format() == GuardConfig.Format.INSTANCES
        && policy.pinnedAddress(route.upstream().host()) == null) {
      LOG.warn("the reverse-mode upstream {} is no instance of {}: every request to it will be refused",
          route.upstream(), policy.config().source());
    }
  }

  private static void reloaded(AtomicReference<Policy> policy, Policy next, GuardMetrics metrics) {
    policy.set(next);
    if (metrics != null) {
      metrics.configApplied();
    }
    LOG.info("configuration reloaded from {}", next.config().source());
    LOG.info(next.summary());
  }

  private static void rejected(ConfigException problems, GuardMetrics metrics) {
    if (metrics != null) {
      metrics.configRejected();
    }
    LOG.error("configuration change NOT applied, the previous rules stay in force:");
    problems.problems().forEach(p -> LOG.error("  {}", p));
  }

  public Policy policy() {
    return policy.get();
  }

  /** The event loops that move the bytes of client connections and of the upstream connections they open. */
  public static int eventLoops() {
    return GuardServerGroup.clientLoops();
  }

  /** The bytes of all bodies the guard holds right now (SPEC §6, {@code --max-inflight-bytes}). */
  public long inflightBytes() {
    return budget.used();
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

  /** @throws java.util.NoSuchElementException when there is no admin listener */
  public InetSocketAddress adminAddress() {
    return admin.listener().orElseThrow().address();
  }

  /** After logrotate renamed the audit file: continue in a new one at the configured path. */
  public void reopenAuditLog() {
    if (audit != null) {
      audit.reopen();
    }
  }

  /**
   * Stops accepting, lets requests in flight finish for at most {@code timeout} (new requests on
   * open connections get 503), then closes everything.
   *
   * @return true when no request had to be cut off
   */
  public boolean stop(Duration timeout) throws IOException, InterruptedException {
    admin.serving().set(false);
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
    admin.serving().set(false);
    if (watcher != null) {
      watcher.close();
    }
    server.close();
    // the pool lets go of the bodies still waiting, which the budget's trimmer hears of
    inspection.close();
    budget.close();
    admin.listener().ifPresent(AdminListener::close);
    if (audit != null) {
      audit.close();
    }
  }
}
