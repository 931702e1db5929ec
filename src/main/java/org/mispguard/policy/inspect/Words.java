package org.mispguard.policy.inspect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes of a body read eight at a time, as little-endian longs (the first byte is the lowest):
 * short names and values are compared and hashed as one or two words instead of byte by byte.
 */
final class Words {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private Words() {}

  /** The eight bytes from {@code at}. */
  static long at(byte[] in, int at) {
    return (long) LONGS.get(in, at);
  }

  /**
   * Up to eight bytes from {@code at}: {@code count} of them when it is smaller, the higher bytes
   * zero. Nothing at or past {@code readable} is read: a word that would reach it is read byte by
   * byte.
   */
  static long prefix(byte[] in, int at, int count, int readable) {
    if (at + Long.BYTES <= readable) {
      long word = at(in, at);
      return count >= Long.BYTES ? word : word & ((1L << (count << 3)) - 1);
    }
    long word = 0;
    for (int i = Math.min(count, Long.BYTES) - 1; i >= 0; i--) {
      word = word << 8 | (in[at + i] & 0xff);
    }
    return word;
  }

  /** A hash of a length and the two words that hold up to its first sixteen bytes. */
  static int hash(long first, long second, int length) {
    return (int) (((first ^ Long.rotateLeft(second, 29) ^ length) * MIX) >>> 32);
  }

  /** The hash of more bytes, one word at a time. */
  static long mix(long hash, long word) {
    return (hash ^ word) * MIX;
  }
}
