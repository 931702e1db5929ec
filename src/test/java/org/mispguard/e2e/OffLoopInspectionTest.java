package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mispguard.e2e.Compression.gzip;
import static org.mispguard.e2e.Compression.utf8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mispguard.proxy.Guard;

/**
 * Bodies are judged apart from the threads that move the bytes (SPEC §6): while a large event is
 * decoded and inspected, the other connections of its event loop keep moving.
 *
 * <p>The guard hands its connections to its event loops in turn, so of the connections opened right
 * after the large event's, one in every loop's worth shares its loop: its client side when the
 * connections are opened one after the other, and its upstream side too, since an upstream
 * connection lives on the loop of the client connection that opened it. The large events are sent
 * compressed, as a remote's web server sends them: they are read in an instant and take long to
 * decode and inspect, so what is measured is the judgement, not the transfer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OffLoopInspectionTest extends SyncNetwork {

  private static final int LIMIT = 96 * 1024 * 1024;
  private static final String EVENT_VIEW = "/events/view/" + Events.UUID;
  private static final String VERSION = "{\"version\":\"2.5.2\"}";
  private static final String RELOADED = "configuration reloaded";
  /** The guard's event loops: a connection's upstream side lives on the loop of its client side. */
  private static final int LOOPS = Guard.eventLoops();
  /** A push inst_a's rules refuse, for a passport number that comes after 64 MB of attributes. */
  private static byte[] blockedPush;
  /** An event inst_b's rules refuse in a pull, for an IBAN that comes after 64 MB of attributes. */
  private static byte[] blockedPull;
  /** An event of 32 MB every rule lets through, gzip-compressed. */
  private static byte[] allowedGzip;
  private static ExecutorService background;

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(LIMIT, true, UnaryOperator.identity());
    int size = 64 * 1024 * 1024;
    blockedPush = gzip(utf8(Events.largerThan(size, "\"type\": \"passport-number\", \"category\": \"Other\"")));
    blockedPull = gzip(utf8(Events.largerThan(size, "\"type\": \"iban\", \"category\": \"Financial fraud\"")));
    allowedGzip = gzip(utf8(Events.largerThan(32 * 1024 * 1024)));
    background = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopBackground() {
    background.shutdownNow();
  }

  @BeforeEach
  void versionServed() {
    mispB.server.stubFor(get(urlEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200).withBody(VERSION)));
  }

  @Test
  void smallCallsSharingTheLoopOfAPushBeingJudgedAreAnsweredMeanwhile() throws Exception {
    try (MispClient.Connection large = tunnelToMispB(); Neighbours neighbours = new Neighbours()) {
      long start = System.nanoTime();
      Future<Reply> push = background.submit(() -> gzipPush(large, blockedPush));
      List<Long> latencies = neighbours.callUntil(push);
      long judgedMillis = (System.nanoTime() - start) / 1_000_000;

      assertEquals(403, push.get().status(), () -> "log was " + logs.lines());
      assertTrue(logs.contains("attribute with a blocked type: passport-number"), () -> "log was " + logs.lines());
      assertTrue(mispB.received().stream().noneMatch(r -> r.getUrl().startsWith("/events")), "nothing of the push crossed");
      assertAnsweredMeanwhile(latencies, judgedMillis);
    }
  }

  @Test
  void smallCallsSharingTheLoopsOfAPullBeingJudgedAreAnsweredMeanwhile() throws Exception {
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Encoding", "gzip").withBody(blockedPull)));
    try (MispClient.Connection large = tunnelToMispB(); Neighbours neighbours = new Neighbours()) {
      long start = System.nanoTime();
      Future<Reply> pull = background.submit(() -> large.send("GET", EVENT_VIEW, hostB(), Map.of(), null));
      List<Long> latencies = neighbours.callUntil(pull);
      long judgedMillis = (System.nanoTime() - start) / 1_000_000;

      assertEquals(403, pull.get().status(), () -> "log was " + logs.lines());
      assertTrue(logs.contains("attribute with a blocked type: iban"), () -> "log was " + logs.lines());
      assertAnsweredMeanwhile(latencies, judgedMillis);
    }
  }

  @Test
  void smallPushesAreJudgedWhileALargeOneHoldsTheThreadForLargeBodies() throws Exception {
    mispB.server.stubFor(post(urlEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
    byte[] small = utf8(Events.allowed());
    try (GuardUnderTest narrow = GuardUnderTest.start(folder.resolve("lanes"), Files.readString(guard.configFile),
        remotesCa, LIMIT, false, settings -> settings.withInspectionPool(1, 4));
        MispClient.Connection large = tunnelToMispB(narrow);
        MispClient.Connection smalls = tunnelToMispB(narrow)) {
      long start = System.nanoTime();
      Future<Reply> push = background.submit(() -> gzipPush(large, blockedPush));
      List<Long> latencies = new ArrayList<>();
      while (!push.isDone()) {
        long sent = System.nanoTime();
        assertEquals(200, smalls.send("POST", "/events/add", hostB(), Map.of(), small).status());
        latencies.add((System.nanoTime() - sent) / 1_000_000);
      }
      long judgedMillis = (System.nanoTime() - start) / 1_000_000;

      assertEquals(403, push.get().status(), () -> "log was " + logs.lines());
      // Behind the large one, a small push would wait for all of it: one or two answers in its time.
      assertTrue(latencies.size() >= 5, "small pushes answered during the " + judgedMillis
          + " ms of the large one: " + latencies);
    }
  }

  @Test
  void aClientLeavingWhileItsPushIsJudgedLeavesNothingBehindAndNothingForwarded() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (MispClient.Connection leaving = tunnelToMispB()) {
        leaving.write(gzipPush(Map.of()));
      }
    }
    awaitLog("a judged request was let go: its connection closed while it was judged", 3);
    guard.assertNothingHeld();
    assertNothingForwarded();
  }

  @Test
  void aFullInspectionQueueRefusesWith503AndForwardsNothingOfWhatItRefused() throws Exception {
    mispB.server.stubFor(post(urlEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
    try (GuardUnderTest narrow = GuardUnderTest.start(folder.resolve("narrow"), Files.readString(guard.configFile),
        remotesCa, LIMIT, false, settings -> settings.withInspectionPool(1, 1))) {
      List<MispClient.Connection> pushers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        pushers.add(tunnelToMispB(narrow));
      }
      // One is judged, one waits, and the others come while both still hold the pool.
      for (int i = 0; i < pushers.size(); i++) {
        pushers.get(i).write(gzipPush(Map.of("X-Push", Integer.toString(i))));
      }
      List<String> refused = new ArrayList<>();
      List<String> passed = new ArrayList<>();
      for (int i = 0; i < pushers.size(); i++) {
        try (MispClient.Connection pusher = pushers.get(i)) {
          Reply reply = pusher.read(false);
          if (reply.status() == 503) {
            assertEquals("5", reply.header("Retry-After"));
            assertTrue(pusher.isClosedByPeer(), "a refused connection is closed");
            refused.add(Integer.toString(i));
          } else {
            assertEquals(200, reply.status(), () -> "log was " + logs.lines());
            passed.add(Integer.toString(i));
          }
        }
      }

      assertTrue(refused.size() >= 1, "the queue of one filled up; passed: " + passed);
      assertTrue(logs.contains("request blocked: [POST]/events/add - too many bodies waiting for inspection (limit 1): retry later"),
          () -> "log was " + logs.lines());
      assertEquals(passed, mispB.received().stream().map(r -> r.getHeader("X-Push")).sorted().toList(),
          "exactly the pushes that were judged reached the remote");
      narrow.assertNothingHeld();
    }
  }

  @Test
  void aRemoteClosingRightAfterAResponseBeingJudgedStillHasItDelivered() throws Exception {
    byte[] event = utf8(Events.largerThan(8 * 1024 * 1024));
    mispB.server.stubFor(get(urlEqualTo(EVENT_VIEW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Encoding", "gzip").withBody(gzip(event))));
    try (MispClient.Connection misp = tunnelToMispB()) {
      Reply reply = misp.send("GET", EVENT_VIEW, hostB(), Map.of("Connection", "close"), null);

      assertEquals(200, reply.status(), () -> "log was " + logs.lines());
      assertArrayEquals(event, reply.body(), "the whole event, as judged");
      assertTrue(misp.isClosedByPeer(), "then the connection closes, as the client asked");
    }
  }

  /**
   * A body is judged by the rules in force once it has arrived whole, whatever a reload does while
   * it waits for its verdict. On a guard with one thread for large bodies, six large events ahead
   * of it keep that thread busy for about twice as long as the configuration watcher takes to
   * reload a file replaced in one step (it waits 300 ms for the file to settle), so the reload
   * falls between the body's arrival and its verdict.
   */
  @Test
  void aReloadWhileABodyIsJudgedDoesNotChangeItsVerdict() throws Exception {
    mispB.server.stubFor(post(urlEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
    String before = Files.readString(guard.configFile);
    String commentsBlocked = before.replace("\"blocked_attribute_types\": [\"passport-number\"]",
        "\"blocked_attribute_types\": [\"passport-number\", \"comment\"]");
    assertTrue(!commentsBlocked.equals(before), "the edit blocks the large event's attributes");
    try (GuardUnderTest narrow = GuardUnderTest.start(folder.resolve("reload"), before, remotesCa, LIMIT, true,
        settings -> settings.withInspectionPool(1, 8))) {
      List<Future<Reply>> ahead = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ahead.add(gzipPushAlone(tunnelToMispB(narrow), blockedPush));
      }
      Future<Reply> push = gzipPushAlone(tunnelToMispB(narrow), allowedGzip);
      Path edited = Files.writeString(narrow.configFile.resolveSibling("config.json.new"), commentsBlocked);
      Files.move(edited, narrow.configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Reply reply = push.get();
      for (Future<Reply> blocked : ahead) {
        assertEquals(403, blocked.get().status());
      }
      awaitLog(RELOADED, 1);
      assumeTrue(indexOf(RELOADED) < indexOf("request allowed: [POST]/events/add"),
          "the reload came only after the verdict: nothing to show on this run");

      assertEquals(200, reply.status(), () -> "judged by the rules in force when it arrived; log was " + logs.lines());
      assertEquals(1, mispB.received().size(), "the allowed push crossed, none of the blocked ones");
      mispB.server.resetRequests();
      try (MispClient.Connection again = tunnelToMispB(narrow)) {
        assertRefused(gzipPush(again, allowedGzip), 403,
            "attribute with a blocked type: comment");
      }
    } finally {
      logs.clear();
    }
  }

  private byte[] gzipPush(Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Encoding", "gzip");
    return MispClient.Connection.request("POST", "/events/add", hostB(), all, allowedGzip);
  }

  private int indexOf(String fragment) {
    List<String> lines = logs.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** Waits, longer than a log capture does, for {@code times} lines with {@code fragment}: judging takes seconds on a busy machine. */
  private void awaitLog(String fragment, int times) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (logs.lines().stream().filter(l -> l.contains(fragment)).count() < times && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(logs.lines().stream().filter(l -> l.contains(fragment)).count() >= times,
        () -> times + " × «" + fragment + "» expected; log was " + logs.lines());
  }

  /** A push of a gzip-compressed event, as a remote's web server or MISP sends one. */
  private Reply gzipPush(MispClient.Connection misp, byte[] gzipped) throws Exception {
    return misp.send("POST", "/events/add", hostB(), Map.of("Content-Encoding", "gzip"), gzipped);
  }

  /** {@link #gzipPush} on a background thread, on a connection of its own that it closes after. */
  private Future<Reply> gzipPushAlone(MispClient.Connection misp, byte[] gzipped) {
    return background.submit(() -> {
      try (misp) {
        return gzipPush(misp, gzipped);
      }
    });
  }

  /**
   * The neighbours are called in turn, so a neighbour whose loop is busy judging holds up the
   * calls to all: before bodies were judged apart, one call waited for most of the judgement (and
   * the calls before it, made while the large event was still on its way, were as quick as any).
   * Here no call waits for more than a fraction of it. Counting calls instead would not tell the
   * two apart: how many are answered before the judging starts, and how fast, depends on the
   * machine. A pause of the whole machine lengthens the large event's time with the call's.
   */
  private static void assertAnsweredMeanwhile(List<Long> latencies, long judgedMillis) {
    assertTrue(judgedMillis >= 150, "the large event was judged too fast (" + judgedMillis + " ms) to show anything");
    long longest = Collections.max(latencies);
    assertTrue(2 * longest < judgedMillis, "no neighbour should wait for the judgement, but a call took " + longest
        + " of the " + judgedMillis + " ms of the large event; latencies in ms: " + latencies);
  }

  /** A connection on every event loop of the guard, each through its own tunnel, calling getVersion. */
  private final class Neighbours implements AutoCloseable {
    private final List<MispClient.Connection> connections = new ArrayList<>();

    Neighbours() throws Exception {
      for (int i = 0; i < LOOPS; i++) {
        connections.add(tunnelToMispB());
      }
      for (MispClient.Connection connection : connections) {
        call(connection);
      }
    }

    /** Calls each connection in turn until {@code large} is done; the latency of every call, in ms. */
    List<Long> callUntil(Future<Reply> large) throws Exception {
      List<Long> latencies = new ArrayList<>();
      while (!large.isDone() || latencies.size() < LOOPS) {
        latencies.add(call(connections.get(latencies.size() % connections.size())));
      }
      return latencies;
    }

    private long call(MispClient.Connection connection) throws Exception {
      long start = System.nanoTime();
      Reply reply = connection.send("GET", "/servers/getVersion", hostB(), Map.of(), null);
      assertEquals(200, reply.status());
      return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
      for (MispClient.Connection connection : connections) {
        connection.close();
      }
    }
  }
}
