package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.config.ConfigException;

class UpstreamTrustTest {

  @TempDir Path temp;

  @Test
  void theUpstreamCaIsTrustedOnTopOfTheJvmStore() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp);
    int jvmAnchors = UpstreamTrust.create(Optional.empty(), false).trustManager().getAcceptedIssuers().length;

    UpstreamTrust trust = UpstreamTrust.create(Optional.of(ca.certificateFile()), false);

    assertFalse(trust.insecure());
    assertTrue(jvmAnchors > 0, "the JVM store is part of the trust");
    assertEquals(jvmAnchors + 1, trust.trustManager().getAcceptedIssuers().length);
    assertTrue(Arrays.asList(trust.trustManager().getAcceptedIssuers()).contains(ca.certificate()));
  }

  @Test
  void insecureTrustAcceptsAnyChainAndIgnoresTheUpstreamCa() throws Exception {
    UpstreamTrust trust = UpstreamTrust.create(Optional.of(temp.resolve("ignored.pem")), true);

    assertTrue(trust.insecure());
    trust.trustManager().checkServerTrusted(
        TlsFixtures.leaves(CertificateAuthority.loadOrCreate(temp)).identityFor("x.example").chain()
            .toArray(java.security.cert.X509Certificate[]::new), "ECDHE_ECDSA");
  }

  @Test
  void anUnusableUpstreamCaFileIsAConfigurationError() throws Exception {
    Path keyOnly = temp.resolve("key-only.pem");
    Files.writeString(keyOnly, PemFiles.encode(CertificateIssuer.newKeyPair().getPrivate(), List.of()));

    for (Path file : List.of(temp.resolve("absent.pem"), Files.writeString(temp.resolve("text.pem"), "no pem"), keyOnly)) {
      ConfigException e = assertThrows(ConfigException.class, () -> UpstreamTrust.create(Optional.of(file), false));
      assertTrue(e.getMessage().startsWith("--upstream-ca " + file), e.getMessage());
    }
  }
}
