package org.mispguard.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Makes a large body's array take the memory of the large body let go before it. The collector
 * frees a large array let go only when it next collects, and it may well not collect before the
 * next large array is made: with room left in the heap, it grows the heap for the new array
 * instead. Back-to-back large events then held twice their size, and the heap stayed grown.
 * So before an array of {@link #LARGE} or more is made, when a body that large was let go since
 * the last such collection, the heap is collected first, keeping its size (about 15 ms for a heap
 * of small objects; the bodies still held are not moved).
 */
final class LargeBodyRoom {

  private static final Logger LOG = LogManager.getLogger(LargeBodyRoom.class);
  static final long LARGE = 64L * 1024 * 1024;

  private final Runnable collect;
  private final AtomicBoolean largeLetGo = new AtomicBoolean();

  LargeBodyRoom() {
    this(HeapCollections::keepingSize);
  }

  /** @param collect what collects the heap */
  LargeBodyRoom(Runnable collect) {
    this.collect = collect;
  }

  /** A body that held {@code bytes} was let go. */
  void released(long bytes) {
    if (bytes >= LARGE) {
      largeLetGo.set(true);
    }
  }

  /**
   * An array of {@code size} bytes is about to be made for a body. Never throws: the collection only
   * saves memory, and the array is made whether it ran or not.
   */
  void beforeArray(long size) {
    if (size >= LARGE && largeLetGo.getAndSet(false)) {
      long start = System.nanoTime();
      try {
        collect.run();
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("could not collect the heap before a large body", e);
        return;
      }
      LOG.debug("collected the heap before an array of {}, so that it reuses the memory of the last large body ({} ms)",
          ByteCount.of(size), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }
}
