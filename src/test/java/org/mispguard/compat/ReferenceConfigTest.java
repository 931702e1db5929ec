package org.mispguard.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mispguard.config.ConfigLoader;
import org.mispguard.config.GuardConfig;
import org.mispguard.policy.Policy;
import org.mispguard.policy.RequestDecision;
import org.mispguard.policy.RequestFacts;

/**
 * The reference addon's configuration files load here unchanged: its distributed sample (with the
 * `$schema` pointer and the `instances_host_mapping` the addon writes into its own configuration)
 * and its test configuration, with allowlist URLs that name the default port of another scheme.
 */
class ReferenceConfigTest {

  @TempDir Path folder;

  private static Path resource(String name) throws Exception {
    return Path.of(ReferenceConfigTest.class.getResource("/compat/" + name).toURI());
  }

  @Test
  void theDistributedSampleLoadsUnchanged() throws Exception {
    GuardConfig config = ConfigLoader.load(resource("sample-config.json"));

    assertEquals(GuardConfig.Format.INSTANCES, config.format());
    assertEquals(Set.of("misp_zone_1", "misp_zone_2"), config.instances().keySet());
    assertEquals(Set.of("zone_1", "zone_2"), config.canReach().get("zone_1"));
    assertTrue(config.instances().get("misp_zone_1").rules().blockedTags().isEmpty());
  }

  @Test
  void theTestConfigurationLoadsUnchanged() throws Exception {
    GuardConfig config = ConfigLoader.load(resource("config.json"));

    assertEquals(6, config.instances().size());
    assertEquals(Set.of("hq", "branch", "lab", "soc"), config.canReach().keySet());
    assertEquals(Set.of("tlp"), config.instances().get("soc_primary").rules().requiredTaxonomies());
  }

  @Test
  void theSampleLetsItsTwoZonesSync() throws Exception {
    Policy policy = Policy.of(ConfigLoader.load(resource("sample-config.json")));

    RequestDecision decision = policy.request(new RequestFacts(InetAddress.getByName("10.20.0.5"), "POST",
        "https", "misp.zone2.test", 443, "/events/add/metadata:1"));

    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    byte[] event = ScenarioTable.document("event-tag-tlp-red.json");
    assertTrue(policy.inspectRequest(decision, event, 0, event.length).allowed(), "the sample's rules are all empty");
  }

  /** The addon rebuilds the mapping from `instances` at start; a stale copy in the file decides nothing. */
  @Test
  void aStaleHostMappingInTheFileDecidesNothing() throws Exception {
    Path stale = folder.resolve("config.json");
    Files.writeString(stale, Files.readString(resource("sample-config.json"), StandardCharsets.UTF_8)
        .replace("\"misp.zone2.test\": \"misp_zone_2\"", "\"misp.zone2.test\": \"misp_zone_1\"")
        .replace("\"10.20.0.5\": \"misp_zone_1\"", "\"10.99.0.5\": \"misp_zone_1\""), StandardCharsets.UTF_8);
    Policy policy = Policy.of(ConfigLoader.load(stale));

    RequestDecision decision = policy.request(new RequestFacts(InetAddress.getByName("10.20.0.5"), "GET",
        "https", "misp.zone2.test", 443, "/servers/getVersion"));

    assertTrue(decision.verdict().allowed(), decision.verdict().reason());
    assertEquals("misp_zone_2", decision.destination().orElseThrow().id());
  }
}
