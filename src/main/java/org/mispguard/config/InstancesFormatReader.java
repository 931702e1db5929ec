package org.mispguard.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads the instances format (SPEC §3.2), the reference addon's own config.json. */
final class InstancesFormatReader {

  static final Set<String> KEYS =
      Set.of("allowlist", "compartments_rules", "instances", "block_rules", "instances_host_mapping");

  /** Seed-format keys are not silently ignored here: each would suggest a setting that does nothing. */
  private static final Map<String, String> MISPLACED_TOP = Map.of(
      "misp", "`misp` is read in the seed format only; in the instances format give the reverse-mode"
          + " upstream with --mode reverse:URL",
      "proxy", "`proxy` is read in the seed format only; give the listening address with -p and --listen-host",
      "allowed_clients", "`allowed_clients` is read in the seed format only; in the instances format a"
          + " client must be the ip of one of the instances");
  private static final Set<String> INSTANCE_KEYS = instanceKeys();
  private static final Map<String, String> MISPLACED_IN_INSTANCE = misplacedInInstance();
  private static final Map<String, String> MISPLACED_IN_TAXONOMIES = misplacedInTaxonomies();

  private final FieldReader fields;
  private final Path source;
  /** Where each compartment id was named, checked against can_reach once everything is read. */
  private final List<Map.Entry<String, String>> compartmentMentions = new ArrayList<>();

  InstancesFormatReader(FieldReader fields, Path source) {
    this.fields = fields;
    this.source = source;
  }

  private static Set<String> instanceKeys() {
    Set<String> keys = new LinkedHashSet<>(
        List.of("ip", "host", "port", "compartment_id", "affiliation", "taxonomies_rules", "client_cert"));
    keys.addAll(RuleFieldsReader.OTHER_FIELDS);
    return Set.copyOf(keys);
  }

  private static Map<String, String> misplacedInInstance() {
    Map<String, String> hints = new HashMap<>();
    RuleFieldsReader.TAG_FIELDS.forEach(key -> hints.put(key, "`" + key + "` belongs under taxonomies_rules"));
    hints.put("id", "an instance's id is its key in `instances`");
    return Map.copyOf(hints);
  }

  private static Map<String, String> misplacedInTaxonomies() {
    Map<String, String> hints = new HashMap<>();
    RuleFieldsReader.OTHER_FIELDS.forEach(key ->
        hints.put(key, "`" + key + "` belongs in the instance itself, next to taxonomies_rules"));
    return Map.copyOf(hints);
  }

  GuardConfig read(JsonObject top) {
    fields.checkKeys(top, "", KEYS, MISPLACED_TOP);
    Map<String, Set<String>> canReach = fields
        .required(top, "", "compartments_rules", "{\"can_reach\": {\"compartment\": [\"compartment\", …]}}")
        .map(this::canReach)
        .orElse(Map.of());
    Map<String, Instance> instances = fields
        .required(top, "", "instances", "an object {\"instance_id\": {…}, …}")
        .map(this::instances)
        .orElse(Map.of());
    Allowlist allowlist = top.has("allowlist")
        ? AllowlistReader.read(fields, top.get("allowlist"), "allowlist") : Allowlist.EMPTY;
    List<RuleSet> blockRules = top.has("block_rules")
        ? new BlockRulesReader(fields).read(top.get("block_rules"), "block_rules") : List.of();
    if (top.has("compartments_rules")) {
      checkCompartmentsExist(canReach.keySet());
    }
    return new GuardConfig(GuardConfig.Format.INSTANCES, instances, canReach, allowlist, blockRules,
        Optional.empty(), Optional.empty(), List.of(), source);
  }

  private Map<String, Set<String>> canReach(JsonElement value) {
    Map<String, Set<String>> result = new LinkedHashMap<>();
    String path = "compartments_rules";
    fields.object(value, path).ifPresent(rules -> {
      fields.checkKeys(rules, path, Set.of("can_reach"), Map.of());
      String mapPath = JsonPath.key(path, "can_reach");
      fields.required(rules, path, "can_reach", "an object {\"compartment\": [\"compartment\", …]}")
          .flatMap(map -> fields.object(map, mapPath))
          .ifPresent(map -> map.entrySet().forEach(entry -> {
            String fromPath = JsonPath.key(mapPath, entry.getKey());
            if (!FieldReader.ID.matcher(entry.getKey()).matches()) {
              fields.problems().add(fromPath, "compartment id must match ^" + FieldReader.ID.pattern() + "$");
            }
            Set<String> targets = new LinkedHashSet<>();
            fields.forEachString(entry.getValue(), fromPath, (targetPath, target) -> {
              targets.add(target);
              compartmentMentions.add(Map.entry(target, targetPath));
            });
            result.put(entry.getKey(), Set.copyOf(targets));
          }));
    });
    return result;
  }

  private Map<String, Instance> instances(JsonElement value) {
    Map<String, Instance> result = new LinkedHashMap<>();
    Map<String, String> ownerOfAddress = new HashMap<>();
    fields.object(value, "instances").ifPresent(map -> map.entrySet().forEach(entry -> {
      String path = JsonPath.key("instances", entry.getKey());
      if (!FieldReader.ID.matcher(entry.getKey()).matches()) {
        fields.problems().add(path, "instance id must match ^" + FieldReader.ID.pattern() + "$");
      }
      fields.object(entry.getValue(), path)
          .flatMap(instance -> instance(entry.getKey(), instance, path, ownerOfAddress))
          .ifPresent(instance -> result.put(entry.getKey(), instance));
    }));
    return result;
  }

