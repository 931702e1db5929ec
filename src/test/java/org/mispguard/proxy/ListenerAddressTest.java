package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Listener addresses in the start-up log, written as an administrator writes them. */
class ListenerAddressTest {

  @Test
  void anIpv4WildcardStaysIpv4ThoughTheSocketReportsIpv6() {
    assertEquals("0.0.0.0:8888",
        ListenerAddress.describe(new InetSocketAddress("0.0.0.0", 8888), new InetSocketAddress("::", 8888)));
  }

  @Test
  void anIpv6WildcardIsBracketedAndShort() {
    assertEquals("[::]:8888",
        ListenerAddress.describe(new InetSocketAddress("::", 8888), new InetSocketAddress("::", 8888)));
  }

  @Test
  void aPortChosenAtStartIsTheBoundOne() {
    assertEquals("127.0.0.1:40123",
        ListenerAddress.describe(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 40123)));
    assertEquals("[::1]:8443",
        ListenerAddress.describe(new InetSocketAddress("::1", 8443), new InetSocketAddress("::1", 8443)));
  }
}
