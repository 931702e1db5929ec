package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.e2e.Compression.utf8;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A large body whose length is declared is judged while it arrives (SPEC §6), and still nothing of it moves on before the
 * whole of it is read and judged: an allowed event reaches the other side whole, a blocked one not
 * at all. A client that stalls has its body judged once whole instead; one that leaves mid-body
 * frees the thread that was judging it at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JudgedAsItArrivesTest extends SyncNetwork {

  private static final String JUDGED_AS_IT_ARRIVED = "judged as it arrived";
  /** Logged when a body read whole is given a second reader, whether or not that reader's share came in time. */
  private static final String READ_BY_TWO = "read whole before it was judged, was read by";
  private static final String EVENT_VIEW = "/events/view/" + Events.UUID;
  private static final byte[] ALLOWED = utf8(Events.largerThan(4 * 1024 * 1024));
  /** inst_a's rules refuse it in a push, for a passport number after 4 MB of attributes. */
  private static final byte[] PASSPORT = utf8(Events.largerThan(4 * 1024 * 1024,
      "\"type\": \"passport-number\", \"category\": \"Other\""));
  /** An attachment whose data is four times what the judge reads ahead, then PASSPORT's attributes. */
  private static final byte[] ATTACHMENT_THEN_PASSPORT = utf8(new String(PASSPORT, StandardCharsets.UTF_8)
      .replaceFirst("\"Attribute\":\\[", "\"Attribute\":[{\"type\":\"attachment\",\"category\":\"Payload delivery\","
          + "\"value\":\"sample.bin\",\"Tag\":[{\"name\":\"tlp:green\"}],\"data\":\"" + "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAA+/00".repeat(26_215) + "\"},"));
  /** inst_b's rules refuse it in a pull, for an IBAN after 4 MB of attributes. */
  private static final byte[] IBAN = utf8(Events.largerThan(4 * 1024 * 1024,
      "\"type\": \"iban\", \"category\": \"Financial fraud\""));

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(16 * 1024 * 1024, UnaryOperator.identity());
  }

  @Test
  void anAllowedPushIsJudgedAsItArrivesAndForwardedWhole() throws Exception {
    assertPushedWhole(send("POST", "/events/add", Map.of(), ALLOWED));
    assertJudgedAsItArrived();
  }

  @Test
  void aBlockedPushIsJudgedAsItArrivesAndNothingOfItIsForwarded() throws Exception {
    assertRefused(send("POST", "/events/add", Map.of(), PASSPORT), 403,
        "attribute with a blocked type: passport-number");
    assertJudgedAsItArrived();
  }

  @Test
  void anAllowedPullIsJudgedAsItArrivesAndAnsweredWhole() throws Exception {
    Reply reply = pull(ALLOWED);

    assertEquals(200, reply.status(), () -> "log was " + logs.lines());
    assertArrayEquals(ALLOWED, reply.body());
    assertJudgedAsItArrived();
  }

  @Test
  void aBlockedPullIsJudgedAsItArrivesAndNothingOfItIsAnswered() throws Exception {
    assertPullRefused(pull(IBAN));
    assertJudgedAsItArrived();
  }

  /** The allowed event reached misp-b whole, as the event itself (decoded, when it was sent compressed). */
  private void assertPushedWhole(Reply reply) {
    assertEquals(200, reply.status(), () -> "log was " + logs.lines());
    assertEquals(1, mispB.received().size());
    assertArrayEquals(ALLOWED, mispB.received().get(0).getBody(), "the event crosses whole");
  }

  /** The pulled IBAN event was refused, and nothing of it reached the client. */
  private void assertPullRefused(Reply reply) {
    assertEquals(403, reply.status(), () -> "log was " + logs.lines());
    assertFalse(reply.text().contains("padding attribute"), "nothing of the event reaches the client");
    assertTrue(logs.contains("attribute with a blocked type: iban"), () -> "log was " + logs.lines());
  }

  private void assertJudgedAsItArrived() {
    assertTrue(logs.contains(JUDGED_AS_IT_ARRIVED), () -> "judged as it arrived; log was " + logs.lines());
  }

  /** Pulls {@code event} from misp-b, which serves it with its length declared. */
  private Reply pull(byte[] event) throws Exception {
    return pull(event, Map.of());
  }

  /** Pulls {@code body} from misp-b, which serves it with its length declared and {@code headers}. */
  private Reply pull(byte[] body, Map<String, String> headers) throws Exception {
    var response = aResponse().withStatus(200).withHeader("Content-Length", String.valueOf(body.length)).withBody(body);
    headers.forEach(response::withHeader);
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(response));
    return send("GET", EVENT_VIEW, null);
  }

  /**
   * A compressed event cannot be judged as it arrives (its bytes are not the event's). Once decoded
   * it is read by two threads, and what crosses is the decoded event, whole, or nothing.
   */
  @Test
  void aCompressedPushIsReadByTwoThreadsOnceDecodedAndForwardedDecoded() throws Exception {
    assertPushedWhole(send("POST", "/events/add", Map.of("Content-Encoding", "gzip"), Compression.gzip(ALLOWED)));
    assertReadByTwo();
  }

  @Test
  void aBlockedCompressedPushIsReadByTwoThreadsAndNothingOfItIsForwarded() throws Exception {
    assertRefused(send("POST", "/events/add", Map.of("Content-Encoding", "gzip"), Compression.gzip(PASSPORT)), 403,
        "attribute with a blocked type: passport-number");
    assertReadByTwo();
  }

  @Test
  void aBlockedCompressedPullIsReadByTwoThreadsAndNothingOfItIsAnswered() throws Exception {
    assertPullRefused(pull(Compression.gzip(IBAN), Map.of("Content-Encoding", "gzip")));
    assertReadByTwo();
  }

  /**
   * The body was given a second thread to read its later half. Whether that thread's reading came
   * in time to be used depends on when the machine lets it run (on two busy cores, now and then
   * not); that what it reads is used only when it is right is {@code ReadAheadTest}'s to show.
   */
  private void assertReadByTwo() {
    assertTrue(logs.contains(READ_BY_TWO), () -> "given a second reader; log was " + logs.lines());
    assertFalse(logs.contains(JUDGED_AS_IT_ARRIVED), () -> "an encoded body is not judged as it arrives; log was " + logs.lines());
  }

  @Test
  void aPushThatStallsIsJudgedWholeOnceItArrives() throws Exception {
    byte[] request = MispClient.Connection.request("POST", "/events/add", hostB(), Map.of(), PASSPORT);
    int half = request.length / 2;
    try (MispClient.Connection misp = tunnelToMispB()) {
      misp.write(Arrays.copyOf(request, half));
      // twice the guard's patience with a body that stops arriving: its first half may still be on its way
      Thread.sleep(4000);
      Reply reply = misp.exchange(Arrays.copyOfRange(request, half, request.length), false);

      assertRefused(reply, 403, "attribute with a blocked type: passport-number");
      assertFalse(logs.contains(JUDGED_AS_IT_ARRIVED), () -> "log was " + logs.lines());
    }
  }

  @Test
  void anAttachmentLongerThanWhatIsReadAheadIsReadOnAsItArrives() throws Exception {
    byte[] request = MispClient.Connection.request("POST", "/events/add", hostB(), Map.of(), ATTACHMENT_THEN_PASSPORT);
    int inAttachment = new String(request, StandardCharsets.ISO_8859_1).indexOf("\"data\":\"") + 600_000;
    try (MispClient.Connection misp = tunnelToMispB()) {
      misp.write(Arrays.copyOf(request, inAttachment));
      // well within the guard's patience: its judge waits inside the attachment's data for the rest
      Thread.sleep(500);
      Reply reply = misp.exchange(Arrays.copyOfRange(request, inAttachment, request.length), false);

      assertRefused(reply, 403, "attribute with a blocked type: passport-number");
      assertJudgedAsItArrived();
    }
  }

  @Test
  void clientsThatLeaveMidBodyFreeTheirJudgesAtOnce() throws Exception {
    byte[] request = MispClient.Connection.request("POST", "/events/add", hostB(), Map.of(), ALLOWED);
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 1; i++) {
      try (MispClient.Connection misp = tunnelToMispB()) {
        misp.write(Arrays.copyOf(request, request.length / 2));
      }
    }
    guard.assertNothingHeld();
    assertTrue(mispB.received().isEmpty(), "nothing of a body not read whole crosses");

    // well within the patience a stalled body gets: only judges freed at once are idle for it
    Reply reply = send("POST", "/events/add", Map.of(), ALLOWED);

    assertEquals(200, reply.status(), () -> "log was " + logs.lines());
    assertJudgedAsItArrived();
  }
}
