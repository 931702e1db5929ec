package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LargeBodyRoomTest {

  private final AtomicInteger collections = new AtomicInteger();
  private final LargeBodyRoom room = new LargeBodyRoom(collections::incrementAndGet);

  @Test
  void collectsBeforeALargeArrayOnceALargeBodyWasLetGo() {
    room.beforeArray(LargeBodyRoom.LARGE);
    assertEquals(0, collections.get(), "nothing large was let go yet");
    room.released(LargeBodyRoom.LARGE);
    room.beforeArray(LargeBodyRoom.LARGE);
    assertEquals(1, collections.get(), "the large body let go is collected before the next one's array");
    room.beforeArray(2 * LargeBodyRoom.LARGE);
    assertEquals(1, collections.get(), "once per large body let go: the array growing again needs none");
  }

  @Test
  void smallBodiesNeverCauseACollection() {
    room.released(LargeBodyRoom.LARGE - 1);
    room.beforeArray(LargeBodyRoom.LARGE);
    room.released(LargeBodyRoom.LARGE);
    room.beforeArray(LargeBodyRoom.LARGE - 1);
    assertEquals(0, collections.get());
    room.beforeArray(LargeBodyRoom.LARGE);
    assertEquals(1, collections.get(), "the large body let go still waits for the next large array");
  }

  @Test
  void manyLargeBodiesLetGoAreOneCollection() {
    room.released(LargeBodyRoom.LARGE);
    room.released(3 * LargeBodyRoom.LARGE);
    room.beforeArray(LargeBodyRoom.LARGE);
    room.beforeArray(LargeBodyRoom.LARGE);
    assertEquals(1, collections.get());
  }

  @Test
  void aCollectionThatFailsNeverStopsTheArray() {
    LargeBodyRoom failing = new LargeBodyRoom(() -> {
      throw new UnsupportedOperationException("no management here");
    });
    failing.released(LargeBodyRoom.LARGE);
    failing.beforeArray(LargeBodyRoom.LARGE);
  }

  @Test
  void theCollectionKeepingSizeSetsTheJvmsRatioBack() {
    HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String ratio = hotSpot.getVMOption("MaxHeapFreeRatio").getValue();
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[1024 * 1024];
    }
    long committed = Runtime.getRuntime().totalMemory();
    garbage = null;
    HeapCollections.keepingSize();
    assertEquals(ratio, hotSpot.getVMOption("MaxHeapFreeRatio").getValue());
    assertTrue(Runtime.getRuntime().totalMemory() >= committed, "the heap kept its size");
  }
}
