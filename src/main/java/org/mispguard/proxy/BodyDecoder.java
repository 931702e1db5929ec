package org.mispguard.proxy;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
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
 * neither zstd nor (with the brotli4j shipped) br. Output is read into an array that grows by
 * doubling (or is made once for a size the encoding states, within bounds) and stops at the limit,
 * so a tiny bomb never allocates more than the limit.
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

  /**
   * The most decoded bytes per encoded byte an array is made for up front, when an encoding states
   * the decoded size. The stated size is the sender's word, and a gzip body may carry any trailer
   * (bytes after a member are ignored): bounded so, a forged size costs what a body sixteen times
   * the encoded one would, never the size limit for a few bytes. MISP's events compress about 6 to
   * 1 at gzip's fastest level; a body that compresses better grows its array as it is decoded.
   */
  static final int MOST_PER_ENCODED_BYTE = 16;

  /** Why a body could not be decoded; the guard refuses the message. */
  static final class Undecodable extends Exception {
    enum Kind { UNSUPPORTED, MALFORMED, TOO_LARGE, OVER_BUDGET }

    private final Kind kind;
    private final String encoding;

    Undecodable(Kind kind, String encoding) {
      super(kind + " " + encoding, null, false, false);
      this.kind = kind;
      this.encoding = encoding;
    }

    Kind kind() {
      return kind;
    }

    /**
     * The refusal: an unreadable request is the client's fault (4xx), an unreadable response the
     * upstream's (502); a body too large or over the budget gets {@code limits}' own refusals.
     */
    Verdict refusal(boolean request, BodyLimits limits) {
      String what = request ? "request" : "response";
      return switch (kind) {
        case UNSUPPORTED -> Verdict.block("unsupported Content-Encoding" + (request ? "" : " in response") + ": " + encoding);
        case MALFORMED -> Verdict.refuse(request ? 400 : 502, "malformed " + encoding + " " + what + " body");
        case TOO_LARGE -> limits.oversized(request);
        case OVER_BUDGET -> limits.overBudget();
      };
    }
  }

  private final int limit;

  BodyDecoder(int limit) {
    this.limit = limit;
  }

  /** A decoded body: the first {@code length} bytes of {@code array}. */
  record Decoded(byte[] array, int length) {}

  /**
   * Decodes {@code length} bytes of {@code body} from {@code offset}, layer by layer, last applied first.
   *
   * @param contentEncodings every {@code Content-Encoding} header value, in order (several headers form one stack)
   * @param reservation grown by every byte of output held, before it is allocated
   * @return the decoded body; empty when there is nothing to decode (no encoding, {@code identity}
   *     only, or no body), so the original bytes stand
   * @throws Undecodable when an encoding is unknown, a layer is malformed, the body outgrows the
   *     limit or the output would pass the in-flight budget
   */
  Optional<Decoded> decode(List<String> contentEncodings, byte[] body, int offset, int length,
      InflightBudget.Reservation reservation) throws Undecodable {
    List<String> layers = layers(contentEncodings);
    if (layers.isEmpty() || length == 0) {
      return Optional.empty();
    }
    Decoded decoded = decode(layers.get(layers.size() - 1), body, offset, length, reservation);
    for (int i = layers.size() - 2; i >= 0; i--) {
      decoded = decode(layers.get(i), decoded.array(), 0, decoded.length(), reservation);
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
          throw new Undecodable(Undecodable.Kind.UNSUPPORTED, token.strip());
        }
        layers.add(layer);
      }
    }
    return layers;
  }

  private Decoded decode(String layer, byte[] body, int offset, int length, InflightBudget.Reservation reservation)
      throws Undecodable {
    ByteArrayInputStream encoded = new ByteArrayInputStream(body, offset, length);
    Inflater inflater = layer.equals("deflate") ? new Inflater(!hasZlibHeader(encoded)) : null;
    try (InputStream in = open(layer, encoded, inflater)) {
      return readBounded(in, statedSize(layer, body, offset, length), reservation);
    } catch (IOException | RuntimeException e) {
      throw new Undecodable(Undecodable.Kind.MALFORMED, layer);
    } catch (LinkageError nativeLibraryMissing) {
      // br and zstd are native code; a platform without it can read neither, and must say so.
      throw new Undecodable(Undecodable.Kind.UNSUPPORTED, layer);
    } finally {
      if (inflater != null) {
        inflater.end(); // InflaterInputStream leaves a given inflater's native memory to the collector
      }
    }
  }

  private static InputStream open(String layer, ByteArrayInputStream encoded, Inflater inflater) throws IOException {
    return switch (layer) {
      case "gzip" -> new GZIPInputStream(encoded, STEP);
      // HTTP's deflate is zlib-wrapped; some servers send the raw stream, which has no zlib header.
      case "deflate" -> new InflaterInputStream(encoded, inflater, STEP);
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

  /**
   * The decoded size the encoding states, or 0 when it states none: gzip's trailer gives the size of
   * its (last) member, modulo 2^32; a zstd frame's header may give its content size. Never more
   * than the limit, nor than {@link #MOST_PER_ENCODED_BYTE} times the encoded bytes. A wrong size
   * costs an array too small (it then grows) or too large (within that bound); either way the
   * decoded body is what the decoder reads, not what was stated.
   */
  private long statedSize(String layer, byte[] body, int offset, int length) {
    long stated = 0;
    if (layer.equals("gzip") && length >= 18) {
      int end = offset + length;
      stated = (body[end - 4] & 0xffL) | (body[end - 3] & 0xffL) << 8 | (body[end - 2] & 0xffL) << 16
          | (body[end - 1] & 0xffL) << 24;
    } else if (layer.equals("zstd")) {
      try {
        stated = Math.max(0, Zstd.getFrameContentSize(body, offset, length));
      } catch (RuntimeException | LinkageError unreadable) {
        stated = 0; // the decoder says what is wrong with it
      }
    }
    return Math.min(stated, Math.min(limit, (long) MOST_PER_ENCODED_BYTE * length));
  }

  /**
   * Reads {@code in} to its end into one array: made for the stated size when there is one (and the
   * budget has room for it), else one that doubles as it fills. Each growth is reserved first; the
   * array is kept as it is (up to twice the body, or the stated size when that was more), and so
   * is its reservation.
   */
  private Decoded readBounded(InputStream in, long stated, InflightBudget.Reservation reservation)
      throws IOException, Undecodable {
    byte[] out = new byte[0];
    if (stated > 0 && reservation.grow(stated)) {
      reservation.beforeArray(stated);
      out = new byte[(int) stated];
    }
    int size = 0;
    while (true) {
      if (size == out.length) {
        // one byte more says whether the body goes on: an array of the stated size is not grown for nothing
        int next = in.read();
        if (next < 0) {
          return new Decoded(out, size);
        }
        if (size == limit) {
          throw new Undecodable(Undecodable.Kind.TOO_LARGE, "");
        }
        int grown = (int) Math.min(limit, Math.max(STEP, 2L * out.length));
        if (!reservation.grow(grown - out.length)) {
          throw new Undecodable(Undecodable.Kind.OVER_BUDGET, "");
        }
        reservation.beforeArray(grown);
        out = Arrays.copyOf(out, grown);
        out[size++] = (byte) next;
      }
      int n = in.read(out, size, out.length - size);
      if (n < 0) {
        return new Decoded(out, size);
      }
      size += n;
    }
  }
}
