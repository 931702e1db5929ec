package org.mispguard.tls;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/** Decides how a host as clients and configs spell it is named in certificates and SNI. */
final class HostNames {

  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

  private HostNames() {}

  /**
   * The canonical form used as cache key and certificate name: lower case, IPv6 brackets and a
   * trailing dot removed, internationalised names in their ASCII form.
   *
   * @throws IllegalArgumentException for something that is neither an IP literal nor a DNS name,
   *     so that no certificate is ever minted for a name a client made up to confuse parsers
   */
  static String canonical(String host) {
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (isIpLiteral(h)) {
      return h.toLowerCase(Locale.ROOT);
    }
    String ascii;
    try {
      ascii = IDN.toASCII(h).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a host name: " + printable(host), e);
    }
    if (!DNS_NAME.matcher(ascii).matches()) {
      throw new IllegalArgumentException("not a host name: " + printable(host));
    }
    return ascii;
  }

  /** Syntactic test only: never triggers a DNS lookup. */
  static boolean isIpLiteral(String host) {
    return IPAddress.isValidIPv4(host) || IPAddress.isValidIPv6(host);
  }

  /** The host of a CONNECT authority ({@code host:port}, {@code [v6]:port} or a bare host). */
  static String hostOfAuthority(String authority) {
    String a = authority.trim();
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unterminated IPv6 literal: " + printable(authority));
      }
      return a.substring(1, close);
    }
    int colon = a.lastIndexOf(':');
    if (colon >= 0 && a.indexOf(':') == colon) {
      return a.substring(0, colon);
    }
    return a;
  }

  static String printable(String clientControlled) {
    return clientControlled.replaceAll("\\p{Cntrl}", "?");
  }
}
