package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostSyntaxTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "255.255.255.255", "0.0.0.0", "::1", "2001:db8::10", "fd00:0:0:0:0:0:0:40",
      "::ffff:192.0.2.1"})
  void ipAddresses(String text) {
    assertTrue(HostSyntax.isIpAddress(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.256", "10.0.0", "010.0.0.1", "1:2", "2001:db8:::1", "misp.example", "[::1]",
      " 10.0.0.1", "10.0.0.1/32"})
  void notIpAddresses(String text) {
    assertFalse(HostSyntax.isIpAddress(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"misp-a.example", "localhost", "MISP.Example.ORG", "misp.example.", "x1.y2"})
  void hostnames(String text) {
    assertTrue(HostSyntax.isHostname(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-misp.example", "misp-.example", "misp..example", "misp_a.example", "misp a",
      "https://misp.example", "misp.example:443", "."})
  void notHostnames(String text) {
    assertFalse(HostSyntax.isHostname(text));
  }
}
