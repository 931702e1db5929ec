package org.mispguard.policy.inspect;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A second reader for one large body, so that it is read on two processors: while the inspection's
 * reader reads on from where it is, a helper reads the later half. The helper cannot know where it
 * stands in the document, so it guesses: it starts at a place that looks like the start of a
 * list's next element ({@code },{}) and reads elements from there to the list's closing bracket,
 * a {@link Stretch}. The inspection's reader takes a stretch over only when it reaches its start
 * itself as the start of a list's element, where reading on alone would read exactly what the
 * helper read, since reading elements from there depends on nothing read before. A wrong guess
 * (the place was inside a string, say) costs the helper's time, never the verdict: the reader
 * never gets there, or reads there itself.
 */
final class ReadAhead {

  /**
   * How long a helper waits for the reader to begin. A body read whole before its judgement is
   * handed to the reader's thread just before the helper comes: without the wait, the helper
   * would find no reader yet, and its thread would only wait for the verdict.
   */
  private static final long READER_START_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** How far the reader reads between looks for stretches; its position is published as often. */
  static final int LOOK_EVERY = 64 * 1024;

  /**
   * What the helper read of a stretch: its elements, the index of the list's closing bracket, and
   * the deepest nesting within, counted from the list's own level.
   */
  record Read(List<Object> elements, int end, int depth) {}

  /** A list's elements read ahead: from {@link #start} to the list's closing bracket. */
  static final class Stretch {
    final int start;
    /** Whether its elements are what the reader's {@code ListElements} foresaw of them, rather than the elements. */
    final boolean foreseen;
    /** What the helper read; null when that was not a list's elements, or the reader no longer needed it. */
    private final CompletableFuture<Read> read = new CompletableFuture<>();
    private volatile Stretch next;

    Stretch(int start, boolean foreseen) {
      this.start = start;
      this.foreseen = foreseen;
    }

    /** The reader: waits until the helper is done with it. */
    Read read() {
      return read.join();
    }
  }

  private final int minLead;
  private final AtomicBoolean helped = new AtomicBoolean();
  private volatile Stretch first;
  private volatile int readerAt;
  private volatile boolean readerStarted;
  private volatile boolean readerDone;
  /** What the reader does with each element it reads; null for nothing. */
  private volatile StrictJson.ListElements readerElements;
  /** The helper's own: the last stretch appended. */
  private Stretch last;
  /** The reader's own: the first stretch not behind it. */
  private Stretch cursor;
  /** The reader's own: how many stretches it took over. */
  private int taken;

  /** @param minLead how far ahead of the reader the helper starts, at least: nearer, the reader would get there first */
  ReadAhead(int minLead) {
    this.minLead = minLead;
  }

  // --- the reader's side ---

  /** The reader is at {@code pos}, the start of a list's element: the stretch read ahead from there, or null. */
  Stretch at(int pos) {
    readerAt = pos;
    Stretch s = cursor == null ? first : cursor;
    // past the last stretch the cursor stays on it: the ones appended later follow it
    while (s != null && s.start < pos && s.next != null) {
      s = s.next;
    }
    cursor = s;
    return s != null && s.start == pos ? s : null;
  }

  /** Where the reader, now at {@code pos}, looks next: the next stretch's start, or a little further on. */
  int nextLook(int pos) {
    int every = pos + LOOK_EVERY < 0 ? Integer.MAX_VALUE : pos + LOOK_EVERY;
    Stretch s = cursor;
    while (s != null && s.start <= pos) {
      s = s.next;
    }
    return s != null ? Math.min(s.start, every) : every;
  }

  /** The reader took a stretch over. */
  void took() {
    taken++;
  }

  /** How many stretches the reader took over, once it is done. */
  int taken() {
    return taken;
  }

  void readerStarted(StrictJson.ListElements listElements) {
    readerElements = listElements;
    readerStarted = true;
  }

  void readerDone() {
    readerDone = true;
  }

  // --- the helper's side ---

  /**
   * Reads ahead of the reader, on the calling thread, until the end of {@code body} (whole) or
   * until the reader is done; once per body.
   */
  void help(ArrivingBody body) {
    if (!helped.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + READER_START_NANOS;
    while (!readerStarted && !readerDone && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(20_000);
    }
    int from = readerAt;
    if (readerStarted && !readerDone && body.end() - from >= 2 * minLead) {
      helpFrom(body, from + (body.end() - from) / 2, readerElements);
    }
  }

  /**
   * Reads ahead from the first place at or after {@code from} that looks like a list's element,
   * for a reader that does {@code elements} with each element (null: nothing).
   */
  void helpFrom(ArrivingBody body, int from, StrictJson.ListElements elements) {
    byte[] in = body.array();
    int end = body.end();
    StrictJson.ListElements helper = elements == null ? null : elements.forHelper();
    int p = from;
    while (!readerDone) {
      int start = nextElement(in, p, end);
      if (start < 0) {
        return;
      }
      if (start < readerAt + minLead) {
        p = readerAt + minLead;
        continue;
      }
      Stretch stretch = new Stretch(start, helper != null);
      append(stretch);
      Read read = null;
      try {
        read = StrictJson.readStretch(body, stretch, this, helper);
      } finally {
        stretch.read.complete(read);
      }
      p = read != null ? read.end() + 1 : start + 1;
    }
  }

  /** Whether the helper should give up the stretch it reads: the reader is done, or already past its start. */
  boolean pointless(Stretch stretch) {
    return readerDone || readerAt > stretch.start;
  }

  private void append(Stretch stretch) {
    if (last == null) {
      first = stretch;
    } else {
      last.next = stretch;
    }
    last = stretch;
  }

  /**
   * The index of a {@code {} that looks like the start of a list's next element: after a
   * {@code }}, a comma and nothing but white space; -1 when there is none from {@code from} on.
   */
  static int nextElement(byte[] in, int from, int end) {
    for (int i = Math.max(from, 0); i < end; i++) {
      if (in[i] != '}') {
        continue;
      }
      int j = skipWhitespace(in, i + 1, end);
      if (j < end && in[j] == ',') {
        j = skipWhitespace(in, j + 1, end);
        if (j < end && in[j] == '{') {
          return j;
        }
      }
    }
    return -1;
  }

  private static int skipWhitespace(byte[] in, int from, int end) {
    int i = from;
    while (i < end && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t')) {
      i++;
    }
    return i;
  }
}
