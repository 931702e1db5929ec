package org.mispguard.cli;

import com.beust.jcommander.IStringConverter;
import com.beust.jcommander.ParameterException;
import java.util.Locale;

/** Reads sizes as mitmproxy spells them: {@code 512m}, {@code 1g}, {@code 300k}, or plain bytes. */
public final class ByteSize implements IStringConverter<Integer> {

  @Override
  public Integer convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (text.endsWith("b")) {
      text = text.substring(0, text.length() - 1);
    }
    switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
      case 'k' -> unit = 1024L;
      case 'm' -> unit = 1024L * 1024;
      case 'g' -> unit = 1024L * 1024 * 1024;
      default -> unit = 1;
    }
    if (unit > 1) {
      text = text.substring(0, text.length() - 1);
    }
    long bytes;
    try {
      bytes = Long.parseLong(text) * unit;
    } catch (NumberFormatException e) {
      throw new ParameterException("--max-body-size: '" + value + "' is not a size such as 512m, 1g or 300k");
    }
    if (bytes < 1 || bytes > Integer.MAX_VALUE) {
      throw new ParameterException("--max-body-size: must be from 1 byte to 2047m");
    }
    return (int) bytes;
  }
}
