package org.mispguard.config;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a {@code block_rules} list (SPEC §3.1), in either format. */
final class BlockRulesReader {

  /** Rule ids may also hold {@code -}: the shipped seed config names its rules {@code no-passports}. */
  static final Pattern RULE_ID = Pattern.compile("[a-z0-9_-]+");

  private static final Set<String> KEYS = keys();
  private static final Map<String, String> MISPLACED = Map.of(
      "taxonomies_rules",
      "in block_rules the tag fields sit directly in the rule: move required_taxonomies, allowed_tags"
          + " and blocked_tags up one level");

  private final FieldReader fields;

  BlockRulesReader(FieldReader fields) {
    this.fields = fields;
  }

  private static Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>(List.of("id", "description"));
    keys.addAll(RuleFieldsReader.TAG_FIELDS);
    keys.addAll(RuleFieldsReader.OTHER_FIELDS);
    return Set.copyOf(keys);
  }

  List<RuleSet> read(JsonElement value, String path) {
    List<RuleSet> rules = new ArrayList<>();
    if (!value.isJsonArray()) {
      fields.problems().add(path, "must be a list of rules [{\"id\": …}, …]");
      return rules;
    }
    Map<String, String> pathById = new HashMap<>();
    int index = 0;
    for (JsonElement element : value.getAsJsonArray()) {
      String rulePath = JsonPath.index(path, index++);
      fields.object(element, rulePath).ifPresent(rule -> {
        fields.checkKeys(rule, rulePath, KEYS, MISPLACED);
        String id = fields.required(rule, rulePath, "id", "an id such as \"no-passports\"")
            .flatMap(idValue -> fields.id(idValue, JsonPath.key(rulePath, "id"), RULE_ID, "rule id"))
            .orElse("");
        String earlier = id.isEmpty() ? null : pathById.putIfAbsent(id, rulePath);
        if (earlier != null) {
          fields.problems().add(JsonPath.key(rulePath, "id"),
              "`" + id + "` is already the id of " + earlier + "; rule ids must be unique");
        }
        String description = rule.has("description")
            ? fields.string(rule.get("description"), JsonPath.key(rulePath, "description")).orElse("")
            : "";
        rules.add(RuleFieldsReader.optionalFields(fields)
            .read(RuleSet.Origin.BLOCK_RULE, id, description.strip(), rule, rulePath, rule, rulePath));
      });
    }
    return rules;
  }
}
