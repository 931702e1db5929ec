package org.mispguard.e2e;

/** MISP documents as MISP servers send them during sync, composed for these tests. */
final class Events {

  static final String UUID = "6a1f3c2e-8b4d-4f7a-9e2c-1d3b5a7c9e0f";

  private Events() {}

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

  /** A clean event padded with enough attributes to exceed {@code bytes}. */
  static String largerThan(int bytes) {
    StringBuilder attributes = new StringBuilder();
    int i = 0;
    while (attributes.length() < bytes) {
      attributes.append(i == 0 ? "" : ",").append("""
          {"type":"comment","category":"Other","value":"padding attribute %d of a very long event","distribution":"5"}"""
          .formatted(i++));
    }
    return """
        {"Event":{"uuid":"%s","info":"Large event","distribution":"1","Tag":[{"name":"tlp:green"}],
          "Attribute":[%s]}}""".formatted(UUID, attributes);
  }
}
