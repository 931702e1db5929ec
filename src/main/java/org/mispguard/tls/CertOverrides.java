package org.mispguard.tls;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mispguard.config.ConfigException;
import org.mispguard.tls.PemFiles.PemException;

/**
 * Certificates the operator supplies with {@code --certs} in mitmproxy's syntax
 * ({@code HOST=file.pem}, {@code *=file.pem}, or a bare path meaning {@code *}); the PEM holds the
 * private key and the chain, leaf first. An exact host wins over {@code *}.
 */
public final class CertOverrides {

  private static final String ANY_HOST = "*";

  private final Map<String, SslContext> contexts;

  private CertOverrides(Map<String, SslContext> contexts) {
    this.contexts = Map.copyOf(contexts);
  }

  public static CertOverrides none() {
    return new CertOverrides(Map.of());
  }

  /** Reads and checks every file now, reporting all problems at once. */
  public static CertOverrides parse(List<String> specs, TlsEngines engines) throws ConfigException {
    Map<String, SslContext> contexts = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String spec : specs) {
      int equals = spec.indexOf('=');
      String hostPart = equals < 0 ? ANY_HOST : spec.substring(0, equals).trim();
      String pathPart = (equals < 0 ? spec : spec.substring(equals + 1)).trim();
      String where = "--certs " + HostNames.printable(spec) + ": ";
      if (pathPart.isEmpty()) {
        problems.add(where + "expected HOST=FILE.pem or *=FILE.pem");
        continue;
      }
      String host;
      try {
        host = hostKey(hostPart);
      } catch (IllegalArgumentException e) {
        problems.add(where + e.getMessage());
        continue;
      }
      if (contexts.containsKey(host)) {
        problems.add(where + "a certificate for " + host + " is already given");
        continue;
      }
      try {
        TlsIdentity identity = TlsIdentity.read(Path.of(pathPart));
        contexts.put(host, engines.serverContext(identity));
      } catch (PemException e) {
        problems.add(where + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new CertOverrides(contexts);
  }

  /** The operator's certificate for {@code host}, or for {@code *}, if either was given. */
  public Optional<SslContext> contextFor(String host) {
    String canonical;
    try {
      canonical = HostNames.canonical(host);
    } catch (IllegalArgumentException e) {
      canonical = null;
    }
    SslContext exact = canonical == null ? null : contexts.get(canonical);
    return Optional.ofNullable(exact != null ? exact : contexts.get(ANY_HOST));
  }

  public boolean isEmpty() {
    return contexts.isEmpty();
  }

  private static String hostKey(String hostPart) {
    if (hostPart.equals(ANY_HOST)) {
      return ANY_HOST;
    }
    if (hostPart.contains("*")) {
      throw new IllegalArgumentException("only '*' alone or an exact host is supported, not " + hostPart);
    }
    return HostNames.canonical(hostPart);
  }
}
