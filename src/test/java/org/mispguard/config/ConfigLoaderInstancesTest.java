package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.config.ConfigFiles.edit;
import static org.mispguard.config.ConfigFiles.instA;
import static org.mispguard.config.ConfigFiles.instance;
import static org.mispguard.config.ConfigFiles.json;
import static org.mispguard.config.ConfigFiles.withInstance;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderInstancesTest extends ConfigFileTest {

  private static final String VALID = withInstance(instance("10.0.0.1", "misp-a.example", "comp_a"));

  @Test
  void shippedInstancesExampleLoads() throws Exception {
    GuardConfig config = ConfigLoader.load(Path.of("config.instances.example.json"));
    assertEquals(GuardConfig.Format.INSTANCES, config.format());
    assertEquals(Set.of("soc_internal", "csirt_partner", "sector_isac"), config.instances().keySet());
    assertEquals(Set.of("secret", "shared"), config.canReach().get("secret"));
    Instance partner = config.instances().get("csirt_partner");
    assertEquals(8443, partner.port());
    assertEquals(Set.of(0, 4), partner.rules().blockedDistributionLevels());
    assertEquals(List.of("no_personal_data"), config.blockRules().stream().map(RuleSet::id).toList());
    assertEquals(Set.of("updates.example.org"), config.allowlist().domains());
  }

  /** The exact shape of the reference addon's sample and test configurations, with other values. */
  @Test
  void referenceShapedFileLoadsUnchanged() throws Exception {
    String text = json("{\n"
        + "  'allowlist': {'urls': ['http://lists.example.net:443/exits/?all'], 'domains': ['rules.example.net']},\n"
        + "  'compartments_rules': {'can_reach': {\n"
        + "    'zone_1': ['zone_1', 'zone_2', 'zone_4'], 'zone_2': ['zone_1', 'zone_2'],\n"
        + "    'zone_3': ['zone_1', 'zone_3'], 'zone_4': ['zone_1', 'zone_2', 'zone_3', 'zone_4']}},\n"
        + "  'instances': {\n"
        + "    'misp_1_1': {'ip': '172.16.1.1', 'host': 'misp1-zone1.example', 'port': 443, 'compartment_id': 'zone_1',\n"
        + "      'affiliation': '', 'taxonomies_rules': {'required_taxonomies': [], 'allowed_tags': {},\n"
        + "      'blocked_tags': ['tlp:red']}, 'blocked_distribution_levels': ['0'],\n"
        + "      'blocked_sharing_groups_uuids': ['0f4e3a2b-1c5d-4e6f-8a7b-9c0d1e2f3a4b'],\n"
        + "      'blocked_attribute_types': ['passport-number', 'email'], 'blocked_attribute_categories': ['Person'],\n"
        + "      'blocked_object_types': ['person']},\n"
        + "    'misp_1_4': {'ip': 'fd00::40', 'host': 'misp1-zone4.example', 'port': 443, 'compartment_id': 'zone_4',\n"
        + "      'affiliation': 'zone four', 'taxonomies_rules': {'required_taxonomies': ['tlp'],\n"
        + "      'allowed_tags': {'tlp': ['tlp:clear', 'tlp:white', 'tlp:green']}, 'blocked_tags': ['tlp:rainbow', 'tlp:red']},\n"
        + "      'blocked_distribution_levels': ['0', '1', '2', '3', '4', '5'], 'blocked_sharing_groups_uuids': [],\n"
        + "      'blocked_attribute_types': [], 'blocked_attribute_categories': [], 'blocked_object_types': []}\n"
        + "  },\n"
        + "  'instances_host_mapping': {'misp1-zone1.example': 'misp_1_1', '172.16.1.1': 'misp_1_1'}\n"
        + "}");
    GuardConfig config = files.load(text);
    Instance first = config.instances().get("misp_1_1");
    assertEquals(new Instance("misp_1_1", "172.16.1.1", "misp1-zone1.example", 443, "zone_1", "",
        first.rules(), Optional.empty()), first);
    assertEquals(RuleSet.Origin.INSTANCE, first.rules().origin());
    assertEquals("misp_1_1", first.rules().id());
    assertEquals("", first.rules().reasonSuffix());
    assertEquals(Set.of("passport-number", "email"), first.rules().blockedAttributeTypes());
    assertEquals(Set.of("person"), first.rules().blockedAttributeCategories());
    RuleSet fourth = config.instances().get("misp_1_4").rules();
    assertEquals(Set.of("tlp"), fourth.requiredTaxonomies());
    assertEquals(Map.of("tlp", Set.of("tlp:clear", "tlp:white", "tlp:green")), fourth.allowedTags());
    assertEquals(Set.of(0, 1, 2, 3, 4, 5), fourth.blockedDistributionLevels());
    assertEquals(Set.of("zone_1", "zone_2", "zone_3", "zone_4"), config.canReach().get("zone_4"));
    assertEquals(Set.of("http://lists.example.net:443/exits/?all"), config.allowlist().urls());
    assertTrue(config.blockRules().isEmpty());
  }

  @Test
  void hostIsStoredLowerCaseAndIntegralFloatPortIsAccepted() throws Exception {
    Instance instance = files.load(edit(VALID, top -> {
      instA(top).addProperty("host", "MISP-A.Example");
      instA(top).add("port", new JsonPrimitive(new java.math.BigDecimal("443.0")));
    })).instances().get("inst_a");
    assertEquals("misp-a.example", instance.host());
    assertEquals(443, instance.port());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ip", "host", "port", "compartment_id", "affiliation", "taxonomies_rules",
      "blocked_distribution_levels", "blocked_sharing_groups_uuids", "blocked_attribute_types",
      "blocked_attribute_categories", "blocked_object_types"})
  void everyInstanceFieldIsRequired(String field) {
    List<String> problems = files.problems(edit(VALID, top -> instA(top).remove(field)));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("instances.inst_a." + field + ": is required; add "), problems.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"required_taxonomies", "allowed_tags", "blocked_tags"})
  void everyTaxonomiesRuleIsRequired(String field) {
    List<String> problems = files.problems(edit(VALID, top -> instA(top).getAsJsonObject("taxonomies_rules").remove(field)));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("instances.inst_a.taxonomies_rules." + field + ": is required"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "\"443\"", "44.5", "true", "-1"})
  void portMustBeAnIntegerInRange(String port) {
    assertEquals(List.of("instances.inst_a.port: must be an integer from 1 to 65535"),
        files.problems(edit(VALID, top -> instA(top).add("port", JsonParser.parseString(port)))));
  }

  @Test
  void addressesAndIdsAreChecked() {
    assertEquals(List.of(
            "instances.inst_a.ip: `misp-a.example` must be an IPv4 or IPv6 address such as 10.0.0.1",
            "instances.inst_a.host: `https://misp-a.example/` must be a host name such as misp-a.example",
            "instances.inst_a.compartment_id: compartment id `Comp A` must match ^[a-z0-9_]+$",
            "instances.inst_a.affiliation: must be a string in double quotes"),
        files.problems(edit(VALID, top -> {
          instA(top).addProperty("ip", "misp-a.example");
          instA(top).addProperty("host", "https://misp-a.example/");
          instA(top).addProperty("compartment_id", "Comp A");
          instA(top).add("affiliation", new JsonArray());
        })));
  }

  @Test
  void instanceAndCompartmentIdsMustBeLowerCaseWords() {
    String text = json("{'compartments_rules': {'can_reach': {'Comp-A': ['Comp-A']}}, 'instances': {'Inst-A': ")
        + instance("10.0.0.1", "misp-a.example", "comp_a") + "}}";
    assertEquals(List.of(
            "compartments_rules.can_reach.Comp-A: compartment id must match ^[a-z0-9_]+$",
            "instances.Inst-A: instance id must match ^[a-z0-9_]+$",
            "instances.Inst-A.compartment_id: compartment `comp_a` is not defined in compartments_rules.can_reach;"
                + " add it there"),
        files.problems(text));
  }

  @Test
  void everyCompartmentNamedMustExist() {
    String text = json("{'compartments_rules': {'can_reach': {'comp_a': ['comp_a', 'comp_bb']}},"
        + " 'instances': {'inst_a': ") + instance("10.0.0.1", "misp-a.example", "comp_b") + ", \"inst_b\": "
        + instance("10.0.0.2", "misp-b.example", "comp_b") + "}}";
    assertEquals(List.of(
            "compartments_rules.can_reach.comp_a[1]: compartment `comp_bb` is not defined in"
                + " compartments_rules.can_reach; add it there (did you mean `comp_a`?)",
            "instances.inst_a.compartment_id: compartment `comp_b` is not defined in compartments_rules.can_reach;"
                + " add it there (did you mean `comp_a`?)",
            "instances.inst_b.compartment_id: compartment `comp_b` is not defined in compartments_rules.can_reach;"
                + " add it there (did you mean `comp_a`?)"),
        files.problems(text));
  }

  @Test
  void anAddressMayNameOneInstanceOnly() {
    String text = json("{'compartments_rules': {'can_reach': {'comp_a': ['comp_a']}}, 'instances': {'inst_a': ")
        + instance("10.0.0.1", "misp-a.example", "comp_a") + ", \"inst_b\": "
        + instance("10.0.0.1", "MISP-A.example", "comp_a") + "}}";
    assertEquals(List.of(
            "instances.inst_b.ip: `10.0.0.1` already belongs to instance inst_a; each ip and host may name one"
                + " instance only",
            "instances.inst_b.host: `misp-a.example` already belongs to instance inst_a; each ip and host may name"
                + " one instance only"),
        files.problems(text));
  }

  @Test
  void misplacedAndMisspeltKeysAreExplained() {
    assertEquals(List.of(
            "misp: unknown key; `misp` is read in the seed format only; in the instances format give the"
                + " reverse-mode upstream with --mode reverse:URL",
            "instances.inst_a.blocked_tags: unknown key; `blocked_tags` belongs under taxonomies_rules",
            "instances.inst_a.blocked_object_type: unknown key; did you mean `blocked_object_types`?",
            "instances.inst_a.taxonomies_rules.blocked_attribute_types: unknown key; `blocked_attribute_types`"
                + " belongs in the instance itself, next to taxonomies_rules",
            "instances.inst_a.taxonomies_rules.requird_taxonomies: unknown key; did you mean `required_taxonomies`?"),
        files.problems(edit(VALID, top -> {
          top.addProperty("misp", "x");
          instA(top).add("blocked_tags", new JsonArray());
          instA(top).add("blocked_object_type", new JsonArray());
          instA(top).getAsJsonObject("taxonomies_rules").add("blocked_attribute_types", new JsonArray());
          instA(top).getAsJsonObject("taxonomies_rules").add("requird_taxonomies", new JsonArray());
        })));
  }

  @Test
  void manyProblemsAreReportedAtOnce() {
    List<String> problems = files.problems(edit(VALID, top -> {
      instA(top).addProperty("port", 0);
      instA(top).remove("affiliation");
      instA(top).add("blocked_distribution_levels", new JsonArray());
      instA(top).getAsJsonArray("blocked_distribution_levels").add("7");
      top.getAsJsonObject("allowlist").addProperty("domain", "x");
    }));
    assertEquals(4, problems.size(), problems.toString());
  }

  @Test
  void clientCertIsResolvedNextToTheConfigFile() throws Exception {
    Files.createDirectories(folder.resolve("certs"));
    Path cert = Files.writeString(folder.resolve("certs/inst_a.pem"), "PEM");
    Instance instance = files.load(edit(VALID, top -> instA(top).addProperty("client_cert", "certs/inst_a.pem")))
        .instances().get("inst_a");
    assertEquals(Optional.of(cert.toAbsolutePath().normalize()), instance.clientCert());
  }

  @Test
  void missingClientCertIsAProblem() {
    List<String> problems = files.problems(edit(VALID, top -> instA(top).addProperty("client_cert", "absent.pem")));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("instances.inst_a.client_cert: " + folder.toAbsolutePath().resolve("absent.pem")
        + " does not exist or is not a readable file"), problems.get(0));
  }

  @Test
  void allowedTagsOfATaxonomyThatIsNotRequiredLoadAsTheReferenceDoes() throws Exception {
    RuleSet rules = files.load(edit(VALID, top -> {
      JsonArray tags = new JsonArray();
      tags.add("pap:white");
      instA(top).getAsJsonObject("taxonomies_rules").getAsJsonObject("allowed_tags").add("PAP", tags);
    })).instances().get("inst_a").rules();
    assertEquals(Map.of("pap", Set.of("pap:white")), rules.allowedTags());
  }

  @Test
  void requiredTopLevelBlocks() {
    assertEquals(List.of("compartments_rules: is required; add {\"can_reach\": {\"compartment\": [\"compartment\", …]}}"),
        files.problems(json("{'instances': {}}")));
    assertEquals(List.of("compartments_rules.can_reach: is required; add an object {\"compartment\": [\"compartment\", …]}",
            "instances: is required; add an object {\"instance_id\": {…}, …}"),
        files.problems(json("{'compartments_rules': {}}")));
  }
}
