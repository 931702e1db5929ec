package org.mispguard.bench;

import java.util.List;
import java.util.Random;

/**
 * Builds MISP events as a pushing server sends them: event tags and galaxy, plain attributes with
 * comments and tags, and file / domain-ip objects. A fixed seed makes every run send the same bytes.
 */
final class EventGenerator {

  private static final long SEED = 20_250_510L;
  private static final int OBJECT_ATTRIBUTES = 5;
  private static final long BASE_TIME = 1_714_000_000L;

  private record Kind(String type, String category, boolean toIds) {
  }

  private static final List<Kind> KINDS = List.of(
      new Kind("ip-dst", "Network activity", true),
      new Kind("domain", "Network activity", true),
      new Kind("url", "Network activity", true),
      new Kind("hostname", "Network activity", true),
      new Kind("md5", "Payload delivery", true),
      new Kind("sha256", "Payload delivery", true),
      new Kind("filename", "Payload delivery", false),
      new Kind("email-src", "Payload delivery", true),
      new Kind("text", "Other", false),
      new Kind("link", "External analysis", false));

  private static final List<String> TAGS = List.of(
      "tlp:green", "tlp:amber", "tlp:clear", "admiralty-scale:source-reliability=\"b\"",
      "kill-chain:Command and Control", "misp-galaxy:mitre-attack-pattern=\"Phishing - T1566\"",
      "PAP:AMBER", "estimative-language:likelihood-probability=\"likely\"");

  private static final List<String> WORDS = List.of(
      "observed", "beacon", "loader", "staging", "server", "campaign", "payload", "phishing",
      "infrastructure", "sinkholed", "reported", "partner", "sandbox", "dropped", "second-stage",
      "resolved", "by", "the", "from", "during", "incident", "triage", "analysis", "sample");

  private final Random random = new Random(SEED);
  private final JsonWriter json;
  private final String eventUuid;
  private long nextId = 1_000_000;

  private EventGenerator(String eventUuid, int expectedBytes) {
    this.eventUuid = eventUuid;
    this.json = new JsonWriter(expectedBytes);
  }

  /**
   * An event of {@code attributes} attributes; a fifth of them sit in objects. With
   * {@code passportAtEnd} a passport-number attribute follows the last one, so a rule on that type
   * must read the whole document to find it.
   */
  static byte[] event(String uuid, int attributes, boolean passportAtEnd) {
    return new EventGenerator(uuid, attributes * 600 + 4096).write(attributes, passportAtEnd);
  }

  private byte[] write(int attributes, boolean passportAtEnd) {
    int objects = attributes / 5 / OBJECT_ATTRIBUTES;
    int plain = attributes - objects * OBJECT_ATTRIBUTES;
    json.beginObject().beginObject("Event");
    json.string("id", "4711").string("orgc_id", "2").string("org_id", "2").string("date", "2025-05-10")
        .string("threat_level_id", "2").string("info", "Benchmark campaign " + eventUuid.substring(0, 8))
        .bool("published", true).string("uuid", eventUuid).string("attribute_count", Integer.toString(attributes))
        .string("analysis", "2").string("timestamp", Long.toString(BASE_TIME)).string("distribution", "1")
        .bool("proposal_email_lock", false).bool("locked", false)
        .string("publish_timestamp", Long.toString(BASE_TIME + 60)).string("sharing_group_id", "0")
        .bool("disable_correlation", false).string("extends_uuid", "");
    organisation("Org", "CIRCL-like CERT");
    organisation("Orgc", "Sector ISAC");
    tags(List.of("tlp:green", "type:OSINT", "misp-galaxy:threat-actor=\"Sofacy\""));
    json.beginArray("Attribute");
    for (int i = 0; i < plain; i++) {
      attribute(KINDS.get(random.nextInt(KINDS.size())), "0", null);
    }
    if (passportAtEnd) {
      attribute(new Kind("passport-number", "Person", false), "0", null);
    }
    json.endArray();
    json.beginArray("Object");
    for (int i = 0; i < objects; i++) {
      object(i);
    }
    json.endArray();
    json.beginArray("EventReport").endArray();
    galaxy();
    json.endObject().endObject();
    return json.bytes();
  }

  private void organisation(String key, String name) {
    json.beginObject(key).string("id", "2").string("name", name).string("uuid", uuid()).bool("local", true)
        .endObject();
  }

  private void tags(List<String> names) {
    json.beginArray("Tag");
    for (String name : names) {
      json.beginObject().string("id", Integer.toString(1 + Math.abs(name.hashCode() % 900)))
          .string("name", name).string("colour", "#33ff00").bool("exportable", true)
          .bool("local", false).bool("hide_tag", false).endObject();
    }
    json.endArray();
  }

