package org.mispguard.proxy;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.mispguard.policy.Verdict;

/**
 * Undoes every {@code Content-Encoding} of a body (SPEC §6): the decoded bytes are what the guard
 * judges and forwards. The guard does this itself rather than leave it to Netty's decompressor,
 * which decodes one layer only, throws on a body that is not what its header says, and knows
 * neither zstd nor (with the brotli4j shipped) br. Output is read in small steps and stops at the
 * limit, so a tiny bomb never allocates more than the limit.
 */
final class BodyDecoder {

  /** The codings the guard can read, in the order it offers them upstream (see {@link AcceptEncoding}). */
  static final List<String> CODINGS = List.of("gzip", "deflate", "br", "zstd");

  /**
   * The largest zstd window accepted: 8 MiB, the limit RFC 9659 sets for zstd as an HTTP content
   * coding. A frame may declare any window up to 2 GiB and the decoder allocates it, so without
   * this bound a few bytes could cost the guard gigabytes before the output limit is ever reached.
   */
  private static final int ZSTD_MAX_WINDOW_LOG = 23;

  private static final int STEP = 16 * 1024;

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

    Kind kind() {
      return kind;
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
   * Decodes {@code length} bytes of {@code body} from {@code offset}, layer by layer, last applied first.
   *
   * @param contentEncodings every {@code Content-Encoding} header value, in order (several headers form one stack)
   * @return the decoded body; empty when there is nothing to decode (no encoding, {@code identity}
   *     only, or no body), so the original bytes stand
   * @throws Undecodable when an encoding is unknown, a layer is malformed or the body outgrows the limit
   */
  Optional<byte[]> decode(List<String> contentEncodings, byte[] body, int offset, int length) throws Undecodable {
    List<String> layers = layers(contentEncodings);
    if (layers.isEmpty() || length == 0) {
      return Optional.empty();
    }
    byte[] decoded = decode(layers.get(layers.size() - 1), new ByteArrayInputStream(body, offset, length));
    for (int i = layers.size() - 2; i >= 0; i--) {
      decoded = decode(layers.get(i), new ByteArrayInputStream(decoded));
    }
    return Optional.of(decoded);
  }

  /** The encodings in the order they were applied; {@code identity} changes nothing. */
  private static List<String> layers(List<String> contentEncodings) throws Undecodable {
    List<String> layers = new ArrayList<>();
    for (String header : contentEncodings) {
      for (String token : header.split(",", -1)) {
        String layer = token.strip().toLowerCase(Locale.ROOT);
        if (layer.equals("x-gzip")) {
          layer = "gzip";
        }
        if (layer.isEmpty() || layer.equals("identity")) {
          continue;
        }
        if (!CODINGS.contains(layer)) {
          throw new Undecodable(Undecodable.Kind.UNSUPPORTED, token.strip(), 0);
        }
        layers.add(layer);
      }
    }
    return layers;
  }

  private byte[] decode(String layer, ByteArrayInputStream encoded) throws Undecodable {
    try (InputStream in = open(layer, encoded)) {
      return readBounded(in);
    } catch (IOException | RuntimeException e) {
      throw new Undecodable(Undecodable.Kind.MALFORMED, layer, limit);
    } catch (LinkageError nativeLibraryMissing) {
      // br and zstd are native code; a platform without it can read neither, and must say so.
      throw new Undecodable(Undecodable.Kind.UNSUPPORTED, layer, limit);
    }
  }

  private static InputStream open(String layer, ByteArrayInputStream encoded) throws IOException {
    return switch (layer) {
      case "gzip" -> new GZIPInputStream(encoded, STEP);
      // HTTP's deflate is zlib-wrapped; some servers send the raw stream, which has no zlib header.
      case "deflate" -> new InflaterInputStream(encoded, new Inflater(!hasZlibHeader(encoded)), STEP);
      case "zstd" -> new ZstdInputStreamNoFinalizer(encoded).setLongMax(ZSTD_MAX_WINDOW_LOG);
      default -> {
        Brotli4jLoader.ensureAvailability();
        yield new BrotliInputStream(encoded);
      }
    };
  }

  private static boolean hasZlibHeader(ByteArrayInputStream encoded) {
    encoded.mark(2);
    int first = encoded.read();
    int second = encoded.read();
    encoded.reset();
    return second >= 0 && (first & 0x0f) == 8 && (first << 8 | second) % 31 == 0;
  }

  private byte[] readBounded(InputStream in) throws IOException, Undecodable {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] step = new byte[STEP];
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
