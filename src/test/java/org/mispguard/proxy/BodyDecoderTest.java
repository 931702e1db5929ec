package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.e2e.Compression.br;
import static org.mispguard.e2e.Compression.deflate;
import static org.mispguard.e2e.Compression.gzip;
import static org.mispguard.e2e.Compression.utf8;
import static org.mispguard.e2e.Compression.zeros;
import static org.mispguard.e2e.Compression.zstd;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoding step alone (SPEC §6): every coding MISP's client accepts, stacks, bombs, and bodies that lie. */
class BodyDecoderTest {

  static final int LIMIT = 1024 * 1024;
  static final byte[] EVENT = utf8("{\"Event\":{\"uuid\":\"6a1c2f4e-8b3d-4e5f-9a0b-1c2d3e4f5a6b\",\"info\":\"Phishing\","
      + "\"Attribute\":[{\"type\":\"ip-dst\",\"value\":\"198.51.100.7\"}]}}");

  private final BodyDecoder decoder = new BodyDecoder(LIMIT);

  /** Decodes with a budget that always has room; the bytes decoded, exactly. */
  private Optional<byte[]> decode(List<String> encodings, byte[] body, int offset, int length)
      throws BodyDecoder.Undecodable {
    return decoder.decode(encodings, body, offset, length, new InflightBudget(Long.MAX_VALUE).reserve(0))
        .map(decoded -> Arrays.copyOf(decoded.array(), decoded.length()));
  }

  private byte[] decoded(String encoding, byte[] body) throws Exception {
    return decode(List.of(encoding), body, 0, body.length).orElseThrow();
  }

  private BodyDecoder.Undecodable.Kind refusal(String encoding, byte[] body) {
    return assertThrows(BodyDecoder.Undecodable.class,
        () -> decode(List.of(encoding), body, 0, body.length)).kind();
  }

  @Test
  void eachCodingIsDecoded() throws Exception {
    assertArrayEquals(EVENT, decoded("gzip", gzip(EVENT)));
    assertArrayEquals(EVENT, decoded("x-gzip", gzip(EVENT)));
    assertArrayEquals(EVENT, decoded("deflate", deflate(EVENT)));
    assertArrayEquals(EVENT, decoded("br", br(EVENT)));
    assertArrayEquals(EVENT, decoded("zstd", zstd(EVENT)));
    assertArrayEquals(EVENT, decoded("ZSTD", zstd(EVENT)), "codings are case-insensitive");
  }

  @Test
  void rawDeflateWithoutItsZlibHeaderIsDecodedToo() throws Exception {
    java.util.zip.Deflater raw = new java.util.zip.Deflater(6, true);
    raw.setInput(EVENT);
    raw.finish();
    byte[] buffer = new byte[1024];
    byte[] body = Arrays.copyOf(buffer, raw.deflate(buffer));

    assertArrayEquals(EVENT, decoded("deflate", body));
  }

  @Test
  void aStackIsDecodedLastLayerFirst() throws Exception {
    byte[] stacked = zstd(br(gzip(EVENT)));

    assertArrayEquals(EVENT, decoded("gzip, br, zstd", stacked));
    assertArrayEquals(EVENT, decode(List.of("gzip", "br,zstd"), stacked, 0, stacked.length).orElseThrow(),
        "several headers form one stack");
  }

  @Test
  void onlyTheGivenSliceIsRead() throws Exception {
    byte[] zstd = zstd(EVENT);
    byte[] framed = new byte[zstd.length + 20];
    Arrays.fill(framed, (byte) 'x');
    System.arraycopy(zstd, 0, framed, 7, zstd.length);

    assertArrayEquals(EVENT, decode(List.of("zstd"), framed, 7, zstd.length).orElseThrow());
  }

  @Test
  void nothingToDecodeLeavesTheOriginal() throws Exception {
    assertEquals(Optional.empty(), decode(List.of(), EVENT, 0, EVENT.length));
    assertEquals(Optional.empty(), decode(List.of("identity"), EVENT, 0, EVENT.length));
    assertEquals(Optional.empty(), decode(List.of("gzip"), new byte[0], 0, 0), "a 304 or HEAD reply has no body");
  }

  @ParameterizedTest
  @ValueSource(strings = {"compress", "exi", "pack200-gzip", "gzip;q=1", "*"})
  void anUnknownCodingIsRefused(String coding) throws Exception {
    assertEquals(BodyDecoder.Undecodable.Kind.UNSUPPORTED, refusal(coding, gzip(EVENT)));
    assertEquals(BodyDecoder.Undecodable.Kind.UNSUPPORTED, refusal("gzip, " + coding, gzip(EVENT)),
        "one unknown layer is enough");
  }

  /** The output is counted in the in-flight budget as it grows: a small body cannot take more than its share. */
  @Test
  void outputThatWouldPassTheBudgetIsRefusedAndWhatItTookIsCounted() throws Exception {
    InflightBudget budget = new InflightBudget(256 * 1024);
    InflightBudget.Reservation reservation = budget.reserve(0);
    byte[] body = gzip(zeros(LIMIT));

    BodyDecoder.Undecodable refused = assertThrows(BodyDecoder.Undecodable.class,
        () -> decoder.decode(List.of("gzip"), body, 0, body.length, reservation));

    assertEquals(BodyDecoder.Undecodable.Kind.OVER_BUDGET, refused.kind());
    assertTrue(budget.used() > 0 && budget.used() <= 256 * 1024, "what was decoded before the refusal stays counted until let go");
    reservation.release();
    assertEquals(0, budget.used());
  }

