package org.mispguard.proxy;

/** Makes client-controlled text safe to log: no control characters, bounded length. */
final class LogText {

  private static final int MAX = 512;

  private LogText() {}

  static String clean(String text) {
    if (text == null) {
      return "";
    }
    if (text.length() <= MAX && printableAscii(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX));
    for (int i = 0; i < text.length() && out.length() < MAX; i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
          && Character.getType(c) != Character.LINE_SEPARATOR
          && Character.getType(c) != Character.PARAGRAPH_SEPARATOR) {
        out.append(c);
      }
    }
    if (out.length() == MAX && text.length() > MAX) {
      out.append('…');
    }
    return out.toString();
  }

  /** The usual request line: nothing to take out. */
  private static boolean printableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
