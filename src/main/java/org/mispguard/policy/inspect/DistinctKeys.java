package org.mispguard.policy.inspect;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys seen so far in one JSON object, as raw UTF-8 bytes (escapes already resolved). MISP
 * objects have a few dozen keys at most, for which comparing hashes in a short array beats any
 * set; large objects switch to a hash set whose keys order themselves, so that even keys built to
 * collide cannot make the check quadratic.
 */
final class DistinctKeys {

  private static final int LINEAR_LIMIT = 24;

  private final byte[][] sources = new byte[LINEAR_LIMIT][];
  private final int[] offsets = new int[LINEAR_LIMIT];
  private final int[] lengths = new int[LINEAR_LIMIT];
  private final int[] hashes = new int[LINEAR_LIMIT];
  private int size;
  private final Set<Key> many = new HashSet<>();

  /** The same hash the reader computes while it scans a plain ASCII name. */
  static int hash(byte[] source, int offset, int length) {
    int hash = 0;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + (source[i] & 0xff);
    }
    return hash;
  }

  /** @return false when the key was already seen */
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

  void clear() {
    size = 0;
    if (!many.isEmpty()) {
      many.clear();
    }
  }

  /** A key of a large object; comparable, so that colliding hashes still find it in log time. */
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
