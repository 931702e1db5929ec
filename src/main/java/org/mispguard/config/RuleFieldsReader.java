package org.mispguard.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the rule fields of SPEC §5.1. The instances format keeps the three tag fields under
 * {@code taxonomies_rules} and requires every field; global block rules are flat and every
 * field is optional.
 */
final class RuleFieldsReader {

  static final String BLOCKED_TAGS = "blocked_tags";
  static final String REQUIRED_TAXONOMIES = "required_taxonomies";
  static final String ALLOWED_TAGS = "allowed_tags";
  static final List<String> TAG_FIELDS = List.of(REQUIRED_TAXONOMIES, ALLOWED_TAGS, BLOCKED_TAGS);
  static final List<String> OTHER_FIELDS = List.of(
      "blocked_distribution_levels",
      "blocked_sharing_groups_uuids",
      "blocked_attribute_types",
      "blocked_attribute_categories",
      "blocked_object_types");

  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> LEVEL_NAMES = Set.of("0", "1", "2", "3", "4", "5");

  private final FieldReader fields;
  private final boolean required;

  private RuleFieldsReader(FieldReader fields, boolean required) {
    this.fields = fields;
    this.required = required;
  }

  /** Every field optional: the reader of global {@code block_rules} entries. */
  static RuleFieldsReader optionalFields(FieldReader fields) {
    return new RuleFieldsReader(fields, false);
  }

  /** Every field required, as the reference addon's schema demands of an instance. */
  static RuleFieldsReader requiredFields(FieldReader fields) {
    return new RuleFieldsReader(fields, true);
  }

  /**
   * @param tagHolder   the object holding the three tag fields, null if it is missing
   * @param otherHolder the object holding the remaining fields
   */
  RuleSet read(RuleSet.Origin origin, String id, String description,
      JsonObject tagHolder, String tagPath, JsonObject otherHolder, String otherPath) {
    return new RuleSet(
        id,
        origin,
        description,
        names(tagHolder, tagPath, BLOCKED_TAGS),
        names(tagHolder, tagPath, REQUIRED_TAXONOMIES),
        allowedTags(tagHolder, tagPath),
        distributionLevels(otherHolder, otherPath),
        sharingGroupUuids(otherHolder, otherPath),
        names(otherHolder, otherPath, "blocked_attribute_types"),
        names(otherHolder, otherPath, "blocked_attribute_categories"),
        names(otherHolder, otherPath, "blocked_object_types"));
  }

  private Optional<JsonElement> field(JsonObject holder, String path, String key) {
    return field(holder, path, key, "a list, [] if there is nothing to list");
  }

  /** A null holder was itself missing or malformed and has been reported already. */
  private Optional<JsonElement> field(JsonObject holder, String path, String key, String expected) {
    if (holder == null) {
      return Optional.empty();
    }
    if (required) {
      return fields.required(holder, path, key, expected);
    }
    return Optional.ofNullable(holder.get(key));
  }

  private Set<String> names(JsonObject holder, String path, String key) {
    Set<String> result = new HashSet<>();
    field(holder, path, key).ifPresent(value ->
        fields.strings(value, JsonPath.key(path, key)).forEach(name -> result.add(RuleSet.normalise(name))));
    return result;
  }

  private Map<String, Set<String>> allowedTags(JsonObject holder, String path) {
    Map<String, Set<String>> result = new HashMap<>();
    String mapPath = JsonPath.key(path, ALLOWED_TAGS);
    field(holder, path, ALLOWED_TAGS, "an object {\"taxonomy\": [\"tag\", …]}, {} if none")
        .flatMap(value -> fields.object(value, mapPath))
        .ifPresent(taxonomies -> taxonomies.entrySet().forEach(entry -> {
      Set<String> tags = new LinkedHashSet<>();
      fields.strings(entry.getValue(), JsonPath.key(mapPath, entry.getKey()))
          .forEach(tag -> tags.add(RuleSet.normalise(tag)));
      result.merge(RuleSet.normalise(entry.getKey()), tags, (a, b) -> {
        a.addAll(b);
        return a;
      });
    }));
    return result;
  }

  private Set<Integer> distributionLevels(JsonObject holder, String path) {
    Set<Integer> result = new HashSet<>();
    String key = "blocked_distribution_levels";
    field(holder, path, key).ifPresent(value -> {
      String listPath = JsonPath.key(path, key);
      if (!value.isJsonArray()) {
        fields.problems().add(listPath, "must be a list of levels such as [\"0\", \"4\"]");
        return;
      }
      int index = 0;
      for (JsonElement level : value.getAsJsonArray()) {
        Optional<Integer> parsed = distributionLevel(level);
        if (parsed.isPresent()) {
          result.add(parsed.get());
        } else {
          fields.problems().add(JsonPath.index(listPath, index),
              "must be one of \"0\", \"1\", \"2\", \"3\", \"4\", \"5\"");
        }
        index++;
      }
    });
    return result;
  }

  /** The reference's schema wants the strings "0".."5"; the plain numbers 0..5 mean the same. */
  private static Optional<Integer> distributionLevel(JsonElement level) {
    if (FieldReader.isString(level)) {
      return LEVEL_NAMES.contains(level.getAsString())
          ? Optional.of(Integer.parseInt(level.getAsString())) : Optional.empty();
    }
    return FieldReader.integral(level)
        .filter(number -> number.compareTo(BigDecimal.ZERO) >= 0 && number.compareTo(BigDecimal.valueOf(5)) <= 0)
        .map(BigDecimal::intValueExact);
  }

  private Set<String> sharingGroupUuids(JsonObject holder, String path) {
    Set<String> result = new HashSet<>();
    String key = "blocked_sharing_groups_uuids";
    field(holder, path, key).ifPresent(value -> {
      fields.forEachString(value, JsonPath.key(path, key), (elementPath, uuid) -> {
        if (UUID.matcher(uuid).matches()) {
          result.add(RuleSet.normalise(uuid));
        } else {
          fields.problems().add(elementPath, "must be a sharing group uuid such as 8c1c8a6e-2f4b-4a8e-9d6f-3b5e7a1c2d40");
        }
      });
    });
    return result;
  }
}
