package org.mispguard.policy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalogue path written the way SPEC §4.3 writes it, compiled to an anchored expression.
 * Everything outside the placeholders is literal. Placeholders:
 * <ul>
 *   <li>{@code UUID}: 36 characters of {@code [0-9A-Za-z-]};
 *   <li>{@code {named}}: zero or more {@code /key:value} or {@code /key[]:value} segments
 *       (values as sync writes them: numbers, flags, uuids);
 *   <li>{@code {.json}}: an optional {@code .json} suffix;
 *   <li>{@code {analyst}}: {@code Note}, {@code Opinion} or {@code Relationship};
 *   <li>{@code {uuids}}: 1 to 100 {@code /uuid[]:UUID} segments.
 * </ul>
 */
final class PathPattern {

  private static final String UUID = "[0-9A-Za-z-]{36}";
  private static final Map<String, String> PLACEHOLDERS = Map.of(
      "UUID", UUID,
      "{named}", "(?:/[A-Za-z_][A-Za-z0-9_]*(?:\\[\\])?:[A-Za-z0-9_-]+)*",
      "{.json}", "(?:\\.json)?",
      "{analyst}", "(?:Note|Opinion|Relationship)",
      "{uuids}", "(?:/uuid\\[\\]:" + UUID + "){1,100}");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("UUID|\\{named\\}|\\{\\.json\\}|\\{analyst\\}|\\{uuids\\}");

  private final String text;
  private final Pattern compiled;

  private PathPattern(String text, Pattern compiled) {
    this.text = text;
    this.compiled = compiled;
  }

  static PathPattern of(String text) {
    StringBuilder regex = new StringBuilder();
    Matcher placeholder = PLACEHOLDER.matcher(text);
    int literalStart = 0;
    while (placeholder.find()) {
      regex.append(Pattern.quote(text.substring(literalStart, placeholder.start())));
      regex.append(PLACEHOLDERS.get(placeholder.group()));
      literalStart = placeholder.end();
    }
    regex.append(Pattern.quote(text.substring(literalStart)));
    return new PathPattern(text, Pattern.compile(regex.toString()));
  }

  /** Exact, anchored, case-sensitive: CakePHP would route other spellings too, so they are not ours to let through. */
  boolean matches(String canonicalPath) {
    return compiled.matcher(canonicalPath).matches();
  }

  String text() {
    return text;
  }
}
