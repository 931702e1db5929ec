package org.mispguard.e2e;

/**
 * MISP events as a pushing server sends them to {@code /events/add}, composed for these tests:
 * most are one allowed event with a single field or attribute changed, so that each test shows
 * just its trick.
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

  /**
   * A published event with one attribute of the given type; event and attributes are tagged
   * TLP:GREEN, since a required taxonomy is required at both levels.
   */
  static String withAttribute(String type, String category, String value) {
    return """
        {"Event":{"uuid":"%s","info":"Credential phishing against finance staff","date":"2026-11-20",
          "threat_level_id":"2","analysis":"1","distribution":"1","published":true,"timestamp":"1763640000",
          "Orgc":{"name":"CERT-Internal","uuid":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"},
          "Tag":[{"name":"tlp:green","colour":"#33FF00"}],
          "Attribute":[
            {"uuid":"0b9e8d7c-6f5a-4b3c-9d2e-1f0a9b8c7d6e","type":"domain","category":"Network activity",
             "value":"login-portal.example","to_ids":true,"distribution":"5","timestamp":"1763640000",
             "Tag":[{"name":"tlp:green"}]},
            {"uuid":"7d6e5f4a-3b2c-4d1e-8f9a-0b1c2d3e4f5a","type":"%s","category":"%s",
             "value":"%s","to_ids":false,"distribution":"5","timestamp":"1763640000",
             "Tag":[{"name":"tlp:green"}]}
          ]}}
        """.formatted(UUID, type, category, value);
  }

  static String clean() {
    return withAttribute("ip-dst", "Network activity", "198.51.100.23");
  }

  static String withPassport() {
    return withAttribute("passport-number", "Other", "P<NLD1234567");
  }

  /** A clean event (inst_a's rules let it through) padded with enough attributes to exceed {@code bytes}. */
  static String largerThan(int bytes) {
    return largerThan(bytes, "");
  }

  /**
   * As {@link #largerThan(int)}, with one more attribute made of {@code lastFields} at the very
   * end, where an inspection finds it only after reading the whole event.
   */
  static String largerThan(int bytes, String lastFields) {
    StringBuilder attributes = new StringBuilder();
    int i = 0;
    while (attributes.length() < bytes) {
      attributes.append(i == 0 ? "" : ",").append("""
          {"type":"comment","category":"Other","value":"padding attribute %d of a very long event","distribution":"5",\
          "Tag":[{"name":"tlp:green"}]}"""
          .formatted(i++));
    }
    if (!lastFields.isEmpty()) {
      attributes.append(',').append(attribute(lastFields));
    }
    return """
        {"Event":{"uuid":"%s","info":"Large event","distribution":"1","Tag":[{"name":"tlp:green"}],
          "Attribute":[%s]}}""".formatted(UUID, attributes);
  }
}
