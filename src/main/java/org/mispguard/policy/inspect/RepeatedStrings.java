package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;

/**
 * The short plain ASCII strings made so far while reading bodies on one thread ({@link
 * ReaderScratch}), so that a value seen again is the same String: an event repeats its attribute types, categories, distributions and tag names
 * thousands of times. Fewer, shared Strings keep the tree small, and each one hashes once for all
 * the rule look-ups that meet it. A direct-mapped cache: a newer string takes the slot of an older.
 */
final class RepeatedStrings {

  /** Longer strings (uuids, comments, values) rarely repeat. */
  static final int LONGEST = 2 * Long.BYTES;
  private static final int SLOTS = 256;

  private final String[] strings = new String[SLOTS];
  private final long[] firstWords = new long[SLOTS];
  private final long[] secondWords = new long[SLOTS];

  /**
   * @param length at most {@link #LONGEST} bytes of plain ASCII at {@code start}
   * @param readable the end of the body: nothing at or past it is read
   */
  String of(byte[] in, int start, int length, int readable) {
    long first = Words.prefix(in, start, length, readable);
    long second = length > Long.BYTES ? Words.prefix(in, start + Long.BYTES, length - Long.BYTES, readable) : 0;
    int slot = Words.hash(first, second, length) & (SLOTS - 1);
    String known = strings[slot];
    if (known != null && known.length() == length && firstWords[slot] == first && secondWords[slot] == second) {
      return known;
    }
    String made = new String(in, start, length, StandardCharsets.ISO_8859_1);
    strings[slot] = made;
    firstWords[slot] = first;
    secondWords[slot] = second;
    return made;
  }
}
