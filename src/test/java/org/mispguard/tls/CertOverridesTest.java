package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.config.ConfigException;

class CertOverridesTest {

  @TempDir Path temp;
  private LeafCertificates issuer;

  @BeforeEach
  void setUp() throws Exception {
    issuer = TlsFixtures.leaves(CertificateAuthority.loadOrCreate(temp.resolve("ca")));
  }

  @Test
  void anExactHostWinsOverTheWildcard() throws Exception {
    Path exact = TlsFixtures.writeIdentity(temp.resolve("misp-a.pem"), issuer.identityFor("misp-a.example"));
    Path any = TlsFixtures.writeIdentity(temp.resolve("any.pem"), issuer.identityFor("guard.example"));

    CertOverrides overrides =
        CertOverrides.parse(List.of("*=" + any, "MISP-A.example=" + exact), TlsFixtures.engines());

    assertSame(overrides.contextFor("misp-a.example").orElseThrow(), overrides.contextFor("misp-a.example.").orElseThrow());
    assertNotSame(overrides.contextFor("misp-a.example").orElseThrow(), overrides.contextFor("misp-b.example").orElseThrow());
    assertSame(overrides.contextFor("misp-b.example").orElseThrow(), overrides.contextFor("10.0.0.9").orElseThrow());
  }

  @Test
  void aBarePathMeansEveryHostAsInMitmproxy() throws Exception {
    Path any = TlsFixtures.writeIdentity(temp.resolve("any.pem"), issuer.identityFor("guard.example"));

    assertTrue(CertOverrides.parse(List.of(any.toString()), TlsFixtures.engines()).contextFor("anything.example").isPresent());
  }

  @Test
  void withoutAMatchingEntryTheLeafIsMinted() throws Exception {
    Path exact = TlsFixtures.writeIdentity(temp.resolve("misp-a.pem"), issuer.identityFor("misp-a.example"));

    assertEquals(Optional.empty(),
        CertOverrides.parse(List.of("misp-a.example=" + exact), TlsFixtures.engines()).contextFor("misp-b.example"));
    assertTrue(CertOverrides.none().isEmpty());
    assertEquals(Optional.empty(), CertOverrides.none().contextFor("misp-a.example"));
  }

  @Test
  void everyProblemIsReportedAtOnceNamingTheArgument() throws Exception {
    TlsIdentity a = issuer.identityFor("a.example");
    TlsIdentity b = issuer.identityFor("b.example");
    Path good = TlsFixtures.writeIdentity(temp.resolve("good.pem"), a);
    Path certOnly = TlsFixtures.writeCertificates(temp.resolve("cert-only.pem"), a.chain());
    Path mismatched = TlsFixtures.writeIdentity(temp.resolve("mismatched.pem"), new TlsIdentity(b.key(), a.chain()));
    Path garbage = Files.writeString(temp.resolve("garbage.pem"), "hello");

    ConfigException e = assertThrows(ConfigException.class, () -> CertOverrides.parse(List.of(
        "a.example=" + good,
        "a.example=" + good,
        "b.example=" + temp.resolve("absent.pem"),
        "c.example=" + certOnly,
        "d.example=" + mismatched,
        "e.example=" + garbage,
        "*.example=" + good,
        "f.example=",
        "bad host=" + good), TlsFixtures.engines()));

    List<String> problems = e.problems();
    assertEquals(8, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("--certs a.example=" + good + ": a certificate for a.example is already given"));
    assertTrue(problems.get(1).contains("absent.pem"), problems.get(1));
    assertTrue(problems.get(2).contains("exactly one private key"), problems.get(2));
    assertTrue(problems.get(3).contains("does not belong to the first certificate"), problems.get(3));
    assertTrue(problems.get(4).contains("holds no PEM key or certificate"), problems.get(4));
    assertTrue(problems.get(5).contains("only '*' alone or an exact host"), problems.get(5));
    assertTrue(problems.get(6).contains("expected HOST=FILE.pem"), problems.get(6));
    assertTrue(problems.get(7).contains("not a host name"), problems.get(7));
  }

  @Test
  void anEncryptedKeyIsRefusedWithAHint() throws Exception {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(new JcaPKCS8Generator(issuer.identityFor("a.example").key(),
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
    }
    Path encrypted = Files.writeString(temp.resolve("enc.pem"), pem.toString());

    ConfigException e = assertThrows(ConfigException.class,
        () -> CertOverrides.parse(List.of("*=" + encrypted), TlsFixtures.engines()));
    assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
  }
}
