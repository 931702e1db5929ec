package org.mispguard.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * The request target split into what the guard needs: the authority an absolute-form target
 * names (if any) and the raw path with any query, untouched.
 *
 * @param authorityHost the host of an absolute-form target, lower case; empty for origin-form
 * @param authorityPort the port of an absolute-form target (scheme default when absent); -1 for origin-form
 * @param pathAndQuery  everything from the first {@code /} of the path on, exactly as received
 */
public record RequestTarget(Optional<String> authorityHost, int authorityPort, String pathAndQuery) {

  /** @return empty when the target is neither origin-form nor a plain http(s) absolute-form */
  public static Optional<RequestTarget> parse(String target) {
    if (target.startsWith("/")) {
      return Optional.of(new RequestTarget(Optional.empty(), -1, target));
    }
    int schemeEnd = target.indexOf("://");
    if (schemeEnd < 0) {
      return Optional.empty();
    }
    String scheme = target.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    int defaultPort = defaultPort(scheme);
    if (defaultPort < 0) {
      return Optional.empty();
    }
    String rest = target.substring(schemeEnd + 3);
    int pathStart = firstOf(rest, "/?#");
    String authority = rest.substring(0, pathStart);
    String path = pathStart == rest.length() || rest.charAt(pathStart) != '/'
        ? "/" + rest.substring(pathStart)
        : rest.substring(pathStart);
    return parseAuthority(authority, defaultPort)
        .map(hostPort -> new RequestTarget(Optional.of(hostPort.host()), hostPort.port(), path));
  }

  /** The port a URL of {@code scheme} uses when it names none; -1 for schemes the guard does not speak. */
  public static int defaultPort(String scheme) {
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "http":
        return 80;
      case "https":
        return 443;
      default:
        return -1;
    }
  }

  private record HostAndPort(String host, int port) {}

  private static Optional<HostAndPort> parseAuthority(String authority, int defaultPort) {
    if (authority.isEmpty() || authority.contains("@")) {
      return Optional.empty();
    }
    int hostEnd = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
    if (hostEnd == 0) {
      return Optional.empty();
    }
    if (hostEnd < 0) {
      hostEnd = authority.length();
    }
    String host = authority.substring(0, hostEnd).toLowerCase(Locale.ROOT);
    String portText = authority.substring(hostEnd);
    if (portText.isEmpty()) {
      return Optional.of(new HostAndPort(host, defaultPort));
    }
    if (!portText.matches(":[0-9]{1,5}")) {
      return Optional.empty();
    }
    return Optional.of(new HostAndPort(host, Integer.parseInt(portText.substring(1))));
  }

  private static int firstOf(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}
