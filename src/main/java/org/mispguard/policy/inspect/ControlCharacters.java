package org.mispguard.policy.inspect;

/** Reasons end up in logs: values a client chose must not forge log lines (SPEC §8). */
final class ControlCharacters {

  private ControlCharacters() {}

  static String strip(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(value.length()).append(value, 0, i);
      } else if (!control && out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }
}
