package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySpellingTest {

  private static final List<String> KEYS = List.of("blocked_tags", "blocked_object_types", "port", "host");

  @Test
  void distanceCountsEdits() {
    assertEquals(0, KeySpelling.distance("port", "port"));
    assertEquals(1, KeySpelling.distance("prt", "port"));
    assertEquals(2, KeySpelling.distance("hots", "host"));
    assertEquals(4, KeySpelling.distance("", "host"));
  }

  @Test
  void closeTyposAreMatchedIgnoringCase() {
    assertEquals(Optional.of("blocked_tags"), KeySpelling.closest("Blocked_Tag", KEYS));
    assertEquals(Optional.of("blocked_object_types"), KeySpelling.closest("blocked_objects_type", KEYS));
    assertEquals(Optional.of("port"), KeySpelling.closest("prot", KEYS));
  }

  @Test
  void unrelatedNamesGetNoSuggestion() {
    assertEquals(Optional.empty(), KeySpelling.closest("description", KEYS));
    assertEquals(Optional.empty(), KeySpelling.closest("x", List.of()));
  }
}
