package org.mispguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslEngine;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.config.ConfigException;
import org.mispguard.e2e.LogCapture;

/**
 * Which TLS implementation the guard's engines come from. The build runs the TLS tests twice:
 * as shipped, where OpenSSL must load, and with Netty told that OpenSSL is absent
 * ({@code io.netty.handler.ssl.noOpenSsl}), where the guard must fall back to the JDK.
 */
class TlsProviderTest {

  private static final String NO_OPENSSL = "io.netty.handler.ssl.noOpenSsl";

  @TempDir Path temp;
  private CertificateAuthority ca;
  private UpstreamTrust trust;
  @RegisterExtension final LogCapture logs = LogCapture.eachTest();

  @BeforeEach
  void setUp() throws Exception {
    ca = CertificateAuthority.loadOrCreate(temp);
    trust = UpstreamTrust.create(Optional.empty(), false);
  }

  /** What was said about the provider. */
  private List<String> providerLines() {
    return logs.lines().stream().filter(line -> line.contains("TLS provider")).toList();
  }

  static boolean openSslLoads() {
    return OpenSsl.isAvailable();
  }

  @Test
  @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
  @DisabledIfSystemProperty(named = NO_OPENSSL, matches = "true")
  void openSslLoadsWhereTheBuildShipsItsLibrary() {
    assertTrue(OpenSsl.isAvailable(), () -> "cannot load: " + OpenSsl.unavailabilityCause());
  }

  @Test
  @EnabledIf("openSslLoads")
  void byDefaultEveryEngineComesFromOpenSsl() throws Exception {
    TlsEngines engines = new TlsEngines(TlsProvider.select(Optional.empty()));

    for (SSLEngine engine : enginesOfEveryKind(engines)) {
      assertInstanceOf(OpenSslEngine.class, engine, "not reference-counted: nothing to release");
    }
    assertEquals(List.of("INFO TLS provider: OpenSSL (" + OpenSsl.versionString() + ")"), providerLines());
  }

  @Test
  @DisabledIf("openSslLoads")
  void withoutOpenSslTheJdkServesAndTheLogSaysWhy() throws Exception {
    TlsEngines engines = new TlsEngines(TlsProvider.select(Optional.empty()));

    assertEquals(TlsProvider.JDK, engines.provider());
    for (SSLEngine engine : enginesOfEveryKind(engines)) {
      assertFalse(engine instanceof ReferenceCountedOpenSslEngine, engine.getClass().getName());
    }
    List<String> said = providerLines();
    assertEquals(1, said.size(), said::toString);
    assertEquals("WARN TLS provider: JDK, because OpenSSL cannot load: " + OpenSsl.unavailabilityCause(), said.get(0));
  }

  @Test
  @DisabledIf("openSslLoads")
  void forcingOpenSslWithoutItsLibraryStopsTheStart() {
    ConfigException e = assertThrows(ConfigException.class, () -> TlsProvider.select(Optional.of(TlsProvider.OPENSSL)));

    assertTrue(e.problems().get(0).startsWith("--tls-provider openssl: the native library cannot load"),
        e.problems().get(0));
  }

  @Test
  void theJdkCanBeForced() throws Exception {
    TlsEngines engines = new TlsEngines(TlsProvider.select(TlsProvider.fromOption("jdk")));

    for (SSLEngine engine : enginesOfEveryKind(engines)) {
      assertFalse(engine instanceof ReferenceCountedOpenSslEngine, engine.getClass().getName());
    }
    assertEquals(List.of("INFO TLS provider: JDK (--tls-provider jdk)"), providerLines());
  }

  @Test
  void theOptionTakesAutoOpensslOrJdk() {
    assertEquals(Optional.empty(), TlsProvider.fromOption("auto"));
    assertEquals(Optional.of(TlsProvider.OPENSSL), TlsProvider.fromOption("OpenSSL"));
    assertEquals(Optional.of(TlsProvider.JDK), TlsProvider.fromOption("jdk"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsProvider.fromOption("gnutls"));
    assertEquals("--tls-provider must be auto, openssl or jdk, not gnutls", e.getMessage());
  }

  /** A minted leaf's, an operator certificate's, an upstream one with and without a client certificate. */
  private List<SSLEngine> enginesOfEveryKind(TlsEngines engines) throws Exception {
    LeafCertificates leaves = new LeafCertificates(ca, engines);
    Path own = TlsFixtures.writeIdentity(temp.resolve("own.pem"), leaves.identityFor("guard.example"));
    ServerCertificates served = new ServerCertificates(CertOverrides.parse(List.of("own.example=" + own), engines), leaves);
    UpstreamEngines upstream = new UpstreamEngines(trust, engines,
        host -> host.equals("mutual.example") ? Optional.of(own) : Optional.empty());
    return List.of(served.engineFor("misp-b.example"), served.engineFor("own.example"),
        upstream.engineFor("misp-b.example", 443), upstream.engineFor("mutual.example", 443),
        upstream.engineWithoutSni());
  }
}
