package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.inspect.Check.outcome;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictJson} against {@link GsonReference} on generated documents and on mutants of them:
 * both accept the same bodies with the same lean tree, and refuse the same bodies.
 */
class StrictJsonDifferentialTest {

  private static final String[] NAMES = {
    "Event", "Attribute", "Tag", "name", "type", "distribution", "SharingGroup", "uuid", "value", "comment",
    "0", "1", "12", "x", "", "é", "東京", "😀", "\\u0074ype", "\\ud83d\\ude00", "na\\\"me", "\\/", "0\\u0030"
  };
  private static final String[] TEXTS = {
    "", "tlp:red", "passport-number", " 0", "Zürich", "東京", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
    "\\ud83d\\ude00", "\\b\\f\\r\\t", "\u007f", "a b", "\\u0000"
  };
  private static final String[] NUMBERS = {"0", "-0", "7", "12", "1.5", "1e5", "-2.5E-3", "0.0", "3E+2", "100"};
  private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};
  private static final byte[] INTERESTING = {
    '"', '\\', '{', '}', '[', ']', ',', ':', '0', '1', '-', '+', '.', 'e', 'E', 'u', 'n', 't', 'f', ' ', 'x',
    0x00, 0x01, 0x1f, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1, (byte) 0xc2, (byte) 0xe0,
    (byte) 0xed, (byte) 0xef, (byte) 0xf0, (byte) 0xf4, (byte) 0xf5, (byte) 0xff
  };
  private static final byte[][] INSERTS = {
    ascii("\\ud800"), ascii("\\udc00"), ascii("\\ud83d\\u0041"), ascii("\\u12G4"), ascii("\\u"), ascii("01"),
    ascii("NaN"), ascii("["), ascii(",]"), ascii("\"a\":1,"),
    // overlong, encoded surrogate, above U+10FFFF, truncated, and two well-formed sequences
    bytes(0xC0, 0xAF), bytes(0xC1, 0xBF), bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80), bytes(0xF0, 0x80, 0x80, 0xAF),
    bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xE6, 0x9D), bytes(0xBF), bytes(0xC3, 0xA9), bytes(0xF0, 0x9F, 0x98, 0x80)
  };

  private final Random random = new Random(8259);

  @Test
  void generatedDocumentsAndTheirMutantsAreJudgedAlike() {
    int accepted = 0;
    int refused = 0;
    for (int document = 0; document < 400; document++) {
      byte[] valid = value(0).getBytes(StandardCharsets.UTF_8);
      if (compare(valid)) {
        accepted++;
      } else {
        refused++;
      }
      for (int mutant = 0; mutant < 40; mutant++) {
        if (compare(mutate(valid))) {
          accepted++;
        } else {
          refused++;
        }
      }
    }
    assertTrue(accepted > 1000 && refused > 1000, accepted + " accepted, " + refused + " refused");
  }

  @Test
  void nestingIsLimitedAtTheSameDepth() {
    for (int depth : new int[] {254, 255, 256}) {
      compare(("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8));
      compare(("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Also reads the body in place from a larger buffer, between bytes that could complete or
   * spoil it, which must change nothing: the reader looks only within the body's range.
   *
   * @return whether the body was accepted
   */
  private boolean compare(byte[] body) {
    Object expected = outcome(() -> GsonReference.parse(body));
    Object actual = outcome(() -> StrictJson.parse(body));
    int before = random.nextInt(3);
    byte[] buffer = padded(body, before, random.nextInt(12));
    Object inPlace = outcome(() -> StrictJson.parse(buffer, before, body.length));
    String shown = new String(body, StandardCharsets.UTF_8);
    if (expected instanceof MalformedDocument) {
      assertTrue(actual instanceof MalformedDocument, () -> "accepted what Gson refuses: " + shown);
      assertTrue(inPlace instanceof MalformedDocument, () -> "accepted in place what Gson refuses: " + shown);
      return false;
    }
    assertEquals(expected, actual, shown);
    assertEquals(expected, inPlace, () -> "in place: " + shown);
    return true;
  }

  private byte[] padded(byte[] body, int before, int after) {
    byte[] buffer = new byte[before + body.length + after];
    for (int i = 0; i < buffer.length; i++) {
      buffer[i] = INTERESTING[random.nextInt(INTERESTING.length)];
    }
    System.arraycopy(body, 0, buffer, before, body.length);
    return buffer;
  }

  /** The tree, or the refusal itself (compared by kind only: the order of checks may differ). */

  private String value(int depth) {
    int choice = random.nextInt(depth > 5 ? 4 : 7);
    return switch (choice) {
      case 0 -> '"' + pick(TEXTS) + pick(TEXTS) + '"';
      case 1 -> pick(NUMBERS);
      case 2 -> pick(new String[] {"true", "false", "null"});
      case 3 -> '"' + pick(TEXTS) + '"';
      case 4, 5 -> object(depth);
      default -> array(depth);
    };
  }

  private String object(int depth) {
    // names repeat now and then, under different spellings too: duplicate keys are part of the test
    return container('{', '}', 6, () -> '"' + pick(NAMES) + '"' + pick(WHITESPACE) + ':' + pick(WHITESPACE) + value(depth + 1));
  }

  private String array(int depth) {
    return container('[', ']', 5, () -> value(depth + 1));
  }

  private String container(char open, char close, int bound, Supplier<String> element) {
    StringBuilder out = new StringBuilder().append(open).append(pick(WHITESPACE));
    int count = random.nextInt(bound);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',').append(pick(WHITESPACE));
      }
      out.append(element.get()).append(pick(WHITESPACE));
    }
    return out.append(close).toString();
  }

  private byte[] mutate(byte[] valid) {
    int at = random.nextInt(valid.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, at);
    switch (random.nextInt(5)) {
      case 0 -> out.write(valid, Math.min(at + 1, valid.length), valid.length - Math.min(at + 1, valid.length));
      case 1 -> {
        out.write(INTERESTING[random.nextInt(INTERESTING.length)]);
        out.write(valid, at, valid.length - at);
      }
      case 2 -> {
        out.write(INTERESTING[random.nextInt(INTERESTING.length)]);
        out.write(valid, Math.min(at + 1, valid.length), valid.length - Math.min(at + 1, valid.length));
      }
      case 3 -> {
        out.writeBytes(INSERTS[random.nextInt(INSERTS.length)]);
        out.write(valid, at, valid.length - at);
      }
      default -> {
        // truncated
      }
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
