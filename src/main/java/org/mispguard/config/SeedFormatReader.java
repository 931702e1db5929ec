package org.mispguard.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads the seed format (SPEC §3.1): global block rules and optional guard settings. */
final class SeedFormatReader {

  static final Set<String> KEYS = Set.of("block_rules", "misp", "proxy", "allowlist", "allowed_clients");

  private final FieldReader fields;

  SeedFormatReader(FieldReader fields) {
    this.fields = fields;
  }

  GuardConfig read(JsonObject top, Path source) {
    fields.checkKeys(top, "", KEYS, Map.of());
    List<RuleSet> rules = new BlockRulesReader(fields).read(top.get("block_rules"), "block_rules");
    Allowlist allowlist = top.has("allowlist")
        ? AllowlistReader.read(fields, top.get("allowlist"), "allowlist") : Allowlist.EMPTY;
    return new GuardConfig(
        GuardConfig.Format.SEED,
        Map.of(),
        Map.of(),
        allowlist,
        rules,
        hostPort(top, "misp"),
        hostPort(top, "proxy"),
        allowedClients(top),
        source);
  }

  private Optional<HostPort> hostPort(JsonObject top, String key) {
    JsonElement value = top.get(key);
    if (value == null) {
      return Optional.empty();
    }
    return fields.object(value, key).flatMap(block -> {
      fields.checkKeys(block, key, Set.of("host", "port"), Map.of());
      String hostPath = JsonPath.key(key, "host");
      Optional<String> host = fields.required(block, key, "host", "a host name or IP address")
          .flatMap(hostValue -> fields.string(hostValue, hostPath))
          .filter(name -> {
            boolean valid = HostSyntax.isHostname(name) || HostSyntax.isIpAddress(name);
            if (!valid) {
              fields.problems().add(hostPath, "`" + name + "` must be a host name or an IP address");
            }
            return valid;
          });
      OptionalInt port = fields.required(block, key, "port", "an integer from 1 to 65535")
          .map(portValue -> fields.port(portValue, JsonPath.key(key, "port")))
          .orElse(OptionalInt.empty());
      return host.isPresent() && port.isPresent()
          ? Optional.of(new HostPort(RuleSet.normalise(host.get()), port.getAsInt()))
          : Optional.empty();
    });
  }

  private List<Cidr> allowedClients(JsonObject top) {
    List<Cidr> clients = new ArrayList<>();
    JsonElement value = top.get("allowed_clients");
    if (value != null) {
      fields.forEachString(value, "allowed_clients", (path, text) -> {
        try {
          clients.add(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
          fields.problems().add(path, "`" + text + "` " + e.getMessage());
        }
      });
    }
    return clients;
  }
}
