package org.mispguard.e2e;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Bodies compressed as MISP and its web servers compress them. */
final class Compression {

  private Compression() {}

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] br(byte[] plain) throws IOException {
    Brotli4jLoader.ensureAvailability();
    return Encoder.compress(plain, new Encoder.Parameters().setQuality(4));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code size} zero bytes: compresses a thousandfold (gzip) or far more (br). */
  static byte[] zeros(int size) {
    return new byte[size];
  }
}
