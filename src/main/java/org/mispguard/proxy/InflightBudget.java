package org.mispguard.proxy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on all bodies the guard holds at once (SPEC §6, {@code --max-inflight-bytes}). A body
 * takes a {@link Reservation} before its first byte is kept and grows it as it grows; a request
 * that would pass the bound is refused with 503 instead of running the guard out of memory.
 */
final class InflightBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final IdleHeapTrim trim = new IdleHeapTrim(used::get);
  private final LargeBodyRoom room = new LargeBodyRoom();

  InflightBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the in-flight limit must be positive");
    }
    this.limit = limit;
  }

  /** Stops giving memory back when idle; for a guard that stops. */
  void close() {
    trim.close();
  }

  /** Half of what the heap may grow to: bodies live on the heap, and the rest is the guard's own. */
  static long defaultLimit() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  long limit() {
    return limit;
  }

  long used() {
    return used.get();
  }

  /** @return a reservation of {@code bytes}, or null when that would pass the bound */
  Reservation reserve(long bytes) {
    Reservation reservation = new Reservation();
    return reservation.grow(bytes) ? reservation : null;
  }

  private boolean take(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /**
   * The share of the budget one body holds. It grows on the thread that reads the body and is given
   * back once, from whichever thread lets the body go first; giving it back again does nothing.
   */
  final class Reservation {
    private long held;
    private boolean released;

    /** @return false, holding what it held, when {@code more} would pass the bound */
    synchronized boolean grow(long more) {
      if (released || !take(more)) {
        return false;
      }
      held += more;
      return true;
    }

    /** The body's array is about to be made, {@code size} bytes: room is made for it first. */
    void beforeArray(long size) {
      room.beforeArray(size);
    }

    synchronized void release() {
      if (!released) {
        released = true;
        used.addAndGet(-held);
        trim.released(held);
        room.released(held);
      }
    }
  }
}
