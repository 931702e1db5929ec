package org.mispguard.config;

import com.google.gson.JsonElement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads the {@code allowlist} block that both formats may carry (SPEC §4.3). */
final class AllowlistReader {

  private AllowlistReader() {}

  /** Reads an {@code allowlist} block; both lists are optional. Domains compare case-insensitively, URLs exactly. */
  static Allowlist read(FieldReader fields, JsonElement value, String path) {
    return fields.object(value, path).map(block -> {
      fields.checkKeys(block, path, Set.of("urls", "domains"), Map.of());
      Set<String> urls = new LinkedHashSet<>();
      Set<String> domains = new LinkedHashSet<>();
      if (block.has("urls")) {
        fields.strings(block.get("urls"), JsonPath.key(path, "urls")).forEach(url -> urls.add(url.strip()));
      }
      if (block.has("domains")) {
        fields.strings(block.get("domains"), JsonPath.key(path, "domains"))
            .forEach(domain -> domains.add(RuleSet.normalise(domain)));
      }
      return new Allowlist(urls, domains);
    }).orElse(Allowlist.EMPTY);
  }
}
