package org.mispguard.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A destination {@code host:port} as a CONNECT line, an absolute URI or a Host header names it.
 * Parsing is left to {@link URI}; what it accepts but sync never needs (user info, port 0, an
 * empty host) is refused here.
 */
record Authority(String host, int port) {

  /** @throws IllegalArgumentException when the text is no plain {@code host[:port]} */
  static Authority parse(String text, int defaultPort) {
    URI uri;
    try {
      uri = new URI("x://" + text + "/");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed authority");
    }
    if (uri.getRawUserInfo() != null || uri.getHost() == null || !text.equals(uri.getRawAuthority())) {
      throw new IllegalArgumentException("malformed authority");
    }
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    return new Authority(bare(uri.getHost()), port);
  }

  /** Host without IPv6 brackets, lower case: the spelling identity checks compare. */
  private static String bare(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.toLowerCase(Locale.ROOT);
  }

  boolean sameAs(Authority other) {
    return host.equals(other.host) && port == other.port;
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
