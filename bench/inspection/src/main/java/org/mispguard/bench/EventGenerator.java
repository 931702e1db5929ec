package org.mispguard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Composes MISP events shaped like those of an /events/view response: organisations, event tags,
 * a galaxy with long cluster descriptions, plain attributes and object attributes with tags,
 * comments, sharing groups and a share of long values, escapes and non-ASCII text. The same seed
 * gives the same bytes, so runs compare.
 */
final class EventGenerator {

  /** The attribute a blocked variant hides in its last object, after everything else. */
  static final String BLOCKED_TYPE = "passport-number";

  private static final String[][] KINDS = {
    {"ip-dst", "Network activity"}, {"domain", "Network activity"}, {"url", "Network activity"},
    {"md5", "Payload delivery"}, {"sha256", "Payload delivery"}, {"filename", "Payload delivery"},
    {"email-src", "Payload delivery"}, {"text", "Other"}, {"comment", "Other"},
    {"vulnerability", "External analysis"}, {"yara", "Payload installation"}
  };
  private static final String[] TAGS = {"tlp:green", "tlp:amber", "tlp:clear", "admiralty-scale:source-reliability=\"b\"",
    "estimative-language:likelihood-probability=\"likely\"", "misp:confidence-level=\"usually-confident\""};
  private static final String[] WORDS = {"loader", "beacon", "staging", "Zürich", "exfiltration", "the", "via",
    "\\\"quoted\\\"", "domain", "東京", "persistence", "\\u00e9t\\u00e9", "campaign", "😀", "dropper", "C2", "of"};
  private static final int OBJECT_SIZE = 5;
  private static final String SHARING_GROUP = "5d6d3b30-7a2c-4f5a-9d3e-2c1b0a090807";

  private final Random random;
  private final StringBuilder out = new StringBuilder();
  private int ids;

  private EventGenerator(long seed) {
    random = new Random(seed);
  }

  /**
   * @param attributes how many attributes in all; a fifth of them sit in objects of five
   * @param blocked whether the last object attribute is a passport number
   */
  static byte[] event(int attributes, boolean blocked, long seed) {
    return new EventGenerator(seed).write(attributes, blocked).toString().getBytes(StandardCharsets.UTF_8);
  }

  private StringBuilder write(int attributes, boolean blocked) {
    int objects = attributes / 5 / OBJECT_SIZE;
    int plain = attributes - objects * OBJECT_SIZE;
    out.append("{\"Event\":{\"id\":\"4711\",\"orgc_id\":\"2\",\"org_id\":\"1\",\"date\":\"2024-05-02\",")
        .append("\"threat_level_id\":\"2\",\"info\":\"Loader campaign against regional utilities\",")
        .append("\"published\":true,\"uuid\":\"").append(uuid()).append("\",\"attribute_count\":\"")
        .append(attributes).append("\",\"analysis\":\"2\",\"timestamp\":\"1714650000\",\"distribution\":\"1\",")
        .append("\"proposal_email_lock\":false,\"locked\":false,\"publish_timestamp\":\"1714651000\",")
        .append("\"sharing_group_id\":\"0\",\"disable_correlation\":false,\"extends_uuid\":\"\",")
        .append("\"protected\":null,\"event_creator_email\":\"analyst@cert.example\",");
    organisation("Org", "CERT Example");
    out.append(',');
    organisation("Orgc", "Partner CSIRT");
    out.append(",\"Attribute\":[");
    for (int i = 0; i < plain; i++) {
      if (i > 0) {
        out.append(',');
      }
      attribute("0", false);
    }
    out.append("],\"ShadowAttribute\":[],\"RelatedEvent\":[],\"Galaxy\":[");
    galaxy(3 + attributes / 2500);
    out.append("],\"Object\":[");
    for (int i = 0; i < objects; i++) {
      if (i > 0) {
        out.append(',');
      }
      object(blocked && i == objects - 1);
    }
    out.append("],\"EventReport\":[{\"id\":\"3\",\"uuid\":\"").append(uuid())
        .append("\",\"event_id\":\"4711\",\"name\":\"Summary\",\"content\":\"");
    words(400);
    out.append("\",\"distribution\":\"5\",\"sharing_group_id\":\"0\",\"timestamp\":\"1714650000\",\"deleted\":false}],")
        .append("\"CryptographicKey\":[],\"Tag\":[");
    tag(0);
    out.append(',');
    tag(3);
    out.append("]}}");
    return out;
  }

  private void organisation(String key, String name) {
    out.append('"').append(key).append("\":{\"id\":\"").append(++ids).append("\",\"name\":\"").append(name)
        .append("\",\"uuid\":\"").append(uuid()).append("\",\"local\":true}");
  }

