package org.mispguard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Composes MISP events shaped like those of an /events/view response or an /events/add push:
 * organisations, event tags, a galaxy with long cluster descriptions, an event report, plain
 * attributes of mixed types with comments, tags and sharing groups, and file / domain-ip objects
 * whose attributes carry their object relation; a share of the text has escapes and non-ASCII.
 * The seed is fixed, so every run of every benchmark sends and judges the same bytes.
 */
final class EventGenerator {

  /** The attribute a blocked variant hides as the last attribute of its last object, after everything else. */
  static final String BLOCKED_TYPE = "passport-number";

  private static final long SEED = 20240502L;
  private static final int OBJECT_SIZE = 5;
  private static final int FLUSH_CHARS = 1 << 16;

  private static final String[][] KINDS = {
    {"ip-dst", "Network activity"}, {"domain", "Network activity"}, {"url", "Network activity"},
    {"hostname", "Network activity"}, {"md5", "Payload delivery"}, {"sha256", "Payload delivery"},
    {"filename", "Payload delivery"}, {"email-src", "Payload delivery"}, {"text", "Other"},
    {"comment", "Other"}, {"vulnerability", "External analysis"}, {"yara", "Payload installation"}
  };
  /** type, category and object relation of the attributes of each object template. */
  private static final String[][] FILE_OBJECT = {
    {"filename", "Payload delivery", "filename"}, {"md5", "Payload delivery", "md5"},
    {"sha1", "Payload delivery", "sha1"}, {"sha256", "Payload delivery", "sha256"},
    {"size-in-bytes", "Other", "size-in-bytes"}
  };
  private static final String[][] DOMAIN_IP_OBJECT = {
    {"domain", "Network activity", "domain"}, {"ip-dst", "Network activity", "ip"},
    {"ip-dst", "Network activity", "ip"}, {"port", "Network activity", "port"}, {"text", "Other", "text"}
  };
  private static final String[] TAGS = {"tlp:green", "tlp:amber", "tlp:clear", "admiralty-scale:source-reliability=\"b\"",
    "estimative-language:likelihood-probability=\"likely\"", "misp:confidence-level=\"usually-confident\"",
    "kill-chain:Command and Control", "PAP:AMBER"};
  private static final String[] WORDS = {"loader", "beacon", "staging", "Zürich", "exfiltration", "the", "via",
    "\\\"quoted\\\"", "domain", "東京", "persistence", "\\u00e9t\\u00e9", "campaign", "😀", "dropper", "C2", "of"};
  private static final String SHARING_GROUP = "5d6d3b30-7a2c-4f5a-9d3e-2c1b0a090807";

  private final Random random = new Random(SEED);
  private final StringBuilder out = new StringBuilder(FLUSH_CHARS * 2);
  private final Writer sink;
  private int ids;

  private EventGenerator(Writer sink) {
    this.sink = sink;
  }

