package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;

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

  /** The read names by their String hash (open addressing), to know one of these very objects. */
  private static final String[] BY_HASH = new String[4 * Integer.highestOneBit(NAMES.length)];

  static {
    for (String name : NAMES) {
      int slot = name.hashCode() & (BY_HASH.length - 1);
      while (BY_HASH[slot] != null) {
        slot = (slot + 1) & (BY_HASH.length - 1);
      }
      BY_HASH[slot] = name;
    }
  }

  private ReadKeys() {}

  /**
   * Whether {@code key} is one of the String objects of {@link #NAMES} itself (as every string
   * literal naming a read member is), not merely an equal one.
   */
  static boolean isReadNameItself(Object key) {
    for (int slot = key.hashCode() & (BY_HASH.length - 1); BY_HASH[slot] != null; slot = (slot + 1) & (BY_HASH.length - 1)) {
      if (BY_HASH[slot] == key) {
        return true;
      }
    }
    return false;
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
