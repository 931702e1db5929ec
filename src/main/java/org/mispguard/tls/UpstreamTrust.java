package org.mispguard.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.config.ConfigException;
import org.mispguard.tls.PemFiles.PemException;

/**
 * Which upstream servers the guard believes (SPEC §7): the JVM's trust store plus the
 * certificates of {@code --upstream-ca} (a CA bundle, or a MISP server's self-signed certificate
 * itself), or — with {@code -k} — anyone.
 */
public final class UpstreamTrust {

  private static final Logger LOG = LogManager.getLogger(UpstreamTrust.class);

  private final X509ExtendedTrustManager trustManager;
  private final boolean insecure;

  private UpstreamTrust(X509ExtendedTrustManager trustManager, boolean insecure) {
    this.trustManager = trustManager;
    this.insecure = insecure;
  }

  public static UpstreamTrust create(Optional<Path> upstreamCa, boolean insecure) throws ConfigException {
    if (insecure) {
      LOG.warn("upstream TLS verification is OFF (--ssl-insecure): any server can impersonate a MISP remote"
          + upstreamCa.map(file -> "; --upstream-ca " + file + " is ignored").orElse(""));
      return new UpstreamTrust(FixedTrust.acceptEveryServer(), true);
    }
    List<X509Certificate> extra = upstreamCa.isPresent() ? readBundle(upstreamCa.get()) : List.of();
    return new UpstreamTrust(verifying(extra), false);
  }

  public X509ExtendedTrustManager trustManager() {
    return trustManager;
  }

  /** True when upstream certificates and host names are not checked. */
  public boolean insecure() {
    return insecure;
  }

  private static List<X509Certificate> readBundle(Path file) throws ConfigException {
    try {
      List<X509Certificate> certificates = PemFiles.read(file).certificates();
      if (certificates.isEmpty()) {
        throw new ConfigException(List.of("--upstream-ca " + file + ": holds no certificate"));
      }
      return certificates;
    } catch (PemException e) {
      throw new ConfigException(List.of("--upstream-ca " + e.getMessage()));
    }
  }

  private static X509ExtendedTrustManager verifying(List<X509Certificate> extra) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (X509Certificate certificate : jvmDefaultTrustManager().getAcceptedIssuers()) {
        anchors.setCertificateEntry("jvm-" + n++, certificate);
      }
      for (X509Certificate certificate : extra) {
        anchors.setCertificateEntry("upstream-ca-" + n++, certificate);
      }
      return extendedTrustManager(anchors);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the upstream trust store: " + e.getMessage(), e);
    }
  }

  /** The trust store the JVM uses by default ({@code javax.net.ssl.trustStore} or its cacerts). */
  private static X509TrustManager jvmDefaultTrustManager() throws GeneralSecurityException {
    return extendedTrustManager(null);
  }

  private static X509ExtendedTrustManager extendedTrustManager(KeyStore anchors) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager extended) {
        return extended;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
  }
}
