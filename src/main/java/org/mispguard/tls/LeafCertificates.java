package org.mispguard.tls;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server certificates minted on demand by the guard's CA, one per host, kept with a ready TLS
 * context so that a repeated CONNECT costs neither a signature nor a context build.
 */
public final class LeafCertificates {

  public static final int DEFAULT_CAPACITY = 1000;
  /** A leaf this close to its end is replaced rather than served. */
  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofDays(1);

  private record Leaf(TlsIdentity identity, SslContext context) {}

  private final TlsIdentity ca;
  private final TlsEngines engines;
  private final BoundedCache<String, Leaf> leaves;
  private final AtomicLong minted = new AtomicLong();

  public LeafCertificates(CertificateAuthority ca, TlsEngines engines) {
    this(ca, engines, DEFAULT_CAPACITY);
  }

  public LeafCertificates(CertificateAuthority ca, TlsEngines engines, int capacity) {
    this.ca = ca.identity();
    this.engines = engines;
    this.leaves = new BoundedCache<>(capacity, this::mint);
  }

  /**
   * The server context for {@code host} (a DNS name or an IP literal, any case, IPv6 with or
   * without brackets).
   *
   * @throws IllegalArgumentException if {@code host} is not a valid host name or IP literal
   */
  public SslContext contextFor(String host) {
    return leafFor(host).context();
  }

  TlsIdentity identityFor(String host) {
    return leafFor(host).identity();
  }

  long mintCount() {
    return minted.get();
  }

  private Leaf leafFor(String host) {
    String canonical = HostNames.canonical(host);
    Leaf leaf = leaves.get(canonical);
    Instant renewAt = leaf.identity().certificate().getNotAfter().toInstant().minus(RENEW_BEFORE_EXPIRY);
    if (Instant.now().isAfter(renewAt)) {
      leaves.forget(canonical, leaf);
      leaf = leaves.get(canonical);
    }
    return leaf;
  }

  private Leaf mint(String canonicalHost) {
    KeyPair keys = CertificateIssuer.newKeyPair();
    TlsIdentity identity = new TlsIdentity(keys.getPrivate(),
        List.of(CertificateIssuer.leaf(canonicalHost, keys.getPublic(), ca, Instant.now()), ca.certificate()));
    minted.incrementAndGet();
    return new Leaf(identity, engines.serverContext(identity));
  }
}
