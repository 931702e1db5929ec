package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;

/**
 * The strings of a JSON body, read straight from its UTF-8 bytes. Validation is as strict as PHP's
 * json_decode: no unescaped control characters, only RFC 8259 escapes, well-formed UTF-8 (no
 * overlong forms, no encoded surrogates, nothing above U+10FFFF) and no unpaired surrogate escape
 * (PHP refuses it, so a guard that read one would judge a text MISP never stores).
 */
final class JsonStrings {

  private static final byte PLAIN = 0;
  private static final byte QUOTE = 1;
  private static final byte BACKSLASH = 2;
  private static final byte MULTIBYTE = 3;
  private static final byte REFUSED = 4;
  private static final byte[] BYTE_CLASS = new byte[256];

  static {
    for (int b = 0; b < 0x20; b++) {
      BYTE_CLASS[b] = REFUSED;
    }
    BYTE_CLASS['"'] = QUOTE;
    BYTE_CLASS['\\'] = BACKSLASH;
    for (int b = 0x80; b < 0x100; b++) {
      BYTE_CLASS[b] = b >= 0xC2 && b <= 0xF4 ? MULTIBYTE : REFUSED;
    }
  }

  private JsonStrings() {}

  /** The most bytes one character or escape of a string takes: a surrogate pair written as two escapes. */
  private static final int LONGEST_UNIT = 12;

  /**
   * Validates the rest of a string of a body that has arrived up to {@code limit} of its {@code end}.
   *
   * @param start where the string goes on (just after the opening quote, or where it was cut before)
   * @return the index of the closing quote; or, when the string runs into {@code limit} before
   *     the body's end, {@code -1 - i}, where {@code i} is the first byte not known to be valid yet
   *     (the edge, or a character or escape it may cut), from which to read on once more has come
   * @throws MalformedDocument when what has arrived of the string is not valid
   */
  static int endOrCut(byte[] in, int start, int limit, int end) {
    int i = start;
    while (true) {
      i = plainEnd(in, i, limit);
      if (i >= limit) {
        if (limit < end) {
          return -1 - limit;
        }
        throw StrictJson.invalid();
      }
      byte kind = BYTE_CLASS[in[i] & 0xff];
      if (kind == QUOTE) {
        return i;
      }
      if ((kind == BACKSLASH || kind == MULTIBYTE) && limit - i < LONGEST_UNIT && limit < end) {
        return -1 - i;
      }
      switch (kind) {
        case BACKSLASH -> i = escapeEnd(in, i, limit);
        case MULTIBYTE -> i = sequenceEnd(in, i, limit);
        default -> throw StrictJson.invalid();
      }
    }
  }

  /**
   * @return the index of the first byte from {@code from} on that is not plain text (a quote, a
   *     backslash, a control character or any byte of a multi-byte sequence), or {@code limit}
   */
  static int plainEnd(byte[] in, int from, int limit) {
    // byte by byte: an event's strings are short (half of their plain runs are under 7 bytes),
    // and on them this measured faster than testing eight bytes at a time
    int i = from;
    while (i < limit && BYTE_CLASS[in[i] & 0xff] == PLAIN) {
      i++;
    }
    return i;
  }

  /** The text between the quotes (validated by {@link #endOrCut}), escapes resolved. */
  static String decode(byte[] in, int start, int close) {
    int backslash = indexOfBackslash(in, start, close);
    if (backslash < 0) {
      return new String(in, start, close - start, StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(close - start);
    int segment = start;
    for (int i = backslash; i < close; ) {
      if (in[i] != '\\') {
        i++;
        continue;
      }
      out.append(new String(in, segment, i - segment, StandardCharsets.UTF_8));
      char escaped = (char) in[i + 1];
      switch (escaped) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append((char) hex4(in, i + 2, close));
        default -> out.append(escaped);
      }
      i += escaped == 'u' ? 6 : 2;
      segment = i;
    }
    return out.append(new String(in, segment, close - segment, StandardCharsets.UTF_8)).toString();
  }

  static int indexOfBackslash(byte[] in, int from, int to) {
    for (int i = from; i < to; i++) {
      if (in[i] == '\\') {
        return i;
      }
    }
    return -1;
  }

  private static int escapeEnd(byte[] in, int backslash, int limit) {
    switch (at(in, backslash + 1, limit)) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return backslash + 2;
      }
      case 'u' -> {
        int unit = hex4(in, backslash + 2, limit);
        if (Character.isLowSurrogate((char) unit)) {
          throw StrictJson.invalid();
        }
        if (!Character.isHighSurrogate((char) unit)) {
          return backslash + 6;
        }
        if (at(in, backslash + 6, limit) != '\\' || at(in, backslash + 7, limit) != 'u'
            || !Character.isLowSurrogate((char) hex4(in, backslash + 8, limit))) {
          throw StrictJson.invalid();
        }
        return backslash + 12;
      }
      default -> throw StrictJson.invalid();
    }
  }

  private static int hex4(byte[] in, int from, int limit) {
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int b = at(in, i, limit);
      int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
      if (digit < 0) {
        throw StrictJson.invalid();
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** Unicode's table of well-formed UTF-8: the second byte's range depends on the first. */
  private static int sequenceEnd(byte[] in, int lead, int limit) {
    int first = in[lead] & 0xff;
    int length = first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4;
    int low = first == 0xE0 ? 0xA0 : first == 0xF0 ? 0x90 : 0x80;
    int high = first == 0xED ? 0x9F : first == 0xF4 ? 0x8F : 0xBF;
    int second = at(in, lead + 1, limit);
    if (second < low || second > high) {
      throw StrictJson.invalid();
    }
    for (int i = lead + 2; i < lead + length; i++) {
      int next = at(in, i, limit);
      if (next < 0x80 || next > 0xBF) {
        throw StrictJson.invalid();
      }
    }
    return lead + length;
  }

  /** The byte at {@code index} as 0..255, or -1 at or past {@code limit}. */
  static int at(byte[] in, int index, int limit) {
    return index < limit ? in[index] & 0xff : -1;
  }
}
