package org.mispguard.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one key and chain. Built directly rather than through a PKCS#12 key store, whose
 * password-based key protection costs around ten milliseconds per minted host.
 */
final class SingleIdentityKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "identity";

  private final TlsIdentity identity;
  private final String keyAlgorithm;

  SingleIdentityKeyManager(TlsIdentity identity) {
    this.identity = identity;
    String algorithm = identity.key().getAlgorithm();
    this.keyAlgorithm = algorithm.equals("ECDSA") ? "EC" : algorithm;
  }

  /** The JDK asks per signature scheme ("EC", "RSA", "RSASSA-PSS", ...; "EC_EC" style in TLS 1.2). */
  private boolean fits(String keyType) {
    return keyType != null && (keyType.equals(keyAlgorithm) || keyType.startsWith(keyAlgorithm + "_"));
  }

  private String aliasFor(String... keyTypes) {
    return keyTypes != null && Arrays.stream(keyTypes).anyMatch(this::fits) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? identity.chain().toArray(X509Certificate[]::new) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? identity.key() : null;
  }
}
