package org.mispguard.e2e;

/**
 * MISP events as a pushing server sends them to {@code /events/add}, built from one allowed
 * event with a single field or attribute changed, so that each test shows just its trick.
 */
final class Events {

  static final String UUID = "6a1c2f4e-8b3d-4e5f-9a0b-1c2d3e4f5a6b";

  private Events() {}

  /** An event inst_a's rules let through: TLP:GREEN, community distribution, one IP attribute. */
  static String allowed() {
    return withEventFields("\"distribution\": \"1\"");
  }

  /** The allowed event with {@code fields} (JSON members) in place of its distribution. */
  static String withEventFields(String fields) {
    return """
        {"Event": {"uuid": "%s", "info": "Phishing campaign", "published": true, %s,
          "Tag": [{"name": "tlp:green"}],
          "Attribute": [%s]}}
        """.formatted(UUID, fields, attribute("\"type\": \"ip-dst\", \"category\": \"Network activity\""));
  }

  /** The allowed event carrying one more attribute made of {@code fields}. */
  static String withAttribute(String fields) {
    return withAttributes(attribute(fields));
  }

  /** The allowed event carrying one more object. */
  static String withObject(String objectFields) {
    return """
        {"Event": {"uuid": "%s", "info": "Phishing campaign", "distribution": "1",
          "Tag": [{"name": "tlp:green"}],
          "Object": [{%s, "distribution": "5", "Attribute": [%s]}]}}
        """.formatted(UUID, objectFields, attribute("\"type\": \"text\", \"category\": \"Other\""));
  }

  /** The allowed event with its tag list replaced. */
  static String withTags(String tags) {
    return """
        {"Event": {"uuid": "%s", "info": "Phishing campaign", "distribution": "1", "Tag": [%s]}}
        """.formatted(UUID, tags);
  }

  private static String withAttributes(String extra) {
    return """
        {"Event": {"uuid": "%s", "info": "Phishing campaign", "distribution": "1",
          "Tag": [{"name": "tlp:green"}],
          "Attribute": [%s, %s]}}
        """.formatted(UUID, attribute("\"type\": \"ip-dst\", \"category\": \"Network activity\""), extra);
  }

  private static String attribute(String fields) {
    return "{" + fields + ", \"value\": \"198.51.100.7\", \"distribution\": \"5\", \"to_ids\": true, "
        + "\"Tag\": [{\"name\": \"tlp:clear\"}]}";
  }
}
