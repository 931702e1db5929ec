package org.mispguard.tls;

import javax.net.ssl.SSLEngine;

/** Which certificate the guard presents to a MISP client for a host: the operator's, else a minted one. */
public final class ServerCertificates {

  private final CertOverrides overrides;
  private final LeafCertificates leaves;

  public ServerCertificates(CertOverrides overrides, LeafCertificates leaves) {
    this.overrides = overrides;
    this.leaves = leaves;
  }

  /**
   * A server-mode engine presenting the certificate for {@code host}.
   *
   * @throws IllegalArgumentException if {@code host} is neither a host name nor an IP literal and
   *     no {@code *} certificate was given
   */
  public SSLEngine engineFor(String host) {
    return TlsEngines.serverEngine(overrides.contextFor(host).orElseGet(() -> leaves.contextFor(host)));
  }
}
