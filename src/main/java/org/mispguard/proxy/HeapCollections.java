package org.mispguard.proxy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The whole-heap collections the guard asks of the JVM, one at a time: a collection that keeps the
 * heap's size must not overlap one meant to shrink it.
 */
final class HeapCollections {

  private static final Logger LOG = LogManager.getLogger(HeapCollections.class);
  private static final String MAX_FREE = "MaxHeapFreeRatio";

  private HeapCollections() {
  }

  /** Collects the heap and lets the JVM shrink it as its {@code MaxHeapFreeRatio} says. */
  static synchronized void shrinking() {
    System.gc();
  }

  /**
   * Collects the heap but keeps its size: its memory is about to be filled again, and memory given
   * back now would be asked for again at once (and each page of it faulted in and zeroed anew). The
   * JVM's {@code MaxHeapFreeRatio} is lifted for the collection and then set back; where it cannot
   * be (a JVM without HotSpot's diagnostic bean, or without the management module), the collection
   * shrinks the heap as usual.
   */
  static synchronized void keepingSize() {
    HotSpotDiagnosticMXBean hotSpot;
    String ratio;
    try {
      hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      ratio = hotSpot.getVMOption(MAX_FREE).getValue();
      hotSpot.setVMOption(MAX_FREE, "100");
    } catch (RuntimeException | LinkageError unavailable) {
      LOG.debug("the heap cannot be kept at its size while collected: {}", unavailable.toString());
      System.gc();
      return;
    }
    try {
      System.gc();
    } finally {
      try {
        hotSpot.setVMOption(MAX_FREE, ratio);
      } catch (RuntimeException e) {
        LOG.error("could not set MaxHeapFreeRatio back to {}: the heap no longer shrinks after collections", ratio, e);
      }
    }
  }
}