  private void attribute(String objectId, boolean passport) {
    String[] kind = passport ? new String[] {BLOCKED_TYPE, "Person"} : KINDS[random.nextInt(KINDS.length)];
    out.append("{\"id\":\"").append(++ids).append("\",\"type\":\"").append(kind[0]).append("\",\"category\":\"")
        .append(kind[1]).append("\",\"to_ids\":").append(random.nextBoolean()).append(",\"uuid\":\"").append(uuid())
        .append("\",\"event_id\":\"4711\",\"distribution\":\"").append(1 + random.nextInt(5))
        .append("\",\"timestamp\":\"").append(1714600000 + random.nextInt(50000)).append("\",\"comment\":\"");
    words(random.nextInt(6));
    out.append("\",\"sharing_group_id\":\"0\",\"deleted\":false,\"disable_correlation\":false,\"object_id\":\"")
        .append(objectId).append("\",\"object_relation\":null,\"first_seen\":null,\"last_seen\":null,\"value\":\"");
    value(kind[0]);
    out.append("\",\"Galaxy\":[],\"ShadowAttribute\":[]");
    if (random.nextInt(10) == 0) {
      out.append(",\"SharingGroup\":{\"id\":\"7\",\"name\":\"Utilities\",\"uuid\":\"").append(SHARING_GROUP)
          .append("\",\"releasability\":\"sector members\",\"active\":true,\"SharingGroupOrg\":[{\"id\":\"1\",")
          .append("\"Organisation\":{\"id\":\"1\",\"name\":\"CERT Example\",\"uuid\":\"").append(uuid())
          .append("\"}}],\"SharingGroupServer\":[{\"all_orgs\":false,\"server_id\":\"0\"}]}");
    }
    if (random.nextInt(4) == 0) {
      out.append(",\"Tag\":[");
      tag(random.nextInt(TAGS.length));
      out.append(']');
    }
    out.append('}');
  }

  private void value(String type) {
    switch (type) {
      case "ip-dst" -> out.append("198.51.").append(random.nextInt(256)).append('.').append(random.nextInt(256));
      case "domain" -> out.append("cdn-").append(random.nextInt(100000)).append(".example.net");
      case "url" -> out.append("https:\\/\\/cdn-").append(random.nextInt(1000)).append(".example.net\\/a\\/")
          .append(Long.toHexString(random.nextLong()));
      case "md5" -> hex(32);
      case "sha256" -> hex(64);
      case "text", "yara" -> words(10 + random.nextInt(40));
      default -> words(1 + random.nextInt(6));
    }
  }

  private void object(boolean withPassport) {
    String objectId = String.valueOf(++ids);
    out.append("{\"id\":\"").append(objectId).append("\",\"name\":\"file\",\"meta-category\":\"file\",")
        .append("\"description\":\"File object describing a file with meta-information\",\"template_uuid\":\"")
        .append(uuid()).append("\",\"template_version\":\"24\",\"event_id\":\"4711\",\"uuid\":\"").append(uuid())
        .append("\",\"timestamp\":\"1714650000\",\"distribution\":\"5\",\"sharing_group_id\":\"0\",\"comment\":\"\",")
        .append("\"deleted\":false,\"first_seen\":null,\"last_seen\":null,\"ObjectReference\":[],\"Attribute\":[");
    for (int i = 0; i < OBJECT_SIZE; i++) {
      if (i > 0) {
        out.append(',');
      }
      attribute(objectId, withPassport && i == OBJECT_SIZE - 1);
    }
    out.append("]}");
  }

  private void galaxy(int clusters) {
    out.append("{\"id\":\"12\",\"uuid\":\"").append(uuid()).append("\",\"name\":\"Threat Actor\",\"type\":\"threat-actor\",")
        .append("\"description\":\"Threat actors are characteristics of malicious actors.\",\"version\":\"3\",")
        .append("\"namespace\":\"misp\",\"GalaxyCluster\":[");
    for (int i = 0; i < clusters; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"id\":\"").append(++ids).append("\",\"uuid\":\"").append(uuid())
          .append("\",\"type\":\"threat-actor\",\"value\":\"Actor ").append(i)
          .append("\",\"tag_name\":\"misp-galaxy:threat-actor=\\\"Actor ").append(i).append("\\\"\",\"description\":\"");
      words(300);
      out.append("\",\"distribution\":\"3\",\"sharing_group_id\":null,\"default\":true,\"meta\":{\"synonyms\":[\"");
      words(3);
      out.append("\"],\"country\":[\"XX\"],\"refs\":[\"https:\\/\\/reports.example\\/").append(i).append("\"]}}");
    }
    out.append("]}");
  }

  private void tag(int index) {
    out.append("{\"id\":\"").append(index + 1).append("\",\"name\":\"").append(TAGS[index].replace("\"", "\\\""))
        .append("\",\"colour\":\"#33FF00\",\"exportable\":true,\"user_id\":\"0\",\"hide_tag\":false,")
        .append("\"numerical_value\":null,\"is_galaxy\":false,\"is_custom_galaxy\":false,\"local_only\":false,")
        .append("\"local\":0,\"relationship_type\":null}");
  }

  private void words(int count) {
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(i % 15 == 0 ? "\\n" : " ");
      }
      out.append(WORDS[random.nextInt(WORDS.length)]);
    }
  }

  private void hex(int digits) {
    for (int i = 0; i < digits; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
  }

  private String uuid() {
    return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
  }
}