  private void attribute(Kind kind, String objectId, String relation) {
    long id = nextId++;
    long time = BASE_TIME + random.nextInt(3_000_000);
    json.beginObject().string("id", Long.toString(id)).string("type", kind.type())
        .string("category", kind.category()).bool("to_ids", kind.toIds()).string("uuid", uuid())
        .string("event_id", "4711").string("distribution", Integer.toString(1 + random.nextInt(5)))
        .string("timestamp", Long.toString(time)).string("comment", comment())
        .string("sharing_group_id", "0").bool("deleted", false).bool("disable_correlation", false)
        .string("object_id", objectId).string("object_relation", relation)
        .string("first_seen", null).string("last_seen", null).string("value", value(kind.type()));
    if (random.nextInt(3) == 0) {
      tags(List.of(TAGS.get(random.nextInt(TAGS.size())), TAGS.get(random.nextInt(TAGS.size()))));
    }
    json.endObject();
  }

  private void object(int index) {
    boolean file = index % 2 == 0;
    String objectId = Long.toString(90_000 + index);
    json.beginObject().string("id", objectId).string("name", file ? "file" : "domain-ip")
        .string("meta-category", file ? "file" : "network")
        .string("description", file ? "File object describing a file with meta-information"
            : "A domain/hostname and IP address seen as a tuple in a specific time frame.")
        .string("template_uuid", file ? "688c46fb-5edb-40a3-8273-1af7923e2215" : "43b3b146-77eb-4931-b4cc-b66c60f28734")
        .string("template_version", file ? "24" : "10").string("event_id", "4711").string("uuid", uuid())
        .string("timestamp", Long.toString(BASE_TIME + index)).string("distribution", "5")
        .string("sharing_group_id", "0").string("comment", "").bool("deleted", false)
        .string("first_seen", null).string("last_seen", null);
    json.beginArray("Attribute");
    if (file) {
      attribute(new Kind("filename", "Payload delivery", false), objectId, "filename");
      attribute(new Kind("md5", "Payload delivery", true), objectId, "md5");
      attribute(new Kind("sha1", "Payload delivery", true), objectId, "sha1");
      attribute(new Kind("sha256", "Payload delivery", true), objectId, "sha256");
      attribute(new Kind("size-in-bytes", "Other", false), objectId, "size-in-bytes");
    } else {
      attribute(new Kind("domain", "Network activity", true), objectId, "domain");
      attribute(new Kind("ip-dst", "Network activity", true), objectId, "ip");
      attribute(new Kind("ip-dst", "Network activity", true), objectId, "ip");
      attribute(new Kind("port", "Network activity", false), objectId, "port");
      attribute(new Kind("text", "Other", false), objectId, "text");
    }
    json.endArray().endObject();
  }

  private void galaxy() {
    json.beginArray("Galaxy").beginObject().string("id", "12").string("uuid", "698774c7-8022-42c4-917f-8d6e4f06ada3")
        .string("name", "Threat Actor").string("type", "threat-actor")
        .string("description", "Threat actors are characteristics of malicious actors.").string("version", "3")
        .string("namespace", "misp");
    json.beginArray("GalaxyCluster").beginObject().string("id", "4321").string("uuid", "5b4ee3ea-eee3-4c8e-8323-85ae32658754")
        .string("type", "threat-actor").string("value", "Sofacy").string("tag_name", "misp-galaxy:threat-actor=\"Sofacy\"")
        .string("description", "The Sofacy Group is a cyber espionage group.").string("source", "MISP Project")
        .string("distribution", "3").string("sharing_group_id", null).bool("default", true)
        .endObject().endArray().endObject().endArray();
  }

  private String comment() {
    if (random.nextInt(4) == 0) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    int words = 4 + random.nextInt(14);
    for (int i = 0; i < words; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
    }
    return text.toString();
  }

  private String value(String type) {
    return switch (type) {
      case "ip-dst" -> (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
      case "domain", "hostname" -> word() + "-" + word() + random.nextInt(1000) + ".example";
      case "url", "link" -> "https://" + word() + random.nextInt(1000) + ".example/" + word() + "/" + hex(12) + ".php?id=" + random.nextInt(99999);
      case "md5" -> hex(32);
      case "sha1" -> hex(40);
      case "sha256" -> hex(64);
      case "filename" -> word() + "_" + random.nextInt(100) + ".exe";
      case "email-src" -> word() + "." + word() + "@" + word() + ".example";
      case "size-in-bytes" -> Integer.toString(1024 + random.nextInt(9_000_000));
      case "port" -> Integer.toString(1 + random.nextInt(65535));
      case "passport-number" -> "X" + (10_000_000 + random.nextInt(89_999_999));
      default -> comment() + " " + hex(8);
    };
  }

  private String word() {
    return WORDS.get(random.nextInt(WORDS.size()));
  }

  private String hex(int digits) {
    StringBuilder text = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      text.append(Character.forDigit(random.nextInt(16), 16));
    }
    return text.toString();
  }

  private String uuid() {
    return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12);
  }
}
