package org.mispguard.e2e;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Bodies compressed as MISP and its web servers compress them. */
public final class Compression {

  private Compression() {}

  public static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(plain);
    }
    return out.toByteArray();
  }

  public static byte[] deflate(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(plain);
    }
    return out.toByteArray();
  }

  public static byte[] br(byte[] plain) throws IOException {
    Brotli4jLoader.ensureAvailability();
    return Encoder.compress(plain, new Encoder.Parameters().setQuality(4));
  }

  /** zstd as a web server streams it: a frame of unknown size whose window is 2^{@code windowLog} bytes. */
  public static byte[] zstd(byte[] plain, int windowLog) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream zstd = new ZstdOutputStream(out, 3).setWindowLog(windowLog)) {
      zstd.write(plain);
    }
    return out.toByteArray();
  }

  /** zstd with the window of level 3 (2 MiB), well within what HTTP allows (8 MiB, RFC 9659). */
  public static byte[] zstd(byte[] plain) throws IOException {
    return zstd(plain, 21);
  }

  /** {@code plain} in the named coding ({@code gzip}, {@code deflate}, {@code br} or {@code zstd}). */
  public static byte[] encode(String coding, byte[] plain) throws IOException {
    return switch (coding) {
      case "gzip" -> gzip(plain);
      case "deflate" -> deflate(plain);
      case "br" -> br(plain);
      case "zstd" -> zstd(plain);
      default -> throw new IllegalArgumentException(coding);
    };
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code size} zero bytes: compresses a thousandfold (gzip) or far more (br, zstd). */
  public static byte[] zeros(int size) {
    return new byte[size];
  }
}
