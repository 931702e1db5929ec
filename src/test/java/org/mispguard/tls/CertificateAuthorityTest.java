package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.config.ConfigException;

class CertificateAuthorityTest {

  @TempDir Path temp;

  @Test
  void createsTheCaOnceWithPrivateModesAndReloadsTheSameOne() throws Exception {
    Path dir = temp.resolve("certs");
    CertificateAuthority created = CertificateAuthority.loadOrCreate(dir);

    assertTrue(created.created());
    assertEquals(dir.resolve("misp-guard-ca.pem"), created.caFile());
    assertEquals(dir.resolve("misp-guard-ca-cert.pem"), created.certificateFile());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created.caFile())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    String keyFile = Files.readString(created.caFile());
    assertTrue(keyFile.contains("-----BEGIN PRIVATE KEY-----") && keyFile.contains("-----BEGIN CERTIFICATE-----"));
    String certificateFile = Files.readString(created.certificateFile());
    assertFalse(certificateFile.contains("PRIVATE KEY"));
    try (var leftovers = Files.list(dir)) {
      assertEquals(2, leftovers.count(), "no temporary files remain");
    }

    CertificateAuthority reloaded = CertificateAuthority.loadOrCreate(dir);
    assertFalse(reloaded.created());
    assertEquals(created.fingerprintSha256(), reloaded.fingerprintSha256());
    assertEquals(keyFile, Files.readString(created.caFile()), "never rewritten");
    assertEquals(certificateFile, Files.readString(created.certificateFile()));
  }

  @Test
  void caCertificateIsAnEcP256CaLimitedToSigningLeaves() throws Exception {
    X509Certificate ca = CertificateAuthority.loadOrCreate(temp).certificate();

    assertEquals("CN=misp-guard CA,O=misp-guard", ca.getSubjectX500Principal().getName());
    assertEquals(0, ca.getBasicConstraints());
    boolean[] usage = ca.getKeyUsage();
    assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
    assertFalse(usage[0], "no digitalSignature");
    assertTrue(ca.getCriticalExtensionOIDs().containsAll(
        List.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId())));
    assertTrue(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId()) != null);
    assertEquals(256, ((ECPublicKey) ca.getPublicKey()).getParams().getOrder().bitLength());
    long days = Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays();
    assertTrue(days >= 3650 && days <= 3653, "about ten years: " + days);
    ca.verify(ca.getPublicKey());
  }

  @Test
  void fingerprintIsTheColonHexSha256OfTheCertificate() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.certificate().getEncoded());

    assertTrue(ca.fingerprintSha256().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    assertArrayEquals(digest, HexFormat.ofDelimiter(":").parseHex(ca.fingerprintSha256()));
  }

  @Test
  void refusesACertificateWhoseKeyIsMissing() throws Exception {
    CertificateAuthority original = CertificateAuthority.loadOrCreate(temp);
    Files.delete(original.caFile());

    ConfigException e = assertThrows(ConfigException.class, () -> CertificateAuthority.loadOrCreate(temp));
    assertTrue(e.getMessage().contains("misp-guard-ca.pem is missing"), e.getMessage());
    assertFalse(Files.exists(original.caFile()), "no new CA was made");
  }

  @Test
  void refusesACorruptCaFileWithoutTouchingIt() throws Exception {
    Path caFile = temp.resolve(CertificateAuthority.CA_FILE);
    Files.writeString(caFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

    ConfigException e = assertThrows(ConfigException.class, () -> CertificateAuthority.loadOrCreate(temp));
    assertTrue(e.getMessage().startsWith("unusable CA: " + caFile), e.getMessage());
    assertTrue(Files.readString(caFile).contains("not base64 at all"));
  }

  @Test
  void refusesAKeyThatIsNotTheCertificates() throws Exception {
    CertificateAuthority first = CertificateAuthority.loadOrCreate(temp.resolve("a"));
    CertificateAuthority second = CertificateAuthority.loadOrCreate(temp.resolve("b"));
    Path mixed = temp.resolve("mixed");
    Files.createDirectory(mixed);
    TlsFixtures.writeIdentity(mixed.resolve(CertificateAuthority.CA_FILE),
        new TlsIdentity(first.identity().key(), second.identity().chain()));

    ConfigException e = assertThrows(ConfigException.class, () -> CertificateAuthority.loadOrCreate(mixed));
    assertTrue(e.getMessage().contains("does not belong to the first certificate"), e.getMessage());
  }

  @Test
  void refusesALeafPosingAsCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("real"));
    Path fake = temp.resolve("fake");
    Files.createDirectory(fake);
    TlsFixtures.writeIdentity(fake.resolve(CertificateAuthority.CA_FILE),
        TlsFixtures.leaves(ca).identityFor("misp.example"));

    ConfigException e = assertThrows(ConfigException.class, () -> CertificateAuthority.loadOrCreate(fake));
    assertTrue(e.getMessage().contains("not a CA certificate"), e.getMessage());
  }

  @Test
  void writesAMissingCertificateFileAgainFromTheCaFile() throws Exception {
    CertificateAuthority original = CertificateAuthority.loadOrCreate(temp);
    String certificate = Files.readString(original.certificateFile());
    Files.delete(original.certificateFile());

    CertificateAuthority reloaded = CertificateAuthority.loadOrCreate(temp);
    assertFalse(reloaded.created());
    assertEquals(certificate, Files.readString(original.certificateFile()));
  }

  @Test
  void refusesACertificateFileOfAnotherCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("a"));
    CertificateAuthority other = CertificateAuthority.loadOrCreate(temp.resolve("b"));
    Files.delete(ca.certificateFile());
    TlsFixtures.writeCertificates(ca.certificateFile(), other.identity().chain());

    ConfigException e = assertThrows(ConfigException.class, () -> CertificateAuthority.loadOrCreate(temp.resolve("a")));
    assertTrue(e.getMessage().contains("does not hold the certificate of"), e.getMessage());
    assertNotEquals(ca.fingerprintSha256(), other.fingerprintSha256());
  }

  @Test
  void loadsACaWhoseKeyFileIsReadableByOthers() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp);
    Files.setPosixFilePermissions(ca.caFile(), PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(ca.fingerprintSha256(), CertificateAuthority.loadOrCreate(temp).fingerprintSha256());
  }
}
