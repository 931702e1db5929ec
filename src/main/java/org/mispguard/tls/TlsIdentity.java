package org.mispguard.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.mispguard.tls.PemFiles.PemException;

/** A private key with the certificate chain it proves, leaf first: what one side of TLS presents. */
record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

  TlsIdentity {
    chain = List.copyOf(chain);
  }

  X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * A PEM file holding exactly one private key and its certificate chain, leaf first (the form
   * mitmproxy's {@code --certs} and most servers take).
   */
  static TlsIdentity read(Path file) throws PemException {
    PemFiles.Contents contents = PemFiles.read(file);
    if (contents.keys().size() != 1) {
      throw new PemException(file + ": must hold exactly one private key, found " + contents.keys().size());
    }
    if (contents.certificates().isEmpty()) {
      throw new PemException(file + ": holds no certificate");
    }
    TlsIdentity identity = new TlsIdentity(contents.keys().get(0), contents.certificates());
    if (!Signatures.matches(identity.key(), identity.certificate().getPublicKey())) {
      throw new PemException(file + ": the private key does not belong to the first certificate");
    }
    try {
      identity.certificate().checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new PemException(file + ": the certificate is not valid now (valid "
          + identity.certificate().getNotBefore() + " to " + identity.certificate().getNotAfter() + ")");
    }
    return identity;
  }

  KeyManager keyManager() {
    return new SingleIdentityKeyManager(this);
  }
}
