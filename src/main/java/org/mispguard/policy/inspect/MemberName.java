package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of the member name being read (escapes resolved), with its first sixteen bytes
 * held as two words: most MISP names fit in them, so finding a known name costs one
 * multiplication and comparing it two longs, where hashing and comparing byte by byte cost a step
 * per byte. Reused for every name of every body read on one thread ({@link ReaderScratch}).
 */
final class MemberName {

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
    word0 = Words.prefix(source, offset, length, readable);
    word1 = length > Long.BYTES ? Words.prefix(source, offset + Long.BYTES, length - Long.BYTES, readable) : 0;
  }

  /** Lets go of the body the last name was read from. */
  void forget() {
    source = null;
  }

  /** A hash of the length and the first sixteen bytes: enough to find a known name. */
  int headHash() {
    return Words.hash(word0, word1, length);
  }

  /** A hash of every byte, for names no table knows. */
  int hash() {
    long mixed = headHash();
    for (int i = HEAD; i < length; i += Long.BYTES) {
      mixed = Words.mix(mixed, Words.prefix(source, offset + i, length - i, offset + length));
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
}
