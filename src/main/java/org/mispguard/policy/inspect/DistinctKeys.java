package org.mispguard.policy.inspect;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The names seen so far in one JSON object, reused for every object at one depth (of every body
 * read on one thread, {@link ReaderScratch}). A known name
 * ({@link KnownNames}) is one mark, stamped with the object's number so that moving on to the next
 * object clears every mark at once. Other names are kept as raw UTF-8 bytes (escapes resolved):
 * MISP objects have a few of them at most, for which comparing hashes in a short array beats any
 * set; large objects switch to a hash set whose keys order themselves, so that even names built
 * to collide cannot make the check quadratic.
 */
final class DistinctKeys {

  private static final int LINEAR_LIMIT = 24;
  private static final int RENUMBER_AFTER = Integer.MAX_VALUE / 2;
  /**
   * A set that held more names than this is dropped rather than emptied: emptying walks its whole
   * table, which would keep the size of the largest object ever read at this depth (on this thread).
   */
  private static final int KEPT_SET = 256;

  /** The number of the object a known name was last seen in; objects are numbered from 1. */
  private final int[] knownSeenIn = new int[KnownNames.COUNT];
  private int object = 1;

  private final byte[][] sources = new byte[LINEAR_LIMIT][];
  private final int[] offsets = new int[LINEAR_LIMIT];
  private final int[] lengths = new int[LINEAR_LIMIT];
  private final int[] hashes = new int[LINEAR_LIMIT];
  private int size;
  private Set<Key> many = new HashSet<>();

  /** @return false when the object already had this known name */
  boolean addKnown(int number) {
    if (knownSeenIn[number] == object) {
      return false;
    }
    knownSeenIn[number] = object;
    return true;
  }

  /** @return false when the object already had this name, which is not a known one */
  boolean add(MemberName name) {
    return add(name.source, name.offset, name.length, name.hash());
  }

  boolean add(byte[] source, int offset, int length, int hash) {
    if (!many.isEmpty()) {
      return many.add(new Key(source, offset, length, hash));
    }
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && lengths[i] == length
          && Arrays.equals(sources[i], offsets[i], offsets[i] + length, source, offset, offset + length)) {
        return false;
      }
    }
    if (size == LINEAR_LIMIT) {
      for (int i = 0; i < size; i++) {
        many.add(new Key(sources[i], offsets[i], lengths[i], hashes[i]));
      }
      return many.add(new Key(source, offset, length, hash));
    }
    sources[size] = source;
    offsets[size] = offset;
    lengths[size] = length;
    hashes[size] = hash;
    size++;
    return true;
  }

  /** Done with this object. */
  void clear() {
    object++;
    size = 0;
    if (many.size() > KEPT_SET) {
      many = new HashSet<>();
    } else if (!many.isEmpty()) {
      many.clear();
    }
  }

  /**
   * Done with a body, however its reading ended: its names are let go, and the object numbers
   * start again before they could wrap (a body has fewer objects than bytes, so they never wrap
   * within one).
   */
  void reset() {
    clear();
    Arrays.fill(sources, null);
    if (object > RENUMBER_AFTER) {
      Arrays.fill(knownSeenIn, 0);
      object = 1;
    }
  }

  /** A name of a large object; comparable, so that colliding hashes still find it in log time. */
  private record Key(byte[] source, int offset, int length, int hash) implements Comparable<Key> {

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.hash == hash
          && Arrays.equals(source, offset, offset + length, key.source, key.offset, key.offset + key.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public int compareTo(Key other) {
      return Arrays.compare(source, offset, offset + length, other.source, other.offset, other.offset + other.length);
    }
  }
}
