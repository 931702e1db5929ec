package org.mispguard.proxy;

/** Sizes as an administrator reads them in the log: {@code 512 MiB}, {@code 1.5 GiB}. */
final class ByteCount {

  private ByteCount() {}

  static String of(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " bytes"
        : value == Math.rint(value) ? (long) value + " " + units[unit] : String.format("%.1f %s", value, units[unit]);
  }
}
