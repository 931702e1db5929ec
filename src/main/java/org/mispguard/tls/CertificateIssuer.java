package org.mispguard.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds the certificates the guard signs: its own CA and the per-host leaves. */
final class CertificateIssuer {

  static final String CA_COMMON_NAME = "misp-guard CA";
  static final Duration CA_VALIDITY = Duration.ofDays(3652);
  /** Clients (Apple's rule, adopted by browsers) refuse leaves valid for more than 398 days. */
  static final Duration LEAF_VALIDITY = Duration.ofDays(397);
  /** Tolerates clocks of MISP hosts that lag behind the guard's. */
  static final Duration BACKDATING = Duration.ofDays(1);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CN_MAX_LENGTH = 64;

  private CertificateIssuer() {}

  /**
   * EC P-256 for every key the guard makes: generating one takes well under a millisecond where
   * RSA-2048 takes tens to hundreds, which matters on a first CONNECT to each host; ECDSA P-256 is
   * accepted by every TLS stack MISP runs on (PHP's curl/OpenSSL since OpenSSL 1.0) and by the JDK.
   */
  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JVM", e);
    }
  }

  static X509Certificate selfSignedCa(KeyPair keys, Instant now) {
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "misp-guard")
        .addRDN(BCStyle.CN, CA_COMMON_NAME)
        .build();
    Instant notBefore = now.minus(BACKDATING);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        name, newSerial(), Date.from(notBefore), Date.from(notBefore.plus(CA_VALIDITY)), name, keys.getPublic());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
  }

  /**
   * A server certificate for one canonical host (see {@link HostNames#canonical}), never valid
   * beyond its CA.
   */
  static X509Certificate leaf(String host, PublicKey leafKey, TlsIdentity ca, Instant now) {
    boolean ip = HostNames.isIpLiteral(host);
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "misp-guard");
    if (host.length() <= CN_MAX_LENGTH) {
      subject.addRDN(BCStyle.CN, host);
    }
    Instant notBefore = now.minus(BACKDATING);
    Instant notAfter = min(notBefore.plus(LEAF_VALIDITY), ca.certificate().getNotAfter().toInstant());
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        ca.certificate(), newSerial(), Date.from(notBefore), Date.from(notAfter), subject.build(), leafKey);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host)));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(leafKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return sign(builder, ca.key());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build a certificate for " + host, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(Signatures.algorithmFor(signer)).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** 159 random bits: positive, at most 20 octets (RFC 5280), unguessable (CA/B forum). */
  private static BigInteger newSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(159, RANDOM);
    } while (serial.signum() == 0);
    return serial;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
