package org.mispguard.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mispguard.config.Allowlist;

/**
 * Decides whether a request or tunnel falls under {@code allowlist} (SPEC §4.3). Hosts compare
 * in their canonical spelling; a URL compares exactly on scheme, host, effective port and the raw
 * path and query, so {@code https://h/x} and {@code https://h:443/x} are one entry while any other
 * path, even one the remote would normalise to the same file, is not allowlisted.
 */
final class AllowlistMatcher {

  private record Url(String scheme, String host, int port, String pathAndQuery) {

    String text() {
      boolean defaultPort = RequestTarget.defaultPort(scheme) == port;
      String authority = host.contains(":") ? "[" + host + "]" : host;
      return scheme + "://" + authority + (defaultPort ? "" : ":" + port) + pathAndQuery;
    }
  }

  private final Set<Url> urls = new HashSet<>();
  private final Set<String> urlAuthorities = new HashSet<>();
  private final Set<String> domains = new HashSet<>();

  AllowlistMatcher(Allowlist allowlist) {
    for (String configured : allowlist.urls()) {
      parse(configured).ifPresent(url -> {
        urls.add(url);
        urlAuthorities.add(authority(url.host(), url.port()));
      });
    }
    allowlist.domains().forEach(domain -> domains.add(HostNames.canonical(domain)));
  }

  /** The log notice when the request is allowlisted: {@code url X was allowed by the allowlist} or the domain's. */
  Optional<String> notice(String scheme, String host, int port, String pathAndQuery) {
    Url url = new Url(scheme.toLowerCase(Locale.ROOT), HostNames.canonical(host), port, pathAndQuery);
    if (urls.contains(url)) {
      return Optional.of("url " + url.text() + " was allowed by the allowlist");
    }
    if (domains.contains(url.host())) {
      return Optional.of("domain " + host + " was allowed by the allowlist");
    }
    return Optional.empty();
  }

  /** May a tunnel be opened to {@code host:port} for the allowlist's sake? */
  boolean permitsTunnel(String host, int port) {
    String canonical = HostNames.canonical(host);
    return domains.contains(canonical) || urlAuthorities.contains(authority(canonical, port));
  }

  private static String authority(String canonicalHost, int port) {
    return canonicalHost + " " + port;
  }

  /** A configured URL that does not parse can never match: the allowlist only ever widens access. */
  private static Optional<Url> parse(String configured) {
    try {
      URI uri = new URI(configured.strip());
      if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      int defaultPort = RequestTarget.defaultPort(uri.getScheme());
      if (defaultPort < 0) {
        return Optional.empty();
      }
      int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      return Optional.of(new Url(uri.getScheme().toLowerCase(Locale.ROOT),
          HostNames.canonical(uri.getHost()), port, path + query));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