  private Optional<Instance> instance(String id, JsonObject object, String path, Map<String, String> ownerOfAddress) {
    fields.checkKeys(object, path, INSTANCE_KEYS, MISPLACED_IN_INSTANCE);
    Optional<String> ip = requiredString(object, path, "ip", "an IPv4 or IPv6 address")
        .filter(text -> valid(HostSyntax.isIpAddress(text), JsonPath.key(path, "ip"),
            "`" + text + "` must be an IPv4 or IPv6 address such as 10.0.0.1"));
    Optional<String> host = requiredString(object, path, "host", "the host name MISP uses for this server")
        .filter(text -> valid(HostSyntax.isHostname(text), JsonPath.key(path, "host"),
            "`" + text + "` must be a host name such as misp-a.example"))
        .map(RuleSet::normalise);
    ip.ifPresent(address -> claimAddress(address, id, JsonPath.key(path, "ip"), ownerOfAddress));
    host.filter(name -> !name.equals(ip.orElse(null)))
        .ifPresent(name -> claimAddress(name, id, JsonPath.key(path, "host"), ownerOfAddress));
    OptionalInt port = fields.required(object, path, "port", "an integer from 1 to 65535")
        .map(value -> fields.port(value, JsonPath.key(path, "port")))
        .orElse(OptionalInt.empty());
    Optional<String> compartment = fields.required(object, path, "compartment_id", "the id of a compartment")
        .flatMap(value -> fields.id(value, JsonPath.key(path, "compartment_id"), FieldReader.ID, "compartment id"));
    compartment.ifPresent(name -> compartmentMentions.add(Map.entry(name, JsonPath.key(path, "compartment_id"))));
    Optional<String> affiliation = requiredString(object, path, "affiliation", "a string, \"\" if none");
    String taxonomiesPath = JsonPath.key(path, "taxonomies_rules");
    JsonObject taxonomies = fields
        .required(object, path, "taxonomies_rules",
            "{\"required_taxonomies\": [], \"allowed_tags\": {}, \"blocked_tags\": []}")
        .flatMap(value -> fields.object(value, taxonomiesPath))
        .orElse(null);
    if (taxonomies != null) {
      fields.checkKeys(taxonomies, taxonomiesPath, Set.copyOf(RuleFieldsReader.TAG_FIELDS), MISPLACED_IN_TAXONOMIES);
    }
    RuleSet rules = RuleFieldsReader.requiredFields(fields).read(RuleSet.Origin.INSTANCE, id, "",
        taxonomies, taxonomiesPath, object, path);
    Optional<Path> clientCert = clientCert(object, path);
    if (ip.isEmpty() || host.isEmpty() || port.isEmpty() || compartment.isEmpty() || affiliation.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Instance(id, ip.get(), host.get(), port.getAsInt(), compartment.get(),
        affiliation.get(), rules, clientCert));
  }

  private Optional<String> requiredString(JsonObject object, String path, String key, String expected) {
    return fields.required(object, path, key, expected).flatMap(value -> fields.string(value, JsonPath.key(path, key)));
  }

  private boolean valid(boolean condition, String path, String problem) {
    if (!condition) {
      fields.problems().add(path, problem);
    }
    return condition;
  }

  /** Source and destination are recognised by ip and host, so each may name one instance only. */
  private void claimAddress(String address, String id, String path, Map<String, String> ownerOfAddress) {
    String owner = ownerOfAddress.putIfAbsent(address, id);
    if (owner != null && !owner.equals(id)) {
      fields.problems().add(path, "`" + address + "` already belongs to instance " + owner
          + "; each ip and host may name one instance only");
    }
  }

  private Optional<Path> clientCert(JsonObject object, String path) {
    String certPath = JsonPath.key(path, "client_cert");
    return Optional.ofNullable(object.get("client_cert"))
        .flatMap(value -> fields.string(value, certPath))
        .flatMap(name -> {
          Path file;
          try {
            Path folder = source.toAbsolutePath().getParent();
            file = folder.resolve(name).normalize();
          } catch (InvalidPathException e) {
            fields.problems().add(certPath, "`" + name + "` is not a valid file name");
            return Optional.empty();
          }
          if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            fields.problems().add(certPath, file + " does not exist or is not a readable file; give a PEM"
                + " file (key and certificate chain), relative to the folder of the config file");
            return Optional.empty();
          }
          return Optional.of(file);
        });
  }

  private void checkCompartmentsExist(Set<String> defined) {
    List<String> known = new ArrayList<>(defined);
    compartmentMentions.forEach(mention -> {
      String compartment = mention.getKey();
      String path = mention.getValue();
      if (!defined.contains(compartment)) {
        String guess = KeySpelling.closest(compartment, known).map(g -> " (did you mean `" + g + "`?)").orElse("");
        fields.problems().add(path, "compartment `" + compartment
            + "` is not defined in compartments_rules.can_reach; add it there" + guess);
      }
    });
  }
}
