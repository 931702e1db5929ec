package org.mispguard.tls;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * Certificates for the simulated remote MISP servers of the end-to-end tests: a CA of their own
 * (as a real remote has), and a PKCS#12 key store per host for the HTTPS server to serve.
 */
public final class TestServerCertificates {

  public static final String PASSWORD = "changeit";

  private final CertificateAuthority ca;
  private final LeafCertificates leaves;
  private final Path folder;

  public TestServerCertificates(Path folder) throws Exception {
    this.folder = folder;
    this.ca = CertificateAuthority.loadOrCreate(folder.resolve("remote-ca"));
    this.leaves = TlsFixtures.leaves(ca);
  }

  /** The CA a guard must be told about ({@code --upstream-ca}) to trust these servers. */
  public Path caCertificateFile() {
    return ca.certificateFile();
  }

  /** A key store holding a key and certificate for {@code host}, signed by this CA. */
  public Path keyStoreFor(String host) throws Exception {
    return keyStore(host + ".p12", leaves.identityFor(host));
  }

  /** As {@link #keyStoreFor}, with a certificate that ran out long ago. */
  public Path expiredKeyStoreFor(String host) throws Exception {
    return keyStore(host + "-expired.p12", TlsFixtures.expiredLeaf(ca, host));
  }

  private Path keyStore(String fileName, TlsIdentity identity) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", identity.key(), PASSWORD.toCharArray(),
        identity.chain().toArray(X509Certificate[]::new));
    Path file = folder.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
    return file;
  }
}
