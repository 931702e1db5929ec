package org.mispguard.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Writes configuration text into a folder and loads it, for tests. */
final class ConfigFiles {

  private final Path folder;

  ConfigFiles(Path folder) {
    this.folder = folder;
  }

  Path write(String json) {
    try {
      return Files.writeString(folder.resolve("config.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GuardConfig load(String json) throws ConfigException {
    return ConfigLoader.load(write(json));
  }

  List<String> problems(String json) {
    return assertThrows(ConfigException.class, () -> load(json)).problems();
  }

  /** JSON written with single quotes for readability in tests. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** The JSON text after {@code change} was applied to its top-level object. */
  static String edit(String json, Consumer<JsonObject> change) {
    JsonObject object = JsonParser.parseString(json).getAsJsonObject();
    change.accept(object);
    return object.toString();
  }

  /** The instance {@code inst_a} of a file made by {@link #withInstance}. */
  static JsonObject instA(JsonObject top) {
    return top.getAsJsonObject("instances").getAsJsonObject("inst_a");
  }

  /** One complete instance of the instances format, with its fields overridable by appending keys. */
  static String instance(String ip, String host, String compartment) {
    return json("{'ip': '" + ip + "', 'host': '" + host + "', 'port': 443, 'compartment_id': '" + compartment + "',"
        + " 'affiliation': '', 'taxonomies_rules': {'required_taxonomies': [], 'allowed_tags': {},"
        + " 'blocked_tags': []}, 'blocked_distribution_levels': [], 'blocked_sharing_groups_uuids': [],"
        + " 'blocked_attribute_types': [], 'blocked_attribute_categories': [], 'blocked_object_types': []}");
  }

  /** An instances file with one instance {@code inst_a} whose JSON is given. */
  static String withInstance(String instanceJson) {
    return json("{'allowlist': {'urls': [], 'domains': []}, 'compartments_rules': {'can_reach': {'comp_a': ['comp_a']}},"
        + " 'instances': {'inst_a': ") + instanceJson + "}}";
  }
}
