package org.mispguard.config;

import java.util.regex.Pattern;

/** Recognises IP address literals and DNS host names without ever resolving anything. */
final class HostSyntax {

  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private HostSyntax() {}

  static boolean isIpAddress(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!IPV6.matcher(text).matches()) {
      return false;
    }
    try {
      // Only literals with a colon reach here, which the JDK parses without a name lookup.
      java.net.InetAddress.getByName(text);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** A DNS name of letter-digit-hyphen labels, as the reference's {@code hostname} format. */
  static boolean isHostname(String text) {
    String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
