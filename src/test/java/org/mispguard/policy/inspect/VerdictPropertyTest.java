package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mispguard.config.RuleSet;

/**
 * Random MISP events against random rule sets, judged by the inspector and by a plain oracle
 * written from SPEC §5.2/§5.3 (tags, distributions, sharing groups, attribute types and
 * categories, object names, event reports); then random byte mutations of blocked events, which
 * must never throw and never let an event through unless the oracle, reading the mutated bytes,
 * also finds nothing blocked in them. Seeded: a failure names its seed and case.
 */
class VerdictPropertyTest {

  private static final long SEED = 20240611L;
  private static final int CASES = 2000;
  private static final int MUTATIONS_PER_BLOCKED_EVENT = 5;

  private static final String[] TAGS = {"tlp:green", "tlp:red", "TLP:RED ", " tlp:amber", "osint:source-type=\"blog-post\"",
      "PAP:WHITE", "misp-galaxy:threat-actor=\"APT 28\""};
  private static final String[] TYPES = {"ip-dst", "passport-number", "Passport-Number", "domain", " iban", "md5"};
  private static final String[] CATEGORIES = {"Network activity", "Person", "person ", "Payload delivery", "Financial fraud"};
  private static final String[] OBJECTS = {"person", "Person", "file", "domain-ip", " passport"};
  private static final String[] GROUPS = {"5b6e9a4c-2f1d-4c8e-9a7b-3d2e1f0a9b8c", "5B6E9A4C-2F1D-4C8E-9A7B-3D2E1F0A9B8C",
      "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"};
  private static final Pattern PHP_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final Random random = new Random(SEED);

  @Test
  void inspectorAgreesWithTheOracleAndMutationsNeverLetABlockedEventThrough() {
    List<String> disagreements = new ArrayList<>();
    int blockedCases = 0;
    for (int n = 0; n < CASES; n++) {
      RuleSet rules = randomRules();
      JsonObject event = randomEvent();
      byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
      boolean oracle = Oracle.blocks(event, rules);
      List<Finding> findings = Inspector.inspect(DocumentKind.EVENT, body, List.of(rules), null, false);
      if (oracle != !findings.isEmpty()) {
        disagreements.add("case " + n + ": oracle " + (oracle ? "blocks" : "allows") + ", inspector "
            + findings + "\n  rules " + rules + "\n  event " + event);
      }
      if (oracle) {
        blockedCases++;
        mutate(n, body, rules, disagreements);
      }
    }
    assertTrue(blockedCases > CASES / 10 && blockedCases < CASES * 9 / 10,
        "the generator must produce both verdicts, blocked " + blockedCases);
    assertEquals(List.of(), disagreements.stream().limit(5).toList(), "seed " + SEED);
  }

  private void mutate(int n, byte[] body, RuleSet rules, List<String> disagreements) {
    for (int m = 0; m < MUTATIONS_PER_BLOCKED_EVENT; m++) {
      byte[] mutated = mutation(body);
      List<Finding> findings;
      try {
        findings = Inspector.inspect(DocumentKind.EVENT, mutated, List.of(rules), null, false);
      } catch (RuntimeException e) {
        disagreements.add("case " + n + " mutation " + m + " threw " + e);
        continue;
      }
      if (findings.isEmpty() && stillBlocks(mutated, rules)) {
        disagreements.add("case " + n + " mutation " + m + ": allowed although the oracle still blocks\n  "
            + new String(mutated, StandardCharsets.UTF_8));
      }
    }
  }

