package org.mispguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One way for a MISP server to reach the remote: straight, or through the guard as its HTTPS
 * proxy. Each path trusts only the CA that signs what it will see (the remote's, or the guard's).
 */
final class SyncPath {

  /** What came back: the status and how many body bytes were read (and dropped). */
  record Outcome(int status, long bytes) {
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final URI base;
  private final HttpClient client;

  private SyncPath(String name, URI base, HttpClient client) {
    this.name = name;
    this.base = base;
    this.client = client;
  }

  static SyncPath direct(URI base, Path upstreamCa) throws IOException, GeneralSecurityException {
    return new SyncPath("direct", base, builder(upstreamCa).build());
  }

  static SyncPath throughGuard(URI base, InetSocketAddress guard, Path guardCa)
      throws IOException, GeneralSecurityException {
    return new SyncPath("guard", base, builder(guardCa).proxy(ProxySelector.of(guard)).build());
  }

  String name() {
    return name;
  }

  Outcome send(Call call) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path()))
        .timeout(TIMEOUT)
        .header("Authorization", "bench-sync-key-0000000000000000000000000000")
        .header("Accept", "application/json")
        .header("User-Agent", "MISP 2.5.2 - bench");
    if (call.body() == null) {
      request.GET();
    } else {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
    }
    HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    long bytes = 0;
    byte[] scratch = new byte[64 * 1024];
    try (InputStream body = response.body()) {
      for (int n = body.read(scratch); n >= 0; n = body.read(scratch)) {
        bytes += n;
      }
    }
    return new Outcome(response.statusCode(), bytes);
  }

  private static HttpClient.Builder builder(Path trustedCa) throws IOException, GeneralSecurityException {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .sslContext(trusting(trustedCa));
  }

  private static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
