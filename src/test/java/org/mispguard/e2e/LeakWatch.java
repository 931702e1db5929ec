package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

/**
 * Netty reports a leaked buffer (one released never, found by the paranoid leak detector the
 * test run turns on) only in its log. This turns such a report into a test failure.
 */
public final class LeakWatch {

  private final LogCapture capture;

  private LeakWatch(LogCapture capture) {
    this.capture = capture;
  }

  public static LeakWatch start() {
    return new LeakWatch(LogCapture.attach());
  }

  /** Collects garbage and allocates, which is when the detector reports what it found. */
  public void assertNoLeaks() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(100);
      for (int i = 0; i < 64; i++) {
        ByteBufAllocator.DEFAULT.buffer(1024).release();
      }
    }
    capture.close();
    assertTrue(capture.lines().stream().noneMatch(l -> l.contains("LEAK:")),
        () -> "Netty reported a leak (" + ResourceLeakDetector.getLevel() + "): " + capture.lines().stream()
            .filter(l -> l.contains("LEAK:")).findFirst().orElse(""));
  }
}
