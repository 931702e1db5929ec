package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The member names the inspection reads, looked up by their raw UTF-8 bytes so that the many
 * names it does not read never become Strings. Digit keys count as read: they are how PHP encodes
 * a list with gaps ({@code {"0": ..., "2": ...}}).
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

  private static final int SLOTS = 128;
  private static final byte[][] SLOT_BYTES = new byte[SLOTS][];
  private static final String[] SLOT_NAMES = new String[SLOTS];

  static {
    for (String name : NAMES) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      int slot = slot(DistinctKeys.hash(bytes, 0, bytes.length));
      while (SLOT_BYTES[slot] != null) {
        slot = (slot + 1) & (SLOTS - 1);
      }
      SLOT_BYTES[slot] = bytes;
      SLOT_NAMES[slot] = name;
    }
  }

  private ReadKeys() {}

  /** @return the name when the rules read it, else null */
  static String find(byte[] source, int offset, int length, int hash) {
    for (int slot = slot(hash); SLOT_BYTES[slot] != null; slot = (slot + 1) & (SLOTS - 1)) {
      byte[] candidate = SLOT_BYTES[slot];
      if (candidate.length == length && Arrays.equals(candidate, 0, length, source, offset, offset + length)) {
        return SLOT_NAMES[slot];
      }
    }
    return isDigits(source, offset, length) ? new String(source, offset, length, StandardCharsets.ISO_8859_1) : null;
  }

  private static boolean isDigits(byte[] source, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (source[i] < '0' || source[i] > '9') {
        return false;
      }
    }
    return length > 0;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 7) ^ (hash >>> 14)) & (SLOTS - 1);
  }
}
