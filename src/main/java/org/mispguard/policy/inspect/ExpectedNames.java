package org.mispguard.policy.inspect;

import java.util.Arrays;

/**
 * Which known name followed which in the objects read so far at one depth. Sibling objects of a
 * MISP document (the attributes of an event, the tags of an attribute) repeat their names in
 * much the same order, so the name that followed last time is tried first: comparing a few words
 * in place is cheaper than scanning, hashing and looking up the name. A wrong guess only costs
 * that comparison; the name is then read the general way.
 */
final class ExpectedNames {

  private static final int NONE = -1;
  /** Where an object's first name is expected, and where a name follows an unknown one. */
  private static final int OBJECT_START = KnownNames.COUNT;
  private static final int AFTER_UNKNOWN = KnownNames.COUNT + 1;

  /** By previous name (its number, or one of the two places above): the number that followed it. */
  private final short[] next = new short[KnownNames.COUNT + 2];
  private int previous = OBJECT_START;

  ExpectedNames() {
    Arrays.fill(next, (short) NONE);
  }

  void startObject() {
    previous = OBJECT_START;
  }

  /** @return the number of the known name expected at {@code start}, when it stands there; else -1 */
  int match(byte[] in, int start, int limit) {
    int expected = next[previous];
    if (expected != NONE && KnownNames.standsAt(expected, in, start, limit)) {
      previous = expected;
      return expected;
    }
    return NONE;
  }

  /** The name read the general way ({@code number} -1 when it is not a known one). */
  void learn(int number) {
    next[previous] = (short) number;
    previous = number == NONE ? AFTER_UNKNOWN : number;
  }
}
