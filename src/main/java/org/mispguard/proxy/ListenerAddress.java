package org.mispguard.proxy;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A listener's address as the start-up log shows it: {@code 0.0.0.0:8888}, {@code [::]:8888},
 * {@code 127.0.0.1:8888}. The bound socket alone cannot say it: on a dual-stack host a socket bound
 * to 0.0.0.0 reports the IPv6 wildcard, which Java spells {@code 0:0:0:0:0:0:0:0}.
 */
final class ListenerAddress {

  private ListenerAddress() {}

  /**
   * @param configured the address the guard was told to listen on
   * @param bound      the address the listener got (its port, when {@code configured} asked for any)
   */
  static String describe(InetSocketAddress configured, InetSocketAddress bound) {
    InetAddress host = configured.getAddress() != null && configured.getAddress().isAnyLocalAddress()
        ? configured.getAddress()
        : bound.getAddress();
    return NetUtil.toSocketAddressString(new InetSocketAddress(host, bound.getPort()));
  }
}
