package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafCertificatesTest {

  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  @TempDir Path temp;
  private CertificateAuthority ca;
  private LeafCertificates leaves;

  @BeforeEach
  void setUp() throws Exception {
    ca = CertificateAuthority.loadOrCreate(temp);
    leaves = TlsFixtures.leaves(ca);
  }

  @Test
  void leafChainValidatesAgainstTheCaWithPkix() throws Exception {
    List<X509Certificate> chain = leaves.identityFor("misp-b.example").chain();

    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1)), parameters);
    assertEquals(ca.certificate(), chain.get(1), "the chain carries the CA for clients that want it");
  }

  @Test
  void leafIsAServerCertificateValidForAtMost397DaysFromYesterday() throws Exception {
    X509Certificate leaf = leaves.identityFor("misp-b.example").certificate();

    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
    assertTrue(leaf.getExtensionValue("2.5.29.14") != null, "subject key identifier");
    assertTrue(leaf.getExtensionValue("2.5.29.35") != null, "authority key identifier");
    Instant notBefore = leaf.getNotBefore().toInstant();
    assertTrue(notBefore.isBefore(Instant.now().minus(Duration.ofHours(23))));
    assertTrue(Duration.between(notBefore, leaf.getNotAfter().toInstant()).toDays() <= 397);
    assertTrue(leaf.getSerialNumber().signum() > 0 && leaf.getSerialNumber().bitLength() <= 159);
    assertEquals("CN=misp-b.example,O=misp-guard", leaf.getSubjectX500Principal().getName());
  }

  @Test
  void namesGetDnsSansAndAddressesGetIpSans() throws Exception {
    assertEquals(List.of(List.of(DNS_NAME, "misp-b.example")), sans("MISP-B.Example."));
    assertEquals(List.of(List.of(IP_ADDRESS, "10.0.0.2")), sans("10.0.0.2"));
    assertEquals(List.of(List.of(IP_ADDRESS, "2001:db8:0:0:0:0:0:1")), sans("[2001:db8::1]"));
    assertEquals(List.of(List.of(IP_ADDRESS, "2001:db8:0:0:0:0:0:1")), sans("2001:DB8::1"));
    assertEquals(List.of(List.of(DNS_NAME, "xn--bcher-kva.example")), sans("bücher.example"));
  }

  @Test
  void refusesToMintForSomethingThatIsNoHost() {
    for (String bogus : List.of("", "evil host", "a..b", "x\r\nHost: y", "-leading.example", "*.example")) {
      assertThrows(IllegalArgumentException.class, () -> leaves.contextFor(bogus), bogus);
    }
  }

  @Test
  void repeatedRequestsInAnySpellingGetTheSameContextWithoutMinting() {
    SslContext first = leaves.contextFor("misp-b.example");

    assertSame(first, leaves.contextFor("MISP-B.example."));
    assertSame(leaves.contextFor("[::1]"), leaves.contextFor("::1"));
    assertEquals(2, leaves.mintCount());
  }

  @Test
  void concurrentFirstRequestsForOneHostMintOnce() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SslContext>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return leaves.contextFor("misp-c.example");
        }));
      }
      start.countDown();
      Set<SslContext> distinct = new HashSet<>();
      for (Future<SslContext> result : results) {
        distinct.add(result.get());
      }
      assertEquals(1, distinct.size());
      assertEquals(1, leaves.mintCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theLeastRecentlyUsedHostIsEvictedBeyondCapacity() {
    LeafCertificates small = new LeafCertificates(ca, TlsFixtures.engines(), 2);
    SslContext a = small.contextFor("a.example");
    small.contextFor("b.example");
    small.contextFor("a.example");
    small.contextFor("c.example");

    assertSame(a, small.contextFor("a.example"), "recently used, kept");
    assertEquals(3, small.mintCount());
    small.contextFor("b.example");
    assertEquals(4, small.mintCount(), "b was evicted and minted again");
  }

  @Test
  void everyLeafHasItsOwnKeyAndSerial() {
    TlsIdentity a = leaves.identityFor("a.example");
    TlsIdentity b = leaves.identityFor("b.example");

    assertNotEquals(a.certificate().getSerialNumber(), b.certificate().getSerialNumber());
    assertNotEquals(a.certificate().getPublicKey(), b.certificate().getPublicKey());
    assertFalse(a.certificate().getPublicKey().equals(ca.certificate().getPublicKey()));
  }

  @Test
  void mintTime() {
    LeafCertificates fresh = TlsFixtures.leaves(ca);
    for (int i = 0; i < 50; i++) {
      fresh.contextFor("warmup-" + i + ".example");
    }
    int count = 500;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      fresh.contextFor("host-" + i + ".example");
    }
    double perLeafMs = (System.nanoTime() - start) / 1e6 / count;
    System.out.printf("leaf mint + context build: %.3f ms per host (%d hosts)%n", perLeafMs, count);
    assertEquals(550, fresh.mintCount());
  }

  private List<List<?>> sans(String host) throws Exception {
    return new ArrayList<>(leaves.identityFor(host).certificate().getSubjectAlternativeNames());
  }
}
