package org.mispguard.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.config.ConfigException;

/**
 * Which TLS implementation runs the guard's handshakes and records: OpenSSL (Netty's BoringSSL
 * build) when its native library loads on this machine, else the JDK's own.
 */
public enum TlsProvider {
  OPENSSL(SslProvider.OPENSSL),
  JDK(SslProvider.JDK);

  private static final Logger LOG = LogManager.getLogger(TlsProvider.class);
  private static final String AUTO = "auto";

  /** Not {@code OPENSSL_REFCNT}: its engines and contexts free their native memory when collected, so none is owed a release. */
  private final SslProvider netty;

  TlsProvider(SslProvider netty) {
    this.netty = netty;
  }

  SslProvider netty() {
    return netty;
  }

  /** OpenSSL when its native library loads, else the JDK. */
  public static TlsProvider preferred() {
    return OpenSsl.isAvailable() ? OPENSSL : JDK;
  }

  /**
   * The provider the guard runs with, logged at start with the reason when OpenSSL is not used.
   *
   * @param forced the operator's choice, or empty for the preferred one
   * @throws ConfigException when OpenSSL is forced and its native library cannot load
   */
  public static TlsProvider select(Optional<TlsProvider> forced) throws ConfigException {
    if (forced.equals(Optional.of(OPENSSL)) && !OpenSsl.isAvailable()) {
      throw new ConfigException(List.of("--tls-provider openssl: the native library cannot load: "
          + OpenSsl.unavailabilityCause()));
    }
    TlsProvider provider = forced.orElseGet(TlsProvider::preferred);
    if (provider == OPENSSL) {
      LOG.info("TLS provider: OpenSSL ({})", OpenSsl.versionString());
    } else if (forced.isPresent()) {
      LOG.info("TLS provider: JDK (--tls-provider jdk)");
    } else {
      // the cause as text: a trailing Throwable would be taken for the event's exception, not the placeholder
      LOG.warn("TLS provider: JDK, because OpenSSL cannot load: {}", String.valueOf(OpenSsl.unavailabilityCause()));
    }
    return provider;
  }

  /**
   * Reads {@code --tls-provider}: {@code auto} (empty: the preferred one), {@code openssl} or {@code jdk}.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static Optional<TlsProvider> fromOption(String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    if (name.equals(AUTO)) {
      return Optional.empty();
    }
    for (TlsProvider provider : values()) {
      if (provider.name().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(provider);
      }
    }
    throw new IllegalArgumentException("--tls-provider must be auto, openssl or jdk, not " + HostNames.printable(value));
  }
}