  /** The inspector allowed it, so it is valid JSON; the oracle must find nothing blocked in it either. */
  private static boolean stillBlocks(byte[] mutated, RuleSet rules) {
    JsonElement tree;
    try {
      tree = JsonParser.parseString(new String(mutated, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return true;
    }
    return !tree.isJsonObject() || Oracle.blocks(tree.getAsJsonObject(), rules);
  }

  private byte[] mutation(byte[] body) {
    byte[] copy = body.clone();
    int at = random.nextInt(copy.length);
    switch (random.nextInt(3)) {
      case 0 -> copy[at] = (byte) (' ' + random.nextInt(95));
      case 1 -> {
        byte[] shorter = new byte[copy.length - 1];
        System.arraycopy(copy, 0, shorter, 0, at);
        System.arraycopy(copy, at + 1, shorter, at, copy.length - at - 1);
        return shorter;
      }
      default -> copy[at] = (byte) random.nextInt(256);
    }
    return copy;
  }

  // ---- generators ----

  private RuleSet randomRules() {
    Rules rules = Rules.instance("inst_" + random.nextInt(3));
    rules.tags(some(TAGS)).types(some(TYPES)).categories(some(CATEGORIES)).objectTypes(some(OBJECTS))
        .sharingGroups(some(GROUPS));
    for (int level = 0; level <= 5; level++) {
      if (random.nextInt(12) == 0) {
        rules.distributions(level);
      }
    }
    return rules.build();
  }

  private String[] some(String[] pool) {
    return java.util.Arrays.stream(pool).filter(v -> random.nextInt(10) == 0).toArray(String[]::new);
  }

  private String pick(String[] pool) {
    return pool[random.nextInt(pool.length)];
  }

  private JsonObject randomEvent() {
    JsonObject event = new JsonObject();
    event.addProperty("uuid", "6a1c2f4e-8b3d-4e5f-9a0b-1c2d3e4f5a6b");
    event.addProperty("info", "Phishing campaign " + random.nextInt(1000));
    decorate(event, "EventTag");
    event.add("Attribute", list(random.nextInt(4), this::randomAttribute));
    event.add("Object", list(random.nextInt(3), () -> {
      JsonObject object = new JsonObject();
      object.addProperty("name", pick(OBJECTS));
      decorate(object, null);
      object.remove("Tag");
      object.add("Attribute", list(random.nextInt(3), this::randomAttribute));
      return object;
    }));
    if (random.nextInt(4) == 0) {
      event.add("EventReport", list(1 + random.nextInt(2), () -> {
        JsonObject report = new JsonObject();
        report.addProperty("name", "report");
        report.add("distribution", distribution(random.nextInt(6)));
        return report;
      }));
    }
    JsonObject root = new JsonObject();
    root.add("Event", event);
    return root;
  }

  private JsonObject randomAttribute() {
    JsonObject attribute = new JsonObject();
    attribute.addProperty("type", pick(TYPES));
    attribute.addProperty("category", pick(CATEGORIES));
    attribute.addProperty("value", "value-" + random.nextInt(1000));
    decorate(attribute, "AttributeTag");
    return attribute;
  }

  /** Distribution (optional on attributes only), sharing group and tags, in MISP's various spellings. */
  private void decorate(JsonObject element, String joinTagKey) {
    if (!"AttributeTag".equals(joinTagKey) || random.nextInt(5) > 0) {
      element.add("distribution", distribution(random.nextInt(6)));
    }
    if (random.nextInt(3) == 0) {
      JsonObject group = new JsonObject();
      group.addProperty("uuid", pick(GROUPS));
      group.addProperty("name", "Partners");
      element.add("SharingGroup", group);
    }
    if (random.nextInt(2) == 0) {
      JsonArray tags = list(1 + random.nextInt(3), () -> {
        JsonObject tag = new JsonObject();
        tag.addProperty("name", pick(TAGS));
        return tag;
      });
      if (joinTagKey != null && random.nextBoolean()) {
        JsonArray joined = new JsonArray();
        tags.forEach(tag -> {
          JsonObject join = new JsonObject();
          join.add("Tag", tag);
          joined.add(join);
        });
        element.add(joinTagKey, joined);
      } else {
        element.add("Tag", tags.size() == 1 && random.nextBoolean() ? tags.get(0) : tags);
      }
    }
  }

  private JsonElement distribution(int level) {
    return switch (random.nextInt(7)) {
      case 0 -> new JsonPrimitive(level);
      case 1 -> new JsonPrimitive(Integer.toString(level));
      case 2 -> new JsonPrimitive((double) level);
      case 3 -> new JsonPrimitive(level + ".0");
      case 4 -> new JsonPrimitive(" " + level);
      case 5 -> new JsonPrimitive(level + "e0");
      default -> level <= 1 ? new JsonPrimitive(level == 1) : new JsonPrimitive(level);
    };
  }

  private static JsonArray list(int size, java.util.function.Supplier<JsonElement> element) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < size; i++) {
      array.add(element.get());
    }
    return array;
  }

