package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentResultsTest {

  private final List<String> worked = new ArrayList<>();
  private final RecentResults<String, String> upper = new RecentResults<>(text -> {
    worked.add(text);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    return text.toUpperCase();
  });

  @Test
  void twoArgumentsTakingTurnsAreWorkedOutOnceEach() {
    for (int i = 0; i < 3; i++) {
      assertEquals("GUARD", upper.of("guard"));
      assertEquals("REMOTE", upper.of("remote"));
    }

    assertEquals(List.of("guard", "remote"), worked);
  }

  @Test
  void aThirdArgumentPushesOutTheOldest() {
    upper.of("a");
    upper.of("b");
    upper.of("c");
    upper.of("b");
    upper.of("a");

    assertEquals(List.of("a", "b", "c", "a"), worked);
  }

  @Test
  void aFailureIsNeverRemembered() {
    upper.of("a");

    assertThrows(IllegalArgumentException.class, () -> upper.of(""));
    assertThrows(IllegalArgumentException.class, () -> upper.of(""));
    assertEquals("A", upper.of("a"));
    assertEquals(List.of("a", "", ""), worked);
  }
}
