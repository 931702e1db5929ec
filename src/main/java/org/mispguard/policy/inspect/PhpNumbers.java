package org.mispguard.policy.inspect;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads a JSON value as the small integer PHP would see in it, so that a spelling MISP accepts
 * ({@code "0"}, {@code 0.0}, {@code " 0"}, {@code "0e0"}, {@code false}) cannot slip past a rule
 * written as {@code "0"} (SPEC §5.3).
 */
final class PhpNumbers {

  /** PHP's numeric-string grammar: optional surrounding white space, decimal or exponent form. */
  private static final Pattern NUMERIC_STRING =
      Pattern.compile("[ \\t\\n\\r\\x0B\\f]*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?[ \\t\\n\\r\\x0B\\f]*");

  private PhpNumbers() {}

  /**
   * @return the integer value when it lies in 0..max, or -1 when the value is not such an integer
   *     (non-numeric, fractional, out of range, null, array or object)
   */
  static int smallInteger(Object value, int max) {
    if (value instanceof Boolean flag) {
      return flag ? 1 : 0;
    }
    String text;
    if (value instanceof JsonNumber number) {
      text = number.literal();
    } else if (value instanceof String string && string.length() == 1) {
      text = string;
    } else if (value instanceof String string && NUMERIC_STRING.matcher(string).matches()) {
      text = string.strip();
    } else {
      return -1;
    }
    if (text.length() == 1) {
      int digit = text.charAt(0) - '0';
      return digit >= 0 && digit <= max ? digit : -1;
    }
    try {
      BigDecimal decimal = new BigDecimal(text);
      if (decimal.signum() < 0 || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
        return -1;
      }
      BigDecimal whole = decimal.stripTrailingZeros();
      return whole.scale() <= 0 ? whole.intValueExact() : -1;
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }

  /** PHP truthiness of a decoded JSON value (the string "0" and 0.0 are false, as in PHP). */
  static boolean truthy(Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof JsonNumber number) {
      try {
        return new BigDecimal(number.literal()).signum() != 0;
      } catch (NumberFormatException e) {
        return true;
      }
    }
    if (value instanceof String string) {
      return !string.isEmpty() && !string.equals("0");
    }
    if (value instanceof java.util.Collection<?> list) {
      return !list.isEmpty();
    }
    if (value instanceof java.util.Map<?, ?> map) {
      return !map.isEmpty();
    }
    return false;
  }
}
