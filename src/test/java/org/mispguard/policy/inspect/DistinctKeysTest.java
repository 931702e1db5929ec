package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Duplicate names are found whichever way a name is held: known by number, or by its bytes. */
class DistinctKeysTest {

  private static MemberName name(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    MemberName name = new MemberName();
    name.set(bytes, 0, bytes.length, bytes.length);
    return name;
  }

  @Test
  void knownNamesAreForgottenWithTheirObject() {
    DistinctKeys keys = new DistinctKeys();
    int type = KnownNames.number(name("type"));
    assertTrue(type >= 0);
    assertTrue(keys.addKnown(type));
    assertFalse(keys.addKnown(type));
    keys.clear();
    assertTrue(keys.addKnown(type));
  }

  @Test
  void namesAreKnownByAllTheirBytes() {
    assertEquals(-1, KnownNames.number(name("typ")));
    assertEquals(-1, KnownNames.number(name("types")));
    assertEquals(-1, KnownNames.number(name("type\u0000")));
    assertEquals(-1, KnownNames.number(name("GalaxyClusterRelationTaG")));
    assertTrue(KnownNames.number(name("GalaxyClusterRelationTag")) >= 0);
    assertEquals(KnownNames.number(name("type")), KnownNames.number(wordAt("{\"type\":1}", 2, 4)));
  }

  /** A name read in place from a body, its words loaded from the body itself. */
  private static MemberName wordAt(String body, int offset, int length) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    MemberName name = new MemberName();
    name.set(bytes, offset, length, bytes.length);
    return name;
  }

  @Test
  void unknownNamesWithOneHashAreStillToldApart() {
    // more names than the short array holds, all with one hash: only their bytes tell them apart
    DistinctKeys keys = new DistinctKeys();
    for (int i = 0; i < 100; i++) {
      assertTrue(addColliding(keys, "name-" + i));
    }
    for (int i = 0; i < 100; i++) {
      assertFalse(addColliding(keys, "name-" + i));
    }
    keys.clear();
    assertTrue(addColliding(keys, "name-7"));
    assertFalse(addColliding(keys, "name-7"));
  }

  private static boolean addColliding(DistinctKeys keys, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return keys.add(bytes, 0, bytes.length, 42);
  }
}
