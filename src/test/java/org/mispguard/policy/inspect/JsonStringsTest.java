package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The end of a plain run of a string, found exactly for every byte value, offset and limit. */
class JsonStringsTest {

  private static boolean plain(int b) {
    return b >= 0x20 && b < 0x80 && b != '"' && b != '\\';
  }

  @Test
  void everyByteValueEndsARunExactlyWhereItIsNotPlain() {
    for (int b = 0; b < 256; b++) {
      for (int from = 0; from < 8; from++) {
        for (int at = from; at < 40; at++) {
          byte[] in = new byte[48];
          Arrays.fill(in, (byte) 'a');
          in[at] = (byte) b;
          int expected = plain(b) ? in.length : at;
          assertEquals(expected, JsonStrings.plainEnd(in, from, in.length),
              () -> "byte 0x" + Integer.toHexString(in[0] & 0xff) + " at " + Arrays.toString(in));
        }
      }
    }
  }

  @Test
  void aRunStopsAtTheLimitNotAtTheEndOfTheArray() {
    byte[] in = new byte[64];
    Arrays.fill(in, (byte) 'a');
    for (int limit = 0; limit <= in.length; limit++) {
      assertEquals(limit, JsonStrings.plainEnd(in, 0, limit));
    }
    in[40] = '"';
    assertEquals(40, JsonStrings.plainEnd(in, 3, 64));
    assertEquals(39, JsonStrings.plainEnd(in, 3, 39));
  }

  @Test
  void neighboursOfTheSpecialBytesArePlain() {
    byte[] in = new byte[32];
    byte[] neighbours = {0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F, (byte) 0x80};
    for (byte neighbour : neighbours) {
      Arrays.fill(in, neighbour);
      int expected = plain(neighbour & 0xff) ? in.length : 0;
      assertEquals(expected, JsonStrings.plainEnd(in, 0, in.length), "byte " + (neighbour & 0xff));
    }
  }
}
