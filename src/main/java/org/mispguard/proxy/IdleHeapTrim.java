package org.mispguard.proxy;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Gives the memory of large bodies back to the system once the guard is idle. Bodies live on the
 * heap, and the collector, left to itself, may keep a heap it grew for a burst of 28 MB pushes for
 * minutes: a guard that handled a few large events would sit at a gigabyte. When no body has been
 * held or let go for a second after at least {@link #WORTH} of them went through, the heap is
 * collected once, which also shrinks it (the JVM's {@code MaxHeapFreeRatio}). Never while bodies
 * come and go, so no transfer waits on it; at most once a second.
 */
final class IdleHeapTrim implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(IdleHeapTrim.class);
  static final long WORTH = 64L * 1024 * 1024;
  private static final long IDLE_MILLIS = 1000;

  private final LongSupplier held;
  private final Runnable collect;
  private final AtomicLong releasedSinceTrim = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** When a body was last let go ({@link System#nanoTime()}). */
  private volatile long lastRelease = System.nanoTime();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "misp-guard-heap-trim");
    thread.setDaemon(true);
    return thread;
  });

  /** @param held the bytes of bodies held right now */
  IdleHeapTrim(LongSupplier held) {
    this(held, HeapCollections::shrinking);
  }

  /** @param collect what collects the heap */
  IdleHeapTrim(LongSupplier held, Runnable collect) {
    this.held = held;
    this.collect = collect;
  }

  /** {@code bytes} of bodies were let go. */
  void released(long bytes) {
    lastRelease = System.nanoTime();
    if (releasedSinceTrim.addAndGet(bytes) >= WORTH) {
      trimIn(IDLE_MILLIS);
    }
  }

  private void trimIn(long millis) {
    if (scheduled.compareAndSet(false, true)) {
      try {
        timer.schedule(this::trimIfIdle, millis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        // the guard is stopping: its bodies are let go without a collection
      }
    }
  }

  private void trimIfIdle() {
    scheduled.set(false);
    long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRelease);
    if (held.getAsLong() > 0) {
      trimIn(IDLE_MILLIS);
      return;
    }
    if (quietMillis < IDLE_MILLIS) {
      trimIn(IDLE_MILLIS - quietMillis);
      return;
    }
    long released = releasedSinceTrim.getAndSet(0);
    LOG.debug("idle after {} of bodies: collecting the heap to give its memory back", ByteCount.of(released));
    collect.run();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
