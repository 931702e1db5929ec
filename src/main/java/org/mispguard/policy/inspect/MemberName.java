package org.mispguard.policy.inspect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of the member name being read (escapes resolved), with its first sixteen bytes
 * held as two words: most MISP names fit in them, so finding a known name costs one
 * multiplication and comparing it two longs, where hashing and comparing byte by byte cost a step
 * per byte. Reused for every name of a body.
 */
final class MemberName {

  /** Eight bytes as one little-endian long: the first byte is the lowest. */
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final int HEAD = 2 * Long.BYTES;

  byte[] source;
  int offset;
  int length;
  /** Bytes 0..7 and 8..15 of the name, little-endian; bytes past its end are zero. */
  long word0;
  long word1;

  /**
   * @param readable the end of what may be read in {@code source}: a word is loaded whole (and
   *     masked to the name) only when it lies before it, else byte by byte
   */
  void set(byte[] source, int offset, int length, int readable) {
    this.source = source;
    this.offset = offset;
    this.length = length;
    word0 = word(offset, length, readable);
    word1 = length > Long.BYTES ? word(offset + Long.BYTES, length - Long.BYTES, readable) : 0;
  }

  /** A hash of the length and the first sixteen bytes: enough to find a known name. */
  int headHash() {
    return (int) (((word0 ^ Long.rotateLeft(word1, 29) ^ length) * MIX) >>> 32);
  }

  /** A hash of every byte, for names no table knows. */
  int hash() {
    long mixed = headHash();
    for (int i = HEAD; i < length; i += Long.BYTES) {
      mixed = (mixed ^ word(offset + i, length - i, offset + length)) * MIX;
    }
    return (int) (mixed ^ (mixed >>> 32));
  }

  /** The same name as {@code bytes}, whose first two words are given. */
  boolean sameAs(byte[] bytes, long firstWord, long secondWord) {
    return firstWord == word0 && secondWord == word1 && bytes.length == length
        && (length <= HEAD || Arrays.equals(bytes, HEAD, length, source, offset + HEAD, offset + length));
  }

  /** Digit names are how PHP writes a list with gaps ({@code {"0": ..., "2": ...}}). */
  boolean isDigits() {
    for (int i = offset; i < offset + length; i++) {
      if (source[i] < '0' || source[i] > '9') {
        return false;
      }
    }
    return length > 0;
  }

  @Override
  public String toString() {
    return new String(source, offset, length, StandardCharsets.UTF_8);
  }

  /** The eight bytes from {@code at}, little-endian. */
  static long word(byte[] in, int at) {
    return (long) WORDS.get(in, at);
  }

  /** Up to eight bytes from {@code at} (fewer when {@code count} is smaller), little-endian. */
  private long word(int at, int count, int readable) {
    if (at + Long.BYTES <= readable) {
      long word = word(source, at);
      return count >= Long.BYTES ? word : word & ((1L << (count << 3)) - 1);
    }
    long word = 0;
    for (int i = Math.min(count, Long.BYTES) - 1; i >= 0; i--) {
      word = word << 8 | (source[at + i] & 0xff);
    }
    return word;
  }
}
