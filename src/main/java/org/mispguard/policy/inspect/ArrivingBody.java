package org.mispguard.policy.inspect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The bytes of one body, read in place while they arrive, so that an inspection can run alongside
 * the reading of a large body instead of after it. One thread writes: it fills the array from the
 * start, each byte once, and says after each write how far the bytes have arrived. One thread
 * reads: the inspection, which waits at the edge of what has arrived. A body read whole before its
 * inspection is one that has arrived ({@link #whole}).
 *
 * <p>The reader stops waiting for good when the writer {@link #abandon abandons} the body, or when
 * the stretch it waits for did not come within the patience given: a stalled or trickling client
 * holds a reader no longer than that. The
 * inspection then reports that only the whole body can decide, and the body is judged again once
 * it is read whole. Nothing here decides a verdict: a reader that saw less than the whole body
 * says so ({@link #readToEnd()}), and the inspection trusts only what it read without a cut.
 */
public final class ArrivingBody {

  /** How many bytes the reader wants ahead of a value it starts to read: a longer one is a string read on as it arrives, or cut. */
  static final int AHEAD = 256 * 1024;
  /** A helper starts at least this far ahead of the reader: nearer, the two would meet before it paid. */
  private static final int HELPER_LEAD = 1024 * 1024;

  private final byte[] array;
  private final int start;
  private final int end;
  private final long patienceNanos;
  private final int ahead;
  /** A helper's reading of the later part, for a body large enough to be worth two readers; else null. */
  private final ReadAhead readAhead;
  /** The index just after the last byte written: every byte before it is visible to the reader that reads this. */
  private volatile int arrived;
  private volatile boolean abandoned;
  private volatile Thread waiting;
  /** Where the waiting reader wants {@link #arrived} to be before it is woken. */
  private volatile int wanted = Integer.MAX_VALUE;
  /** The reader's own: the end of what it was last given to read. */
  private int granted;
  /** The reader's own: it stopped waiting, for good. */
  private boolean stopped;

  private ArrivingBody(byte[] array, int start, int length, int arrived, Duration patience, int ahead,
      ReadAhead readAhead) {
    Objects.checkFromIndexSize(start, length, array.length);
    this.array = array;
    this.start = start;
    this.end = start + length;
    this.arrived = start + arrived;
    this.granted = start + arrived;
    this.patienceNanos = patience.toNanos();
    this.ahead = ahead;
    this.readAhead = readAhead;
  }

  /** The body in {@code array[offset, offset + length)}, read whole already. */
  public static ArrivingBody whole(byte[] array, int offset, int length) {
    return new ArrivingBody(array, offset, length, length, Duration.ZERO, AHEAD, null);
  }

  /**
   * A body of {@code length} bytes that will be written to {@code array} from its start. Once it
   * has arrived, a second thread may help read it ({@link #help()}).
   */
  public static ArrivingBody arriving(byte[] array, int length, Duration patience) {
    return arriving(array, length, patience, AHEAD, HELPER_LEAD);
  }

  /**
   * As {@link #arriving(byte[], int, Duration)}, with the reader wanting {@code ahead} bytes before
   * each value, and a helper starting at least {@code helperLead} bytes ahead of it.
   */
  static ArrivingBody arriving(byte[] array, int length, Duration patience, int ahead, int helperLead) {
    return new ArrivingBody(array, 0, length, 0, patience, ahead, new ReadAhead(helperLead));
  }

  /**
   * Helps the inspection reading this body, now that it has arrived whole, by reading its later
   * part on the calling thread; returns when that is done, or at once when there is nothing to
   * help with (the body is not whole yet, the inspection is done or nearly).
   */
  public void help() {
    if (readAhead != null && arrived == end) {
      readAhead.help(this);
    }
  }

  ReadAhead readAhead() {
    return readAhead;
  }

  /**
   * Whether a helper's reading was used: the reader took over at least one stretch it read. Known
   * once the reader is done (its thread's work is seen after its verdict is).
   */
  public boolean helped() {
    return readAhead != null && readAhead.taken() > 0;
  }

  /** Whether this body is read while it arrives, rather than read whole before ({@link #whole}). */
  boolean readWhileArriving() {
    return readAhead != null;
  }

  /** The writer: the first {@code count} bytes of the body are in the array. */
  public void arrived(int count) {
    int now = start + count;
    arrived = now;
    if (now >= wanted) {
      wake();
    }
  }

  /** The writer: no more bytes will come. A reader waiting stops; the inspection is left to the whole body, if ever. */
  public void abandon() {
    abandoned = true;
    wake();
  }

  private void wake() {
    Thread reader = waiting;
    if (reader != null) {
      LockSupport.unpark(reader);
    }
  }

  byte[] array() {
    return array;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  public int length() {
    return end - start;
  }

  int ahead() {
    return ahead;
  }

  /** The reader: whether all it read was read with the whole body before it, so that nothing it read was cut. */
  boolean readToEnd() {
    return granted == end;
  }

  /**
   * The reader: the end of what has arrived, once it is at least {@code least} (at most the end of
   * the body), or earlier when the body stopped arriving; no further than before once the body is
   * abandoned. When it has to wait, it waits for a further {@link #ahead()} bytes, so that it is
   * woken once per stretch and not per packet.
   */
  int await(int least) {
    // Once stopped, the edge stays where it was: bytes that came after the reader gave up must not
    // resume a value it already ended at the edge (a number, white space), which the whole body
    // reads on. And nothing more is read of a body let go: its array is no longer counted.
    if (stopped || abandoned) {
      stopped = true;
      return granted;
    }
    int now = arrived;
    int enough = Math.min(least, end);
    if (now < enough) {
      now = waitFor((int) Math.min((long) enough + ahead, end));
    }
    granted = now;
    return now;
  }

  /** Waits at most the patience for the stretch it wants: a client trickling bytes holds no thread for longer. */
  private int waitFor(int target) {
    wanted = target;
    waiting = Thread.currentThread();
    try {
      long deadline = System.nanoTime() + patienceNanos;
      while (true) {
        int now = arrived;
        if (now >= target) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (abandoned || left <= 0 || Thread.currentThread().isInterrupted()) {
          stopped = true;
          return abandoned ? granted : now;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      waiting = null;
      wanted = Integer.MAX_VALUE;
    }
  }
}
