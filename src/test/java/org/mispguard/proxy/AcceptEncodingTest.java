package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Accept-Encoding sent upstream (SPEC §6): never a coding the guard would have to refuse. */
class AcceptEncodingTest {

  @Test
  void whatLibcurlOffersIsKept() {
    assertEquals("deflate, gzip, br, zstd", AcceptEncoding.restrict(List.of("deflate, gzip, br, zstd")));
  }

  @Test
  void codingsTheGuardCannotReadAreDropped() {
    assertEquals("gzip, zstd;q=0.5", AcceptEncoding.restrict(List.of("gzip, compress, exi;q=0.9, ZSTD ; q=0.5")));
    assertEquals("gzip, br", AcceptEncoding.restrict(List.of("gzip", "sdch, br")), "several headers are one list");
  }

  @Test
  void anyCodingMeansThoseTheGuardReads() {
    assertEquals("gzip, deflate, br, zstd", AcceptEncoding.restrict(List.of("*")));
    assertEquals("br;q=1, gzip;q=0.1, deflate;q=0.1, zstd;q=0.1", AcceptEncoding.restrict(List.of("br;q=1, *;q=0.1")));
  }

  @Test
  void identityAndRefusalsAreKept() {
    assertEquals("identity;q=0, gzip", AcceptEncoding.restrict(List.of("identity;q=0, gzip")));
    assertEquals("gzip;q=0, deflate;q=0, br;q=0, zstd;q=0", AcceptEncoding.restrict(List.of("*;q=0")));
  }

  @Test
  void noHeaderMeansIdentity() {
    assertEquals("identity", AcceptEncoding.restrict(List.of()));
  }

  @Test
  void nothingLeftMeansIdentity() {
    assertEquals("identity", AcceptEncoding.restrict(List.of("compress, exi")));
    assertEquals("identity", AcceptEncoding.restrict(List.of("")));
  }

  @Test
  void parametersOtherThanAWeightDropTheirCoding() {
    assertEquals("br", AcceptEncoding.restrict(List.of("gzip;level=9, br, zstd;q=2")));
  }
}
