package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleHeapTrimTest {

  private final AtomicLong held = new AtomicLong();
  private final AtomicInteger collections = new AtomicInteger();

  @Test
  void collectsOnceAfterLargeBodiesWhenIdle() throws Exception {
    try (IdleHeapTrim trim = new IdleHeapTrim(held::get, collections::incrementAndGet)) {
      trim.released(IdleHeapTrim.WORTH / 2);
      trim.released(IdleHeapTrim.WORTH / 2);
      trim.released(IdleHeapTrim.WORTH);
      Thread.sleep(1500);
      assertEquals(1, collections.get(), "one collection for a burst, a second after it");
    }
  }

  @Test
  void neverCollectsWhileABodyIsHeld() throws Exception {
    held.set(1);
    try (IdleHeapTrim trim = new IdleHeapTrim(held::get, collections::incrementAndGet)) {
      trim.released(IdleHeapTrim.WORTH);
      Thread.sleep(1500);
      assertEquals(0, collections.get(), "a body is held");
      held.set(0);
      Thread.sleep(1500);
      assertEquals(1, collections.get(), "idle at last");
    }
  }

  @Test
  void neverCollectsWhileBodiesComeAndGo() throws Exception {
    try (IdleHeapTrim trim = new IdleHeapTrim(held::get, collections::incrementAndGet)) {
      trim.released(IdleHeapTrim.WORTH);
      // nothing is held at any instant the trimmer looks, but a body is let go every 200 ms
      for (int i = 0; i < 8; i++) {
        Thread.sleep(200);
        trim.released(1);
      }
      assertEquals(0, collections.get(), "not idle: bodies still come and go");
      Thread.sleep(1500);
      assertEquals(1, collections.get(), "idle at last");
    }
  }

  @Test
  void aBodyLetGoWhileStoppingIsNoError() {
    IdleHeapTrim trim = new IdleHeapTrim(held::get, collections::incrementAndGet);
    trim.close();
    trim.released(IdleHeapTrim.WORTH);
    assertEquals(0, collections.get());
  }

  @Test
  void smallBodiesAreLeftToTheCollector() throws Exception {
    try (IdleHeapTrim trim = new IdleHeapTrim(held::get, collections::incrementAndGet)) {
      trim.released(IdleHeapTrim.WORTH - 1);
      Thread.sleep(1500);
      assertEquals(0, collections.get());
    }
  }
}
