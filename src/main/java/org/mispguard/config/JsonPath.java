package org.mispguard.config;

import java.util.regex.Pattern;

/**
 * Builds the dotted paths ({@code instances.inst_a.port}, {@code block_rules[0].id}) that
 * configuration problems are reported under. The empty string is the top-level object.
 */
final class JsonPath {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$:-]+");

  private JsonPath() {}

  static String key(String parent, String key) {
    if (!PLAIN_KEY.matcher(key).matches()) {
      return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  static String display(String path) {
    return path.isEmpty() ? "(top level)" : path;
  }
}
