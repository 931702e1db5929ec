package org.mispguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.PolicyRequestTest.ip;

import java.net.Inet4Address;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

  @ParameterizedTest
  @CsvSource({
      "misp-a.example, misp-a.example",
      "MISP-A.Example, misp-a.example",
      "misp-a.example., misp-a.example",
      "10.0.0.1, 10.0.0.1",
      "[fd00::7], fd00:0:0:0:0:0:0:7",
      "fd00:0::7, fd00:0:0:0:0:0:0:7",
      "[::ffff:10.0.0.1], 10.0.0.1"
  })
  void everySpellingOfAHostHasOneCanonicalForm(String spelling, String canonical) {
    assertEquals(canonical, HostNames.canonical(spelling));
  }

  @ParameterizedTest
  @ValueSource(strings = {"010.0.0.1", "10.0.0.01", "167772161", "0x0a.0.0.1", "10.0.1", "256.0.0.1",
      "localhost", "misp.example", "fe80::1%eth0", ""})
  void onlyUnambiguousLiteralsAreAddresses(String text) {
    assertEquals(Optional.empty(), HostNames.ipLiteral(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "fd00::7", "::ffff:10.0.0.1"})
  void literalsParseWithoutDns(String text) {
    assertTrue(HostNames.ipLiteral(text).isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:10.0.0.1", "10.0.0.1"})
  void mappedAddressesBecomeIpv4(String text) {
    assertTrue(HostNames.unmapped(ip(text)) instanceof Inet4Address);
    assertEquals("10.0.0.1", HostNames.unmapped(ip(text)).getHostAddress());
  }
}
