package org.mispguard.proxy;

import java.io.IOException;
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
import org.mispguard.tls.ServerCertificates;
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
    UpstreamEngines upstream = new UpstreamEngines(
        UpstreamTrust.create(settings.upstreamCa(), settings.insecure()),
        host -> policy.get().clientCertificateFor(host));
    for (var instance : policy.get().config().instances().values()) {
      if (instance.clientCert().isPresent()) {
        upstream.checkClientCertificate(instance.clientCert().get());
      }
    }
    GuardMitmManager mitm = new GuardMitmManager(
        new ServerCertificates(CertOverrides.parse(settings.certs()), new LeafCertificates(ca)), upstream);
    AuditLog audit = settings.auditLog().isPresent() ? AuditLog.open(settings.auditLog().get()) : null;
    GuardServer server = GuardServer.startForward(settings.forwardListen(), mitm, policy::get,
        new Decisions(audit), settings.maxBodyBytes(), settings.idleTimeout());
    ConfigWatcher watcher = settings.watchConfig()
        ? ConfigWatcher.start(settings.config(), config -> reloaded(policy, config), Guard::rejected)
        : null;
    LOG.info("MispGuard initialized");
    LOG.info(policy.get().summary());
    LOG.info("forward proxy listening on {}:{}", server.forwardAddress().getHostString(),
        server.forwardAddress().getPort());
    return new Guard(policy, ca, server, watcher, audit);
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

  public java.net.InetSocketAddress forwardAddress() {
    return server.forwardAddress();
  }

  @Override
  public void close() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
    server.close();
    if (audit != null) {
      audit.close();
    }
  }
}
