package org.mispguard.proxy;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
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
 * Undoes every {@code Content-Encoding} of an aggregated message (SPEC §6), in place: the body
 * becomes the decoded bytes the guard then judges and forwards, the header goes, the length is
 * corrected. The guard does this itself rather than leave it to Netty's decompressor, which
 * decodes one layer only, throws on a body that is not what its header says, and (for br)
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

  /** @throws Undecodable when an encoding is unknown, a layer is malformed or the body outgrows the limit */
  void decodeInPlace(FullHttpMessage message) throws Undecodable {
    List<String> layers = layers(message);
    if (layers.isEmpty() || !message.content().isReadable()) {
      return;
    }
    byte[] body = ByteBufUtil.getBytes(message.content());
    for (int i = layers.size() - 1; i >= 0; i--) {
      body = decode(layers.get(i), body);
    }
    message.content().clear().writeBytes(body);
    message.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
    message.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
  }

  /** The encodings in the order they were applied; {@code identity} changes nothing. */
  private static List<String> layers(FullHttpMessage message) throws Undecodable {
    List<String> layers = new ArrayList<>();
    for (String header : message.headers().getAll(HttpHeaderNames.CONTENT_ENCODING)) {
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

  private byte[] decode(String layer, byte[] encoded) throws Undecodable {
    try (InputStream in = open(layer, encoded)) {
      return readBounded(in);
    } catch (IOException | RuntimeException e) {
      throw new Undecodable(Undecodable.Kind.MALFORMED, layer, limit);
    }
  }

  private static InputStream open(String layer, byte[] encoded) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(encoded);
    return switch (layer) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in);
      // HTTP's deflate is zlib-wrapped; some servers send the raw stream, which has no zlib header.
      case "deflate" -> new InflaterInputStream(in, new Inflater(!hasZlibHeader(encoded)));
      default -> {
        Brotli4jLoader.ensureAvailability();
        yield new BrotliInputStream(in);
      }
    };
  }

  private static boolean hasZlibHeader(byte[] encoded) {
    return encoded.length >= 2 && (encoded[0] & 0x0f) == 8 && ((encoded[0] & 0xff) << 8 | encoded[1] & 0xff) % 31 == 0;
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
