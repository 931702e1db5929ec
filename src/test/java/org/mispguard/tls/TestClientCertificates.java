package org.mispguard.tls;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA for the client certificates a remote MISP demands (mutual TLS), the PKCS12 trust store such
 * a server is given, and client identities (key + chain PEM, as an instance's {@code client_cert}).
 */
public final class TestClientCertificates {

  public static final String PASSWORD = "changeit";

  private final CertificateAuthority ca;
  private final Path folder;

  public TestClientCertificates(Path folder) throws Exception {
    this.folder = folder;
    this.ca = CertificateAuthority.loadOrCreate(folder.resolve("client-ca"));
  }

  /** A trust store holding only this CA, for the server that checks client certificates. */
  public Path trustStore() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("client-ca", ca.certificate());
    Path file = folder.resolve("client-ca-trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
    return file;
  }

  /** A PEM file with the key and chain of a client certificate for {@code name}, signed by this CA. */
  public Path identityFile(String name) throws Exception {
    KeyPair keys = CertificateIssuer.newKeyPair();
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + name), keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(Signatures.algorithmFor(ca.identity().key()))
            .build(ca.identity().key())));
    Path file = folder.resolve(name + ".pem");
    Files.writeString(file, PemFiles.encode(keys.getPrivate(), List.of(certificate, ca.certificate())),
        StandardCharsets.US_ASCII);
    return file;
  }
}
