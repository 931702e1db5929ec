package org.mispguard.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One spelling per destination, so that a host can be compared with the configuration however
 * a client writes it: DNS names are case-insensitive and a trailing dot names the same host;
 * an IP literal has many spellings ({@code [::1]}, {@code 0:0::1}) of one address.
 */
public final class HostNames {

  private static final Pattern IPV4 =
      Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
          + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private HostNames() {}

  /** The comparable form of a host: an address in its canonical text, else the lower-case name without trailing dot. */
  public static String canonical(String host) {
    String bare = host.strip();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    Optional<InetAddress> address = ipLiteral(bare);
    if (address.isPresent()) {
      return address.get().getHostAddress();
    }
    bare = bare.toLowerCase(Locale.ROOT);
    return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
  }

  /**
   * Parses an IPv4 dotted quad or an IPv6 literal without ever asking DNS. Leading zeros are
   * refused: some resolvers read {@code 010} as octal, so that spelling has no single meaning.
   */
  public static Optional<InetAddress> ipLiteral(String text) {
    if (!onlyAddressCharacters(text) || !IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(unmapped(InetAddress.getByName(text)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * Every address literal is made of these characters; a DNS name seldom is, and is then ruled
   * out without a regex (this is asked several times for each request).
   */
  private static boolean onlyAddressCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** A client on a dual-stack socket may appear as {@code ::ffff:10.0.0.1}; configurations name it 10.0.0.1. */
  public static InetAddress unmapped(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (!(address instanceof Inet6Address) || !isIpv4Mapped(bytes)) {
      return address;
    }
    byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
    try {
      return Inet4Address.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
