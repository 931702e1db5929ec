package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The member names a MISP document usually carries, each with a small number: the names the rules
 * read ({@link ReadKeys#NAMES}, numbered first) and the others of MISP's data model. A known name
 * is checked for duplicates by one mark instead of comparing it with every earlier name of its
 * object. Which names are known changes only speed: an unknown name takes the general way.
 */
final class KnownNames {

  /** Unread names of events, attributes, objects, tags, organisations, galaxies, sharing groups, analyst data. */
  private static final List<String> OTHERS = List.of(
      "id", "orgc_id", "org_id", "date", "threat_level_id", "info", "attribute_count", "analysis",
      "timestamp", "proposal_email_lock", "locked", "publish_timestamp", "sharing_group_id",
      "disable_correlation", "extends_uuid", "protected", "event_creator_email", "Org", "Orgc",
      "RelatedEvent", "CryptographicKey", "event_id", "object_id", "object_relation", "value",
      "value1", "value2", "to_ids", "comment", "deleted", "first_seen", "last_seen", "Sighting",
      "meta-category", "description", "template_uuid", "template_version", "ObjectReference",
      "referenced_uuid", "referenced_id", "referenced_type", "relationship_type", "object_uuid",
      "source_uuid", "colour", "exportable", "user_id", "hide_tag", "numerical_value", "is_galaxy",
      "is_custom_galaxy", "local_only", "local", "inherited", "tag_id", "attribute_id", "local_id",
      "nationality", "sector", "created_by", "contacts", "date_created", "date_modified",
      "restricted_to_domain", "landingpage", "releasability", "organisation_uuid", "sync_user_id",
      "active", "created", "modified", "roaming", "extend", "server_id", "Server", "url", "icon",
      "namespace", "enabled", "kill_chain_order", "collection_uuid", "value_original", "galaxy_id",
      "source", "authors", "version", "default", "extends_version", "meta", "GalaxyElement",
      "galaxy_cluster_id", "galaxy_cluster_uuid", "referenced_galaxy_cluster_id",
      "referenced_galaxy_cluster_uuid", "referenced_galaxy_cluster_type", "synonyms", "refs",
      "country", "content", "note", "opinion", "language", "object_type", "note_type",
      "related_object_uuid", "date_sighting", "event_uuid", "sharing_group_uuid", "attribute_uuid",
      "Decay", "decay_score", "Feed", "EventGraph");

  private static final int SLOTS = 512;
  /**
   * Open addressing by {@link MemberName#headHash}; each slot holds a name's number (-1: empty),
   * bytes and first two words side by side, so that a probe needs no further look-up.
   */
  private static final short[] NUMBERS = new short[SLOTS];
  private static final byte[][] BYTES = new byte[SLOTS][];
  private static final long[] FIRST_WORDS = new long[SLOTS];
  private static final long[] SECOND_WORDS = new long[SLOTS];
  /** How many names are known; they are numbered from 0. */
  static final int COUNT;
  /** Names recognised in place are this long at most, closing quote included. */
  private static final int QUOTED_WORDS = 3;
  /**
   * By number, {@code 2 * QUOTED_WORDS} longs each: the name as it appears in a body, {@code
   * "name"} without its opening quote, as little-endian words, each followed by the mask of the
   * bytes it holds; all in one array and with no loop, so that recognising a name costs three
   * loads of the body and no branch but the last.
   */
  private static final long[] QUOTED;
  private static final String[] TEXTS;
  /** By number, the name's length: one load where the name itself would take three. */
  private static final int[] LENGTHS;

  static {
    Set<String> all = new LinkedHashSet<>(Arrays.asList(ReadKeys.NAMES));
    if (all.size() != ReadKeys.NAMES.length) {
      // a read name's number is its index in ReadKeys.NAMES: a repeat would shift every one after it
      throw new IllegalStateException("ReadKeys.NAMES names a member twice");
    }
    all.addAll(OTHERS);
    COUNT = all.size();
    QUOTED = new long[COUNT * 2 * QUOTED_WORDS];
    TEXTS = all.toArray(new String[0]);
    LENGTHS = Arrays.stream(TEXTS).mapToInt(String::length).toArray();
    Arrays.fill(NUMBERS, (short) -1);
    MemberName name = new MemberName();
    int number = 0;
    for (String text : all) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      name.set(bytes, 0, bytes.length, bytes.length);
      int slot = name.headHash() & (SLOTS - 1);
      while (NUMBERS[slot] >= 0) {
        slot = (slot + 1) & (SLOTS - 1);
      }
      NUMBERS[slot] = (short) number;
      BYTES[slot] = bytes;
      FIRST_WORDS[slot] = name.word0;
      SECOND_WORDS[slot] = name.word1;
      quote(number++, bytes);
    }
  }

  private static void quote(int number, byte[] bytes) {
    int base = number * 2 * QUOTED_WORDS;
    if (bytes.length + 1 > QUOTED_WORDS * Long.BYTES) {
      QUOTED[base] = 1; // under a zero mask: never matches, the name is always read the general way
      return;
    }
    byte[] quoted = Arrays.copyOf(bytes, bytes.length + 1);
    quoted[bytes.length] = '"';
    for (int i = 0; i < quoted.length; i++) {
      int word = base + 2 * (i / Long.BYTES);
      QUOTED[word] |= (quoted[i] & 0xffL) << (i % Long.BYTES * 8);
      QUOTED[word + 1] |= 0xffL << (i % Long.BYTES * 8);
    }
  }

  private KnownNames() {}

  /** @return the name's number, or -1 when it is not a known name */
  static int number(MemberName name) {
    for (int slot = name.headHash() & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
      int number = NUMBERS[slot];
      if (number < 0 || name.sameAs(BYTES[slot], FIRST_WORDS[slot], SECOND_WORDS[slot])) {
        return number;
      }
    }
  }

  /**
   * Whether the known name {@code number} stands at {@code start} of the body, closing quote
   * included: then it is that name, plain ASCII needing no further check.
   */
  static boolean standsAt(int number, byte[] in, int start, int limit) {
    if (start > limit - QUOTED_WORDS * Long.BYTES) {
      return false;
    }
    int base = number * 2 * QUOTED_WORDS;
    long differences = (Words.at(in, start) & QUOTED[base + 1]) ^ QUOTED[base]
        | (Words.at(in, start + Long.BYTES) & QUOTED[base + 3]) ^ QUOTED[base + 2]
        | (Words.at(in, start + 2 * Long.BYTES) & QUOTED[base + 5]) ^ QUOTED[base + 4];
    return differences == 0;
  }

  static String text(int number) {
    return TEXTS[number];
  }

  /** The name's length in bytes (known names are ASCII). */
  static int length(int number) {
    return LENGTHS[number];
  }
}
