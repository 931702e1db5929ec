package org.mispguard.proxy;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.mispguard.policy.Verdict;

/**
 * Undoes every {@code Content-Encoding} of a body read whole (SPEC §6), bytes to bytes: the result
 * is what the guard judges and forwards in place of the encoded body. The guard does this itself
 * rather than leave it to Netty's decompressor, which decodes one layer only, throws on a body that is not what its header says, and (for br)
 * needs a newer brotli4j than the one shipped. Output is read in small steps and stops at the
 * limit, so a tiny bomb never allocates more than the limit.
 */
final class BodyDecoder {

  /** Why a body could not be decoded; the guard refuses the message. */
  static final class Undecodable extends Exception {
    enum Kind { UNSUPPORTED, MALFORMED, TOO_LARGE }

    private final Kind kind;
    private final String encoding;
    private final int limit;

    Undecodable(Kind kind, String encoding, int limit) {
      super(kind + " " + encoding, null, false, false);
      this.kind = kind;
      this.encoding = encoding;
      this.limit = limit;
    }

    /** The refusal: an unreadable request is the client's fault (4xx), an unreadable response the upstream's (502). */
    Verdict refusal(boolean request) {
      String what = request ? "request" : "response";
      return switch (kind) {
        case UNSUPPORTED -> Verdict.block("unsupported Content-Encoding" + (request ? "" : " in response") + ": " + encoding);
        case MALFORMED -> Verdict.refuse(request ? 400 : 502, "malformed " + encoding + " " + what + " body");
        case TOO_LARGE -> Verdict.refuse(request ? 413 : 502, what + " body exceeds the limit of " + limit + " bytes");
      };
    }
  }

  private final int limit;

  BodyDecoder(int limit) {
    this.limit = limit;
  }

  /**
   * The body with every layer of {@code Content-Encoding} (the header values in {@code headers})
   * undone, or null when it has none.
   *
   * @throws Undecodable when an encoding is unknown, a layer is malformed or the body outgrows the limit
   */
  byte[] decode(HttpHeaders headers, byte[] array, int offset, int length) throws Undecodable {
    List<String> layers = layers(headers);
    if (layers.isEmpty() || length == 0) {
      return null;
    }
    byte[] body = decode(layers.get(layers.size() - 1), new ByteArrayInputStream(array, offset, length),
        hasZlibHeader(array, offset, length));
    for (int i = layers.size() - 2; i >= 0; i--) {
      body = decode(layers.get(i), new ByteArrayInputStream(body), hasZlibHeader(body, 0, body.length));
    }
    return body;
  }

  /** The encodings in the order they were applied; {@code identity} changes nothing. */
  private static List<String> layers(HttpHeaders headers) throws Undecodable {
    List<String> layers = new ArrayList<>();
    for (String header : headers.getAll(HttpHeaderNames.CONTENT_ENCODING)) {
      for (String token : header.split(",", -1)) {
        String layer = token.strip().toLowerCase(Locale.ROOT);
        if (layer.isEmpty() || layer.equals("identity")) {
          continue;
        }
        if (!List.of("gzip", "x-gzip", "deflate", "br").contains(layer)) {
          throw new Undecodable(Undecodable.Kind.UNSUPPORTED, token.strip(), 0);
        }
        layers.add(layer);
      }
    }
    return layers;
  }

  private byte[] decode(String layer, InputStream encoded, boolean zlibHeader) throws Undecodable {
    try (InputStream in = open(layer, encoded, zlibHeader)) {
      return readBounded(in);
    } catch (IOException | RuntimeException e) {
      throw new Undecodable(Undecodable.Kind.MALFORMED, layer, limit);
    }
  }

  private static InputStream open(String layer, InputStream in, boolean zlibHeader) throws IOException {
    return switch (layer) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in);
      // HTTP's deflate is zlib-wrapped; some servers send the raw stream, which has no zlib header.
      case "deflate" -> new InflaterInputStream(in, new Inflater(!zlibHeader));
      default -> {
        Brotli4jLoader.ensureAvailability();
        yield new BrotliInputStream(in);
      }
    };
  }

  private static boolean hasZlibHeader(byte[] encoded, int offset, int length) {
    return length >= 2 && (encoded[offset] & 0x0f) == 8
        && ((encoded[offset] & 0xff) << 8 | encoded[offset + 1] & 0xff) % 31 == 0;
  }

  private byte[] readBounded(InputStream in) throws IOException, Undecodable {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] step = new byte[16 * 1024];
    int n;
    while ((n = in.read(step)) >= 0) {
      if (out.size() + (long) n > limit) {
        throw new Undecodable(Undecodable.Kind.TOO_LARGE, "", limit);
      }
      out.write(step, 0, n);
    }
    return out.toByteArray();
  }
}