  @Test
  void aBodyThatIsNotWhatItsHeaderSaysIsRefused() throws Exception {
    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, refusal("gzip", EVENT));
    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, refusal("zstd", EVENT));
    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, refusal("br", EVENT));
    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, refusal("zstd", gzip(EVENT)));
  }

  @Test
  void aTruncatedZstdFrameIsRefused() throws Exception {
    byte[] zstd = zstd(utf8(new String(zeros(4096)).replace('\0', 'a') + new String(EVENT)));

    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, refusal("zstd", Arrays.copyOf(zstd, zstd.length - 4)));
  }

  @Test
  void bombsAreRefusedOnceTheirDecodedSizePassesTheLimit() throws Exception {
    assertEquals(BodyDecoder.Undecodable.Kind.TOO_LARGE, refusal("gzip", gzip(zeros(16 * LIMIT))));
    assertEquals(BodyDecoder.Undecodable.Kind.TOO_LARGE, refusal("br", br(zeros(64 * LIMIT))));
    byte[] zstdBomb = zstd(zeros(64 * LIMIT));
    assertTrue(zstdBomb.length < 16 * 1024, "a few kilobytes decode to 64 MiB");
    assertEquals(BodyDecoder.Undecodable.Kind.TOO_LARGE, refusal("zstd", zstdBomb));
    assertEquals(BodyDecoder.Undecodable.Kind.TOO_LARGE, refusal("zstd, zstd", zstd(zstd(zeros(64 * LIMIT)))),
        "each layer is bounded");
  }

  @Test
  void aBodyExactlyAtTheLimitPasses() throws Exception {
    assertEquals(LIMIT, decoded("zstd", zstd(zeros(LIMIT))).length);
  }

  /** A decoded body of the size its encoding states is held in one array of that size, never grown. */
  @Test
  void aStatedSizeMakesTheArrayOnce() throws Exception {
    byte[] event = eventOf(200 * 1024);
    for (String coding : List.of("gzip", "zstd")) {
      // zstd as its command-line tool and one-shot compression write it, with the size in the frame
      byte[] body = coding.equals("gzip") ? gzip(event) : com.github.luben.zstd.Zstd.compress(event, 3);
      BodyDecoder.Decoded decoded = decoder.decode(List.of(coding), body, 0, body.length,
          new InflightBudget(Long.MAX_VALUE).reserve(0)).orElseThrow();

      assertArrayEquals(event, Arrays.copyOf(decoded.array(), decoded.length()), coding);
      assertEquals(event.length, decoded.array().length, coding + ": the array is the body's size");
    }
  }

  @Test
  void aGzipBodyOfSeveralMembersIsReadWholeThoughItsTrailerStatesTheLastOne() throws Exception {
    byte[] first = eventOf(100 * 1024);
    byte[] members = concat(gzip(first), gzip(EVENT));

    assertArrayEquals(concat(first, EVENT), decoded("gzip", members));
  }

  /** The size in gzip's trailer is the sender's word: a forged one costs no more than a body sixteen times the encoded one. */
  @Test
  void aForgedStatedSizeReservesLittle() throws Exception {
    byte[] forged = gzip(EVENT);
    forged[forged.length - 1] = 0x7f; // the trailer now states about 2 GiB
    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, reservingLittle(forged).kind(), "the trailer does not match the body");

    // bytes after a gzip member are ignored, so four of them can state any size for a body that decodes
    byte[] trailed = concat(gzip(EVENT), new byte[] {0, 0, 0, 0x7f});
    assertArrayEquals(EVENT, decoded("gzip", trailed));
    assertEquals(null, reservingLittle(trailed));
  }

  /** Decodes {@code body} as gzip and checks what it reserved on the way; the refusal, or null when decoded. */
  private BodyDecoder.Undecodable reservingLittle(byte[] body) {
    InflightBudget budget = new InflightBudget(Long.MAX_VALUE);
    InflightBudget.Reservation reservation = budget.reserve(0);
    BodyDecoder.Undecodable refused = null;
    try {
      decoder.decode(List.of("gzip"), body, 0, body.length, reservation);
    } catch (BodyDecoder.Undecodable e) {
      refused = e;
    }
    long bound = Math.max(16 * 1024, (long) BodyDecoder.MOST_PER_ENCODED_BYTE * body.length);
    assertTrue(budget.used() <= bound, "reserved " + budget.used() + " for " + body.length + " bytes");
    reservation.release();
    return refused;
  }

  /** An event of about {@code size} bytes that compresses as events do, a few times, not a hundred. */
  private static byte[] eventOf(int size) {
    java.util.Random random = new java.util.Random(7);
    StringBuilder json = new StringBuilder("{\"Event\":{\"Attribute\":[");
    for (int i = 0; json.length() < size - 96; i++) {
      json.append(i == 0 ? "" : ",").append("{\"type\":\"sha256\",\"value\":\"")
          .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong())).append("\"}");
    }
    return utf8(json.append("]}}").toString());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void aZstdFrameDemandingAWindowBeyondEightMebibytesIsRefused() throws Exception {
    assertArrayEquals(EVENT, decoded("zstd", zstd(EVENT, 23)), "8 MiB, the most HTTP allows, is accepted");

    assertEquals(BodyDecoder.Undecodable.Kind.MALFORMED, refusal("zstd", zstd(EVENT, 27)),
        "a 128 MiB window for a few bytes would only cost memory");
  }
}
