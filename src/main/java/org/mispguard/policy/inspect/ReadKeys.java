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

  private ReadKeys() {}

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