  /**
   * @param attributes how many attributes in all; a fifth of them sit in objects of five
   * @param blocked whether the last object attribute is a passport number
   */
  static byte[] event(int attributes, boolean blocked) {
    var bytes = new ByteArrayOutputStream(attributes * 600 + 4096);
    try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
      write(writer, attributes, blocked);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Streams the event to {@code sink} (UTF-8 expected), so a 170 MB event needs no 170 MB of memory. */
  static void write(Writer sink, int attributes, boolean blocked) throws IOException {
    try {
      new EventGenerator(sink).compose(attributes, blocked);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void compose(int attributes, boolean blocked) {
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
      String[] kind = KINDS[random.nextInt(KINDS.length)];
      attribute(kind[0], kind[1], "0", null);
    }
    out.append("],\"ShadowAttribute\":[],\"RelatedEvent\":[],\"Galaxy\":[");
    galaxy(3 + attributes / 2500);
    out.append("],\"Object\":[");
    for (int i = 0; i < objects; i++) {
      if (i > 0) {
        out.append(',');
      }
      object(i, blocked && i == objects - 1);
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
    flush(0);
  }

  private void organisation(String key, String name) {
    out.append('"').append(key).append("\":{\"id\":\"").append(++ids).append("\",\"name\":\"").append(name)
        .append("\",\"uuid\":\"").append(uuid()).append("\",\"local\":true}");
  }

  private void attribute(String type, String category, String objectId, String relation) {
    out.append("{\"id\":\"").append(++ids).append("\",\"type\":\"").append(type).append("\",\"category\":\"")
        .append(category).append("\",\"to_ids\":").append(random.nextBoolean()).append(",\"uuid\":\"").append(uuid())
        .append("\",\"event_id\":\"4711\",\"distribution\":\"").append(1 + random.nextInt(5))
        .append("\",\"timestamp\":\"").append(1714600000 + random.nextInt(50000)).append("\",\"comment\":\"");
    words(random.nextInt(6));
    out.append("\",\"sharing_group_id\":\"0\",\"deleted\":false,\"disable_correlation\":false,\"object_id\":\"")
        .append(objectId).append("\",\"object_relation\":")
        .append(relation == null ? "null" : '"' + relation + '"')
        .append(",\"first_seen\":null,\"last_seen\":null,\"value\":\"");
    value(type);
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
    flush(FLUSH_CHARS);
  }

  private void value(String type) {
    switch (type) {
      case "ip-dst" -> out.append("198.51.").append(random.nextInt(256)).append('.').append(random.nextInt(256));
      case "domain", "hostname" -> out.append("cdn-").append(random.nextInt(100000)).append(".example.net");
      case "url" -> out.append("https:\\/\\/cdn-").append(random.nextInt(1000)).append(".example.net\\/a\\/")
          .append(Long.toHexString(random.nextLong()));
      case "email-src" -> out.append("billing").append(random.nextInt(1000)).append("@invoices.example.org");
      case "md5" -> hex(32);
      case "sha1" -> hex(40);
      case "sha256" -> hex(64);
      case "size-in-bytes" -> out.append(1024 + random.nextInt(9_000_000));
      case "port" -> out.append(1 + random.nextInt(65535));
      case "vulnerability" -> out.append("CVE-20").append(10 + random.nextInt(15)).append('-').append(1000 + random.nextInt(50000));
      case BLOCKED_TYPE -> out.append('X').append(10_000_000 + random.nextInt(89_999_999));
      case "text", "yara" -> words(10 + random.nextInt(40));
      default -> words(1 + random.nextInt(6));
    }
  }

  /** Alternately a file object and a domain-ip object, as MISP's object templates define them. */
  private void object(int index, boolean withPassport) {
    boolean file = index % 2 == 0;
    String objectId = String.valueOf(++ids);
    out.append("{\"id\":\"").append(objectId).append("\",\"name\":\"").append(file ? "file" : "domain-ip")
        .append("\",\"meta-category\":\"").append(file ? "file" : "network").append("\",\"description\":\"")
        .append(file ? "File object describing a file with meta-information"
            : "A domain/hostname and IP address seen as a tuple in a specific time frame.")
        .append("\",\"template_uuid\":\"")
        .append(file ? "688c46fb-5edb-40a3-8273-1af7923e2215" : "43b3b146-77eb-4931-b4cc-b66c60f28734")
        .append("\",\"template_version\":\"").append(file ? "24" : "10").append("\",\"event_id\":\"4711\",\"uuid\":\"")
        .append(uuid()).append("\",\"timestamp\":\"1714650000\",\"distribution\":\"5\",\"sharing_group_id\":\"0\",")
        .append("\"comment\":\"\",\"deleted\":false,\"first_seen\":null,\"last_seen\":null,\"ObjectReference\":[],")
        .append("\"Attribute\":[");
    String[][] template = file ? FILE_OBJECT : DOMAIN_IP_OBJECT;
    for (int i = 0; i < OBJECT_SIZE; i++) {
      if (i > 0) {
        out.append(',');
      }
      if (withPassport && i == OBJECT_SIZE - 1) {
        attribute(BLOCKED_TYPE, "Person", objectId, "passport-number");
      } else {
        attribute(template[i][0], template[i][1], objectId, template[i][2]);
      }
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
      flush(FLUSH_CHARS);
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

  /** Hands what is composed to the sink once it holds more than {@code threshold} characters. */
  private void flush(int threshold) {
    if (out.length() <= threshold) {
      return;
    }
    try {
      sink.append(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.setLength(0);
  }
}
