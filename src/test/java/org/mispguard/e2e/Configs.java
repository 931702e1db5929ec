package org.mispguard.e2e;

/** Configuration files of the simulated networks, written as an administrator would write them. */
final class Configs {

  private Configs() {}

  /**
   * inst_a (127.0.0.3, compartment internal) may reach inst_b (misp-b.test at 127.0.0.2,
   * compartment partners) but not inst_c (misp-c.test at 127.0.0.4, compartment isolated).
   * inst_a's rules forbid what it pushes; inst_b's rules forbid what is pulled from it.
   */
  static String threeInstances(int portB, int portC) {
    return fourInstances(portB, portC, 8080);
  }

  /** As {@link #threeInstances}, plus inst_d: a plain-HTTP MISP (misp-d.test at 127.0.0.6) in the partners compartment. */
  static String fourInstances(int portB, int portC, int portD) {
    return """
        {
          "allowlist": {
            "urls": [],
            "domains": ["localhost"]
          },
          "compartments_rules": {
            "can_reach": {
              "internal": ["internal", "partners"],
              "partners": ["partners"],
              "isolated": ["isolated"]
            }
          },
          "instances": {
            "inst_a": {
              "ip": "127.0.0.3", "host": "misp-a.test", "port": 443,
              "compartment_id": "internal", "affiliation": "Internal SOC",
              "taxonomies_rules": {
                "required_taxonomies": ["tlp"],
                "allowed_tags": { "tlp": ["tlp:clear", "tlp:green"] },
                "blocked_tags": ["tlp:red"]
              },
              "blocked_distribution_levels": ["0"],
              "blocked_sharing_groups_uuids": ["5b6e9a4c-2f1d-4c8e-9a7b-3d2e1f0a9b8c"],
              "blocked_attribute_types": ["passport-number"],
              "blocked_attribute_categories": ["Person"],
              "blocked_object_types": ["person"]
            },
            "inst_b": {
              "ip": "127.0.0.2", "host": "misp-b.test", "port": PORT_B,
              "compartment_id": "partners", "affiliation": "Partner CSIRT",
              "taxonomies_rules": { "required_taxonomies": [], "allowed_tags": {}, "blocked_tags": ["tlp:amber+strict"] },
              "blocked_distribution_levels": [],
              "blocked_sharing_groups_uuids": [],
              "blocked_attribute_types": ["iban"],
              "blocked_attribute_categories": [],
              "blocked_object_types": []
            },
            "inst_d": INST_D,
            "inst_c": INST_C
          }
        }
        """.replace("PORT_B", Integer.toString(portB))
        .replace("INST_D", withoutRules("127.0.0.6", "misp-d.test", portD, "partners", "Plain-HTTP test server"))
        .replace("INST_C", withoutRules("127.0.0.4", "misp-c.test", portC, "isolated", ""));
  }

  /** An instance whose own rules block nothing (every field present, as the format requires). */
  private static String withoutRules(String ip, String host, int port, String compartment, String affiliation) {
    return """
        {
              "ip": "%s", "host": "%s", "port": %d,
              "compartment_id": "%s", "affiliation": "%s",
              "taxonomies_rules": { "required_taxonomies": [], "allowed_tags": {}, "blocked_tags": [] },
              "blocked_distribution_levels": [],
              "blocked_sharing_groups_uuids": [],
              "blocked_attribute_types": [],
              "blocked_attribute_categories": [],
              "blocked_object_types": []
            }""".formatted(ip, host, port, compartment, affiliation);
  }

  /**
   * The reverse-mode network: misp-internal.test (127.0.0.5, compartment internal) is pulled from
   * by misp-remote.test (127.0.0.6, compartment partners) through the reverse listener, and pushes
   * to it through the forward listener. Data pulled from inst_internal is judged by its rules,
   * which forbid TLP:RED. misp-other.test (127.0.0.7) is an internal server whose real certificate
   * is not the one its address serves.
   */
  static String pullNetwork(int internalPort, int remotePort, int otherPort) {
    return """
        {
          "allowlist": { "urls": [], "domains": [] },
          "compartments_rules": {
            "can_reach": { "internal": ["internal", "partners"], "partners": ["partners", "internal"] }
          },
          "instances": {
            "inst_internal": {
              "ip": "127.0.0.5", "host": "misp-internal.test", "port": PORT_INTERNAL,
              "compartment_id": "internal", "affiliation": "Internal SOC",
              "taxonomies_rules": { "required_taxonomies": [], "allowed_tags": {}, "blocked_tags": ["tlp:red"] },
              "blocked_distribution_levels": ["0"],
              "blocked_sharing_groups_uuids": [],
              "blocked_attribute_types": ["passport-number"],
              "blocked_attribute_categories": [],
              "blocked_object_types": []
            },
            INST_REMOTE,
            INST_OTHER
          }
        }
        """.replace("INST_REMOTE", withoutRules("inst_remote", "127.0.0.6", "misp-remote.test", "PORT_REMOTE", "partners"))
        .replace("INST_OTHER", withoutRules("inst_other", "127.0.0.7", "misp-other.test", "PORT_OTHER", "internal"))
        .replace("PORT_INTERNAL", Integer.toString(internalPort))
        .replace("PORT_REMOTE", Integer.toString(remotePort))
        .replace("PORT_OTHER", Integer.toString(otherPort));
  }

  /** An instance entry that blocks nothing (every field present, as the format requires). */
  private static String withoutRules(String id, String ip, String host, String port, String compartment) {
    return ("\"%s\": { \"ip\": \"%s\", \"host\": \"%s\", \"port\": %s, \"compartment_id\": \"%s\","
        + " \"affiliation\": \"\", \"taxonomies_rules\": { \"required_taxonomies\": [], \"allowed_tags\": {},"
        + " \"blocked_tags\": [] }, \"blocked_distribution_levels\": [], \"blocked_sharing_groups_uuids\": [],"
        + " \"blocked_attribute_types\": [], \"blocked_attribute_categories\": [], \"blocked_object_types\": [] }")
        .formatted(id, ip, host, port, compartment);
  }

  /** Seed format: the misp block names the internal server, the proxy block the guard's own name. */
  static String seedWithMispBlock(String mispHost, int mispPort, String guardName) {
    return """
        {
          "block_rules": [ { "id": "no-red", "description": "Nothing TLP:RED crosses", "blocked_tags": ["tlp:red"] } ],
          "misp": { "host": "MISP_HOST", "port": MISP_PORT },
          "proxy": { "host": "GUARD_NAME", "port": 8443 }
        }
        """.replace("MISP_HOST", mispHost).replace("MISP_PORT", Integer.toString(mispPort))
        .replace("GUARD_NAME", guardName);
  }
}
