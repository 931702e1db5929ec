package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mispguard.config.ConfigFiles.json;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleDescriberTest extends ConfigFileTest {

  @Test
  void shippedSeedConfigIsDescribed() throws Exception {
    GuardConfig config = ConfigLoader.load(Path.of("config.json"));
    assertEquals("running block rules: no-passports,no-tlp-red", RuleDescriber.summary(config));
    assertEquals(List.of(
            "rule no-passports (Passport numbers never leave this network): blocks attributes of type passport-number",
            "rule no-tlp-red (TLP:RED stays with its recipients): blocks tags tlp:red",
            "reverse-mode upstream: misp-internal.local:443",
            "listens on: misp-guard.local:8888",
            "clients allowed: any"),
        RuleDescriber.describe(config));
  }

  @Test
  void shippedInstancesExampleIsDescribed() throws Exception {
    GuardConfig config = ConfigLoader.load(Path.of("config.instances.example.json"));
    assertEquals("running with 3 instances: csirt_partner, sector_isac, soc_internal; 1 global block rule:"
        + " no_personal_data", RuleDescriber.summary(config));
    List<String> lines = RuleDescriber.describe(config);
    assertEquals("instance csirt_partner (192.0.2.40, misp.csirt-partner.example:8443; shared → shared): blocks tags"
        + " tlp:red; blocks distribution 0 (organisation only), 4 (sharing group)", lines.get(0));
    assertEquals("instance soc_internal (10.20.0.10, misp-soc.internal.example:443; secret → secret, shared):"
        + " requires taxonomy tlp with one of tlp:amber, tlp:clear, tlp:green; blocks tags tlp:amber+strict, tlp:red;"
        + " blocks distribution 0 (organisation only); blocks sharing groups 5d6b2c1e-8f3a-4e7b-9c2d-1a0f6e4b3c7d;"
        + " blocks attributes of type identity-card-number, passport-number; blocks attributes of category person;"
        + " blocks objects of type passport, person", lines.get(2));
    assertEquals("allowlist (no endpoint or body rules): urls https://feeds.example.org/misp/manifest.json;"
        + " domains updates.example.org", lines.get(4));
  }

  @Test
  void emptyRulesAndIneffectiveAllowedTagsAreSaid() {
    RuleSet rules = new RuleSet("r", RuleSet.Origin.BLOCK_RULE, "", Set.of(), Set.of(),
        Map.of("pap", Set.of("pap:white")), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    assertEquals("allowed tags for pap have no effect (pap is not in required_taxonomies)",
        RuleDescriber.describe(rules));
    RuleSet nothing = new RuleSet("r", RuleSet.Origin.BLOCK_RULE, "", Set.of(), Set.of(), Map.of(),
        Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    assertEquals("blocks nothing", RuleDescriber.describe(nothing));
  }

  @Test
  void summariesWithoutRules() throws Exception {
    assertEquals("running block rules: none", RuleDescriber.summary(files.load(json("{'block_rules': []}"))));
    assertEquals("running with 0 instances; no global block rules", RuleDescriber.summary(
        files.load(json("{'compartments_rules': {'can_reach': {}}, 'instances': {}}"))));
  }

  @Test
  void allowedClientsAreListed() throws Exception {
    assertEquals(List.of("clients allowed: 10.0.0.0/24, 2001:db8::/32"), RuleDescriber.describe(
        files.load(json("{'block_rules': [], 'allowed_clients': ['10.0.0.0/24', '2001:db8::/32']}"))));
  }
}
