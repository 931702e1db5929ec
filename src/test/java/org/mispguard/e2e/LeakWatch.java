package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Netty reports a leaked buffer (one released never, found by the paranoid leak detector the
 * test run turns on) only in its log. This turns such a report into a test failure.
 *
 * <p>On a test class ({@code @RegisterExtension static final LeakWatch LEAKS = new LeakWatch();})
 * it watches from before the class's first set-up to after its last tear-down, once the guard and
 * its connections are gone; {@link #start} watches a stretch of one test.
 */
public final class LeakWatch implements BeforeAllCallback, AfterAllCallback {

  private LogCapture capture;

  public static LeakWatch start() {
    LeakWatch watch = new LeakWatch();
    watch.capture = LogCapture.attach();
    return watch;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    capture = LogCapture.attach();
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    assertNoLeaks();
  }

  /** Collects garbage and allocates, which is when the detector reports what it found. */
  public void assertNoLeaks() throws InterruptedException {
    LogCapture watched = capture;
    capture = null;
    assertNotNull(watched, "the leak watch was not started");
    try {
      for (int round = 0; round < 3; round++) {
        System.gc();
        Thread.sleep(100);
        for (int i = 0; i < 64; i++) {
          ByteBufAllocator.DEFAULT.buffer(1024).release();
        }
      }
    } finally {
      watched.close();
    }
    assertTrue(watched.lines().stream().noneMatch(l -> l.contains("LEAK:")),
        () -> "Netty reported a leak (" + ResourceLeakDetector.getLevel() + "): " + watched.lines().stream()
            .filter(l -> l.contains("LEAK:")).findFirst().orElse(""));
  }
}
