package org.mispguard.cli;

import com.beust.jcommander.IStringConverter;
import com.beust.jcommander.ParameterException;
import java.util.Locale;

/** Reads sizes as mitmproxy spells them: {@code 512m}, {@code 1g}, {@code 300k}, or plain bytes. */
public final class ByteSize implements IStringConverter<Long> {

  private final String option;

  /** JCommander passes the name of the option being read. */
  public ByteSize(String option) {
    this.option = option;
  }

  @Override
  public Long convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    if (text.endsWith("b")) {
      text = text.substring(0, text.length() - 1);
    }
    long unit = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1;
    };
    if (unit > 1) {
      text = text.substring(0, text.length() - 1);
    }
    long bytes;
    try {
      bytes = Math.multiplyExact(Long.parseLong(text), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ParameterException(option + ": '" + value + "' is not a size such as 512m, 1g or 300k");
    }
    if (bytes < 1) {
      throw new ParameterException(option + ": must be at least 1 byte");
    }
    return bytes;
  }
}
