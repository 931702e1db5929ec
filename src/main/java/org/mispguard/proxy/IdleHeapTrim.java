package org.mispguard.proxy;

import java.util.concurrent.Executors;
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
 * held for a second after at least {@link #WORTH} of them went through, the heap is collected
 * once, which also shrinks it (the JVM's {@code MaxHeapFreeRatio}). Never while a body is held,
 * so no transfer waits on it; at most once a second.
 */
final class IdleHeapTrim implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(IdleHeapTrim.class);
  static final long WORTH = 64L * 1024 * 1024;
  private static final long IDLE_MILLIS = 1000;

  private final LongSupplier held;
  private final Runnable collect;
  private final AtomicLong releasedSinceTrim = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "misp-guard-heap-trim");
    thread.setDaemon(true);
    return thread;
  });

  /** @param held the bytes of bodies held right now */
  IdleHeapTrim(LongSupplier held) {
    this(held, System::gc);
  }

  /** @param collect what collects the heap */
  IdleHeapTrim(LongSupplier held, Runnable collect) {
    this.held = held;
    this.collect = collect;
  }

  /** {@code bytes} of bodies were let go. */
  void released(long bytes) {
    if (releasedSinceTrim.addAndGet(bytes) >= WORTH && scheduled.compareAndSet(false, true)) {
      timer.schedule(this::trimIfIdle, IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void trimIfIdle() {
    scheduled.set(false);
    if (held.getAsLong() > 0) {
      if (scheduled.compareAndSet(false, true)) {
        timer.schedule(this::trimIfIdle, IDLE_MILLIS, TimeUnit.MILLISECONDS);
      }
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
