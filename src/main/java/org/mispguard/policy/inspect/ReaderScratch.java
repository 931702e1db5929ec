package org.mispguard.policy.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the strict reader works with but keeps nothing of: the key sets and name predictions of
 * each depth, the member name being read, the cache of repeated strings and the path. One per
 * thread, lent to one reading at a time: made afresh for each body, it cost a 25 kB event 17 kB of
 * allocation and zeroing, half of what reading the event allocates.
 *
 * <p>Nothing of a body outlives its reading here: the key sets and the member name let go of its
 * bytes when the scratch is given back, and what is carried over (the cache's short strings and
 * the order names came in) only ever serves as a guess that is checked against the bytes.
 */
final class ReaderScratch {

  /** Depths kept between readings; MISP documents nest a few dozen levels at most. */
  private static final int KEPT_DEPTHS = 32;
  private static final ThreadLocal<ReaderScratch> OF_THREAD = ThreadLocal.withInitial(ReaderScratch::new);

  private final List<DistinctKeys> keySets = new ArrayList<>();
  private final List<ExpectedNames> expectedNames = new ArrayList<>();
  final MemberName name = new MemberName();
  final RepeatedStrings repeated = new RepeatedStrings();
  final Object[] path;
  private boolean lent;

  private ReaderScratch() {
    path = new Object[StrictJson.NESTING_LIMIT + 1];
  }

  /** This thread's scratch; a fresh one when it is lent already (a reading within a reading). */
  static ReaderScratch borrow() {
    ReaderScratch mine = OF_THREAD.get();
    if (mine.lent) {
      return new ReaderScratch();
    }
    mine.lent = true;
    return mine;
  }

  /** The key set of objects at {@code depth} (from 1). */
  DistinctKeys keys(int depth) {
    while (keySets.size() < depth) {
      keySets.add(new DistinctKeys());
      expectedNames.add(new ExpectedNames());
    }
    return keySets.get(depth - 1);
  }

  /** The name predictions of objects at {@code depth}, once {@link #keys} was asked for it. */
  ExpectedNames expected(int depth) {
    return expectedNames.get(depth - 1);
  }

  /** After a reading, however it ended. */
  void giveBack() {
    for (DistinctKeys keys : keySets) {
      keys.reset();
    }
    if (keySets.size() > KEPT_DEPTHS) {
      keySets.subList(KEPT_DEPTHS, keySets.size()).clear();
      expectedNames.subList(KEPT_DEPTHS, expectedNames.size()).clear();
    }
    name.forget();
    Arrays.fill(path, null);
    lent = false;
  }
}
