package org.mispguard.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads and writes the PEM files the guard uses: keys in any OpenSSL form, certificates in order. */
final class PemFiles {

  /** What one PEM file holds, in file order. */
  record Contents(List<PrivateKey> keys, List<X509Certificate> certificates) {}

  private PemFiles() {}

  /**
   * @throws PemException with a message fit for an operator (names the file, never the key)
   */
  static Contents read(Path file) throws PemException {
    List<PrivateKey> keys = new ArrayList<>();
    List<X509Certificate> certificates = new ArrayList<>();
    JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
    JcaX509CertificateConverter certConverter = new JcaX509CertificateConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          certificates.add(certConverter.getCertificate(holder));
        } else if (item instanceof PEMKeyPair pair) {
          keys.add(keyConverter.getPrivateKey(pair.getPrivateKeyInfo()));
        } else if (item instanceof PrivateKeyInfo info) {
          keys.add(keyConverter.getPrivateKey(info));
        } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new PemException(file + ": the private key is encrypted; store it without a passphrase");
        } else if (!(item instanceof ASN1ObjectIdentifier)) {
          // an "EC PARAMETERS" block is harmless; anything else means the file is not what we think
          throw new PemException(file + ": unexpected PEM block " + item.getClass().getSimpleName());
        }
      }
    } catch (PemException e) {
      throw e;
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new PemException(file + ": cannot be read as PEM (" + e.getMessage() + ")");
    }
    if (keys.isEmpty() && certificates.isEmpty()) {
      throw new PemException(file + ": holds no PEM key or certificate");
    }
    return new Contents(List.copyOf(keys), List.copyOf(certificates));
  }

  /** A private key as PKCS#8 ("PRIVATE KEY") followed by the certificates. */
  static String encode(PrivateKey key, List<X509Certificate> certificates) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (key != null) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      }
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    }
    return out.toString();
  }

  /** A PEM file that cannot be used; the message names the file and the problem. */
  static final class PemException extends Exception {
    PemException(String message) {
      super(message);
    }
  }
}
