package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Test
  void ipv4NetworkContainsItsAddressesOnly() throws Exception {
    Cidr network = Cidr.parse(" 10.20.0.0/23 ");
    assertTrue(network.contains(InetAddress.getByName("10.20.1.255")));
    assertFalse(network.contains(InetAddress.getByName("10.20.2.0")));
    assertFalse(network.contains(InetAddress.getByName("fd00::1")));
    assertEquals("10.20.0.0/23", network.toString());
  }

  @Test
  void bareAddressIsASingleHost() throws Exception {
    Cidr host = Cidr.parse("192.0.2.7");
    assertEquals(32, host.prefixLength());
    assertTrue(host.contains(InetAddress.getByName("192.0.2.7")));
    assertFalse(host.contains(InetAddress.getByName("192.0.2.8")));
  }

  @Test
  void ipv6NetworkAndZeroPrefix() throws Exception {
    assertTrue(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1")));
    assertFalse(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db9::1")));
    assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "misp.example", "10.0.0.0/24/1", "10.0.0.0/", "/24", "10.0.0.0/x", "10.0.0.0/33",
      "2001:db8::/129"})
  void malformedNetworksAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
  }
}
