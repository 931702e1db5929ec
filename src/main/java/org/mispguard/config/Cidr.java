package org.mispguard.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/24}; a bare address is a /32 (or /128). */
public record Cidr(byte[] network, int prefixLength, String text) {

  /** @throws IllegalArgumentException with a message fit for a config error */
  public static Cidr parse(String text) {
    String[] parts = text.strip().split("/", -1);
    if (parts.length > 2 || parts[0].isEmpty() || !parts[0].matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("must be an address or a network such as 10.0.0.0/24");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(parts[0]).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("must be an address or a network such as 10.0.0.0/24");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix length must be from 0 to " + bits);
      }
    }
    return new Cidr(address, prefix, text.strip());
  }

  public boolean contains(InetAddress candidate) {
    byte[] other = candidate.getAddress();
    if (other.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (other[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (other[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