  /**
   * SPEC §5.2 and §5.3 read literally over a Gson tree; independent of the inspector's code. As in
   * the reference addon, which reads these keys directly, an event, object or event report without
   * a distribution is blocked; an attribute may lack one.
   */
  private static final class Oracle {

    private final RuleSet rules;

    private Oracle(RuleSet rules) {
      this.rules = rules;
    }

    static boolean blocks(JsonObject root, RuleSet rules) {
      JsonElement event = root.get("Event");
      return event == null || !event.isJsonObject() || new Oracle(rules).event(event.getAsJsonObject());
    }

    private boolean event(JsonObject event) {
      boolean blocked = element(event, "EventTag") || !event.has("distribution");
      for (JsonElement attribute : list(event.get("Attribute"))) {
        blocked |= attribute(attribute);
      }
      for (JsonElement object : list(event.get("Object"))) {
        if (object.isJsonObject()) {
          JsonObject o = object.getAsJsonObject();
          blocked |= matches(rules.blockedObjectTypes(), o.get("name")) || !o.has("distribution")
              || distributionBlocked(o.get("distribution")) || sharingGroupBlocked(o);
          for (JsonElement attribute : list(o.get("Attribute"))) {
            blocked |= attribute(attribute);
          }
        }
      }
      for (JsonElement report : list(event.get("EventReport"))) {
        blocked |= report.isJsonObject() && (!report.getAsJsonObject().has("distribution")
            || distributionBlocked(report.getAsJsonObject().get("distribution")));
      }
      return blocked;
    }

    private boolean attribute(JsonElement attribute) {
      if (!attribute.isJsonObject()) {
        return false;
      }
      JsonObject a = attribute.getAsJsonObject();
      return matches(rules.blockedAttributeTypes(), a.get("type"))
          || matches(rules.blockedAttributeCategories(), a.get("category"))
          || element(a, "AttributeTag");
    }

    /** Distribution, sharing group and tags of an event or attribute. */
    private boolean element(JsonObject element, String joinTagKey) {
      boolean blocked = distributionBlocked(element.get("distribution")) || sharingGroupBlocked(element);
      for (JsonElement tag : list(element.get("Tag"))) {
        blocked |= tag.isJsonObject() && matches(rules.blockedTags(), tag.getAsJsonObject().get("name"));
      }
      if (joinTagKey != null) {
        for (JsonElement join : list(element.get(joinTagKey))) {
          JsonElement tag = join.isJsonObject() ? join.getAsJsonObject().get("Tag") : null;
          for (JsonElement t : list(tag)) {
            blocked |= t.isJsonObject() && matches(rules.blockedTags(), t.getAsJsonObject().get("name"));
          }
        }
      }
      return blocked;
    }

    private boolean sharingGroupBlocked(JsonObject element) {
      JsonElement group = element.get("SharingGroup");
      return group != null && group.isJsonObject()
          && matches(rules.blockedSharingGroupUuids(), group.getAsJsonObject().get("uuid"));
    }

    private static boolean matches(java.util.Set<String> blocked, JsonElement value) {
      return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
          && blocked.contains(value.getAsString().strip().toLowerCase(Locale.ROOT));
    }

    /** A level blocked by the rules, or no level 0…5 at all (malformed, so blocked). */
    private boolean distributionBlocked(JsonElement value) {
      if (value == null) {
        return false;
      }
      Integer level = level(value);
      return level == null || rules.blockedDistributionLevels().contains(level);
    }

    private static Integer level(JsonElement value) {
      if (!value.isJsonPrimitive()) {
        return null;
      }
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      if (primitive.isBoolean()) {
        return primitive.getAsBoolean() ? 1 : 0;
      }
      String text = primitive.getAsString().strip();
      if (!PHP_NUMBER.matcher(text).matches()) {
        return null;
      }
      double number = Double.parseDouble(text);
      return number == Math.rint(number) && number >= 0 && number <= 5 ? (int) number : null;
    }

    /** MISP takes a single object where a list is expected. */
    private static List<JsonElement> list(JsonElement value) {
      if (value == null || value.isJsonNull()) {
        return List.of();
      }
      if (value.isJsonArray()) {
        List<JsonElement> all = new ArrayList<>();
        value.getAsJsonArray().forEach(all::add);
        return all;
      }
      return List.of(value);
    }
  }
}
