package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.config.ConfigFiles.json;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderSeedTest extends ConfigFileTest {

  @Test
  void shippedSeedConfigLoads() throws Exception {
    GuardConfig config = ConfigLoader.load(Path.of("config.json"));
    assertEquals(GuardConfig.Format.SEED, config.format());
    assertEquals(List.of("no-passports", "no-tlp-red"), config.blockRules().stream().map(RuleSet::id).toList());
    assertEquals(Set.of("passport-number"), config.blockRules().get(0).blockedAttributeTypes());
    assertEquals(Set.of("tlp:red"), config.blockRules().get(1).blockedTags());
    assertEquals(Optional.of(new HostPort("misp-internal.local", 443)), config.misp());
    assertEquals(Optional.of(new HostPort("misp-guard.local", 8888)), config.proxy());
    assertEquals(Allowlist.EMPTY, config.allowlist());
    assertTrue(config.allowedClients().isEmpty());
  }

  @Test
  void everyRuleFieldIsReadAndNormalised() throws Exception {
    GuardConfig config = files.load(json("{'$schema': 'https://example.org/schema.json', 'block_rules': [{"
        + "'id': 'all_fields', 'description': ' Everything ', '_note': 'comments are allowed',"
        + "'blocked_tags': [' TLP:Red '], 'required_taxonomies': ['TLP'], 'allowed_tags': {'TLP': ['TLP:Clear']},"
        + "'blocked_distribution_levels': ['0', 4], 'blocked_sharing_groups_uuids': ['5D6B2C1E-8F3A-4E7B-9C2D-1A0F6E4B3C7D'],"
        + "'blocked_attribute_types': ['Passport-Number'], 'blocked_attribute_categories': ['Person'],"
        + "'blocked_object_types': ['Person']}],"
        + "'allowlist': {'urls': ['https://Feeds.example/List.txt'], 'domains': ['Updates.Example']},"
        + "'allowed_clients': ['10.1.0.0/16', '2001:db8::/32', '192.0.2.7']}"));
    RuleSet rule = config.blockRules().get(0);
    assertEquals(RuleSet.Origin.BLOCK_RULE, rule.origin());
    assertEquals("Everything", rule.description());
    assertEquals(Set.of("tlp:red"), rule.blockedTags());
    assertEquals(Set.of("tlp"), rule.requiredTaxonomies());
    assertEquals(Map.of("tlp", Set.of("tlp:clear")), rule.allowedTags());
    assertEquals(Set.of(0, 4), rule.blockedDistributionLevels());
    assertEquals(Set.of("5d6b2c1e-8f3a-4e7b-9c2d-1a0f6e4b3c7d"), rule.blockedSharingGroupUuids());
    assertEquals(Set.of("passport-number"), rule.blockedAttributeTypes());
    assertEquals(Set.of("person"), rule.blockedAttributeCategories());
    assertEquals(Set.of("person"), rule.blockedObjectTypes());
    assertEquals(". blocked by rule: all_fields", rule.reasonSuffix());
    assertEquals(Set.of("https://Feeds.example/List.txt"), config.allowlist().urls());
    assertEquals(Set.of("updates.example"), config.allowlist().domains());
    assertEquals(3, config.allowedClients().size());
    assertTrue(config.allowedClients().get(0).contains(InetAddress.getByName("10.1.200.3")));
    assertTrue(config.allowedClients().get(1).contains(InetAddress.getByName("2001:db8:1::5")));
    assertTrue(config.misp().isEmpty());
  }

  @Test
  void absentRuleFieldsAreEmpty() throws Exception {
    RuleSet rule = files.load(json("{'block_rules': [{'id': 'only_types', 'blocked_attribute_types': ['email']}]}"))
        .blockRules().get(0);
    assertEquals("", rule.description());
    assertTrue(rule.blockedTags().isEmpty());
    assertTrue(rule.allowedTags().isEmpty());
    assertTrue(rule.blockedDistributionLevels().isEmpty());
  }

  @Test
  void ruleIdsMustBeUniqueAndWellFormed() {
    assertEquals(List.of(
            "block_rules[1].id: `a-1` is already the id of block_rules[0]; rule ids must be unique",
            "block_rules[2].id: rule id `No Passports` must match ^[a-z0-9_-]+$",
            "block_rules[3].id: is required; add an id such as \"no-passports\""),
        files.problems(json("{'block_rules': [{'id': 'a-1'}, {'id': 'a-1'}, {'id': 'No Passports'}, {}]}")));
  }

  @Test
  void ruleFieldsOfTheWrongTypeAreNamedByPath() {
    assertEquals(List.of(
            "block_rules[0].description: must be a string in double quotes",
            "block_rules[0].blocked_tags: must be a list of strings [\"…\"]",
            "block_rules[0].required_taxonomies[1]: must be a string in double quotes",
            "block_rules[0].allowed_tags: must be an object {…}",
            "block_rules[0].blocked_distribution_levels[0]: must be one of \"0\", \"1\", \"2\", \"3\", \"4\", \"5\"",
            "block_rules[0].blocked_distribution_levels[1]: must be one of \"0\", \"1\", \"2\", \"3\", \"4\", \"5\"",
            "block_rules[0].blocked_distribution_levels[2]: must be one of \"0\", \"1\", \"2\", \"3\", \"4\", \"5\"",
            "block_rules[0].blocked_sharing_groups_uuids[0]: must be a sharing group uuid such as"
                + " 8c1c8a6e-2f4b-4a8e-9d6f-3b5e7a1c2d40",
            "block_rules[0].blocked_attribute_types: must be a list of strings [\"…\"]"),
        files.problems(json("{'block_rules': [{'id': 'r', 'description': 5, 'blocked_tags': 'tlp:red',"
            + " 'required_taxonomies': ['tlp', 7], 'allowed_tags': [], 'blocked_distribution_levels': ['6', ' 0', 1.5],"
            + " 'blocked_sharing_groups_uuids': ['not-a-uuid'], 'blocked_attribute_types': null}]}")));
  }

  @Test
  void blockRulesMustBeAList() {
    assertEquals(List.of("block_rules: must be a list of rules [{\"id\": …}, …]"),
        files.problems(json("{'block_rules': {'id': 'x'}}")));
  }

  @Test
  void unknownKeysGetTheClosestSpelling() {
    assertEquals(List.of(
            "block_rule: unknown key; did you mean `block_rules`?",
            "block_rules[0].blocked_atribute_types: unknown key; did you mean `blocked_attribute_types`?",
            "block_rules[0].taxonomies_rules: unknown key; in block_rules the tag fields sit directly in the rule:"
                + " move required_taxonomies, allowed_tags and blocked_tags up one level",
            "misp.hots: unknown key; did you mean `host`?",
            "misp.host: is required; add a host name or IP address"),
        files.problems(json("{'block_rule': [], 'block_rules': [{'id': 'r', 'blocked_atribute_types': ['email'],"
            + " 'taxonomies_rules': {}}], 'misp': {'hots': 'misp.local', 'port': 443}}")));
  }

  @Test
  void unknownKeyWithoutCloseMatchListsTheKnownKeys() {
    assertEquals(List.of("allowlist.everything: unknown key; known keys here: domains, urls"),
        files.problems(json("{'block_rules': [], 'allowlist': {'everything': true}}")));
  }

  @Test
  void mispAndProxyNeedHostAndPort() {
    assertEquals(List.of(
            "misp.host: `misp internal` must be a host name or an IP address",
            "misp.port: must be an integer from 1 to 65535",
            "proxy.port: is required; add an integer from 1 to 65535"),
        files.problems(json("{'block_rules': [], 'misp': {'host': 'misp internal', 'port': 0},"
            + " 'proxy': {'host': '127.0.0.1'}}")));
  }

  @Test
  void allowedClientsMustBeNetworks() {
    assertEquals(List.of(
            "allowed_clients[0]: `10.0.0.0/33` prefix length must be from 0 to 32",
            "allowed_clients[1]: `misp.example` must be an address or a network such as 10.0.0.0/24",
            "allowed_clients[2]: must be a string in double quotes"),
        files.problems(json("{'block_rules': [], 'allowed_clients': ['10.0.0.0/33', 'misp.example', 10]}")));
  }

  @Test
  void fileWithNeitherFormatSaysWhichKeysAreMissing() {
    assertEquals(List.of(
            "blok_rules: unknown key; did you mean `block_rules`?",
            "(top level): cannot tell the format: give `block_rules` (seed format) or `instances` and"
                + " `compartments_rules` (instances format)"),
        files.problems(json("{'blok_rules': []}")));
  }
}
