package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The member names the inspection reads; only their members keep a value in the document tree.
 * Digit keys count as read: they are how PHP encodes a list with gaps ({@code {"0": ..., "2": ...}}).
 */
final class ReadKeys {

  static final String[] NAMES = {
    "Event", "Attribute", "Object", "ShadowAttribute", "Tag", "EventTag", "AttributeTag",
    "name", "type", "category", "distribution", "SharingGroup", "uuid", "SharingGroupOrg",
    "Organisation", "SharingGroupServer", "all_orgs", "EventReport", "Note", "Opinion",
    "Relationship", "related_object", "related_object_type", "note_type_name", "Galaxy",
    "GalaxyCluster", "tag_name", "GalaxyClusterRelation", "TargetingClusterRelation",
    "GalaxyClusterRelationTag",
    "minimal", "published"
  };

  /** The numbers of the read names (their index in NAMES) by String hash, open addressing; -1: empty. */
  private static final byte[] BY_HASH = new byte[4 * Integer.highestOneBit(NAMES.length)];

  static {
    if (NAMES.length > Long.SIZE) {
      throw new IllegalStateException("read names are marked in one long");
    }
    Arrays.fill(BY_HASH, (byte) -1);
    for (int number = 0; number < NAMES.length; number++) {
      int slot = NAMES[number].hashCode() & (BY_HASH.length - 1);
      while (BY_HASH[slot] >= 0) {
        slot = (slot + 1) & (BY_HASH.length - 1);
      }
      BY_HASH[slot] = (byte) number;
    }
  }

  private ReadKeys() {}

  /**
   * @return the number of the read name {@code key} is, when it is that very String object (as
   *     every string literal naming a read member is), else -1, also for a merely equal String
   */
  static int numberOf(Object key) {
    for (int slot = key.hashCode() & (BY_HASH.length - 1); BY_HASH[slot] >= 0; slot = (slot + 1) & (BY_HASH.length - 1)) {
      if (NAMES[BY_HASH[slot]] == key) {
        return BY_HASH[slot];
      }
    }
    return -1;
  }

  /**
   * @param knownNumber the name's {@link KnownNames} number, or -1; read names are numbered first
   * @return the name when the rules read it (a read name is always the same String), else null
   */
  static String find(int knownNumber, MemberName name) {
    if (knownNumber >= 0) {
      return readName(knownNumber);
    }
    return name.isDigits() ? new String(name.source, name.offset, name.length, StandardCharsets.ISO_8859_1) : null;
  }

  /** @return the known name when the rules read it, else null */
  static String readName(int knownNumber) {
    return knownNumber < NAMES.length ? NAMES[knownNumber] : null;
  }
}
