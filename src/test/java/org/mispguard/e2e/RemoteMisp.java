package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.nio.file.Path;
import org.mispguard.tls.TestClientCertificates;
import org.mispguard.tls.TestServerCertificates;

/**
 * A simulated remote MISP: WireMock over HTTPS on its own loopback address, with a certificate
 * for its host name from the remotes' CA.
 */
final class RemoteMisp implements AutoCloseable {

  final String host;
  final String ip;
  final WireMockServer server;

  private RemoteMisp(String host, String ip, WireMockServer server) {
    this.host = host;
    this.ip = ip;
    this.server = server;
  }

  static RemoteMisp start(String host, String ip, TestServerCertificates certificates) throws Exception {
    return start(host, ip, certificates.keyStoreFor(host));
  }

  /** A remote MISP serving whatever certificate {@code keyStore} holds (one of another name, an expired one, ...). */
  static RemoteMisp start(String host, String ip, Path keyStore) {
    return started(host, ip, tls(ip, keyStore));
  }

  private static WireMockConfiguration tls(String ip, Path keyStore) {
    return options()
        .bindAddress(ip)
        .httpDisabled(true)
        .httpsPort(0)
        .keystorePath(keyStore.toString())
        .keystoreType("PKCS12")
        .keystorePassword(TestServerCertificates.PASSWORD)
        .keyManagerPassword(TestServerCertificates.PASSWORD);
  }

  private static RemoteMisp started(String host, String ip, WireMockConfiguration options) {
    WireMockServer server = new WireMockServer(options);
    server.start();
    return new RemoteMisp(host, ip, server);
  }

  /** A remote MISP that completes a TLS handshake only with a client certificate signed by a CA of {@code trustStore}. */
  static RemoteMisp startDemandingClientCertificates(String host, String ip, TestServerCertificates certificates,
      Path trustStore) throws Exception {
    return started(host, ip, tls(ip, certificates.keyStoreFor(host))
        .needClientAuth(true)
        .trustStorePath(trustStore.toString())
        .trustStoreType("PKCS12")
        .trustStorePassword(TestClientCertificates.PASSWORD));
  }

  /** A remote MISP served over plain HTTP, as some internal networks still run them. */
  static RemoteMisp startPlain(String host, String ip) {
    return started(host, ip, options().bindAddress(ip).port(0));
  }

  int port() {
    return server.isHttpsEnabled() ? server.httpsPort() : server.port();
  }

  /** Every request that reached this server since the last reset. */
  List<LoggedRequest> received() {
    return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
  }

  void reset() {
    server.resetAll();
  }

  @Override
  public void close() {
    server.stop();
  }
}
