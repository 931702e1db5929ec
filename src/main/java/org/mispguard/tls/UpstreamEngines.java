package org.mispguard.tls;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import org.mispguard.config.ConfigException;
import org.mispguard.tls.PemFiles.PemException;

/**
 * Builds the TLS engines the guard uses as a client of real MISP servers, in forward mode (via
 * {@link GuardMitmManager}) and for the reverse-mode upstream (a {@code ChainedProxy}'s
 * {@code newSslEngine}): the same trust, SNI, host name check and optional client certificate.
 */
public final class UpstreamEngines {

  private static final int CLIENT_IDENTITY_CAPACITY = 256;

  private final Function<String, Optional<Path>> clientCertificateFor;
  private final SslContext anonymous;
  private final SslContext withoutSni;
  private final BoundedCache<Path, SslContext> withClientCertificate;

  /**
   * @param clientCertificateFor upstream host (as the client named it) → PEM with key and chain to
   *     present when that server demands mutual TLS, e.g. an instance's {@code client_cert}
   */
  public UpstreamEngines(UpstreamTrust trust, TlsEngines engines, Function<String, Optional<Path>> clientCertificateFor) {
    this.clientCertificateFor = clientCertificateFor;
    Function<Optional<TlsIdentity>, SslContext> verifying =
        identity -> engines.clientContext(trust.trustManager(), identity, !trust.insecure());
    this.anonymous = verifying.apply(Optional.empty());
    this.withoutSni = trust.insecure()
        ? anonymous
        : engines.clientContext(FixedTrust.refuseEveryServer(
            "the upstream refused the SNI name; its certificate cannot be checked without it"), Optional.empty(), false);
    this.withClientCertificate = new BoundedCache<>(CLIENT_IDENTITY_CAPACITY,
        file -> verifying.apply(Optional.of(TlsIdentity.read(file))));
  }

  /** Reads a client certificate file now, so a bad one is reported at start instead of on first use. */
  public void checkClientCertificate(Path pem) throws ConfigException {
    try {
      withClientCertificate.get(pem);
    } catch (IllegalStateException e) {
      String message = e.getCause() instanceof PemException ? e.getCause().getMessage() : e.getMessage();
      throw new ConfigException(List.of("client certificate " + message));
    }
  }

  /**
   * An engine for {@code host}: SNI carries the name (not for IP literals, where SNI is not
   * allowed), and unless insecure the certificate must name {@code host}.
   */
  public SSLEngine engineFor(String host, int port) {
    String peer = HostNames.canonical(host);
    List<SNIServerName> sni = HostNames.isIpLiteral(peer) ? List.of() : List.of(new SNIHostName(peer));
    SslContext context = clientCertificateFor.apply(host).map(withClientCertificate::get).orElse(anonymous);
    return TlsEngines.clientEngine(context, peer, port, sni);
  }

  /**
   * The engine for a retry without SNI, after a server answered {@code unrecognized_name}. Without
   * the host no certificate can be matched to a name, so unless insecure the handshake is refused:
   * any certificate from any public CA would otherwise do.
   */
  public SSLEngine engineWithoutSni() {
    return TlsEngines.clientEngine(withoutSni, null, -1, List.of());
  }
}
