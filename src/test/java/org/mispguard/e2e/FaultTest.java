package org.mispguard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a sync goes wrong half-way — MISP's client times out on a slow remote, a connection drops
 * mid-body, the remote resets or never answers, the configuration changes — the guard lets go of
 * every body it held and the next large push and pull work. Each fault happens three times; after
 * each time the guard's ledger of bodies held is back to zero, the later times leave Netty's direct
 * memory where the first left it (its pools keep what they grew to, a leak would add to it), and
 * (for the class) the paranoid leak detector reported nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultTest extends SyncNetwork {

  private static final String EVENT_PATH = "/events/view/" + Events.UUID;
  private static final byte[] LARGE = Events.largerThan(4 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);
  private static final int SLOW_MILLIS = 2500;
  /** What the pools' per-thread caches may add when other threads serve the next round: less than a lost body a round. */
  private static final long DIRECT_SLACK = 16 * 1024 * 1024;
  private static boolean warm;

  /** Something that goes wrong, from the guard's point of view. */
  private interface Mishap {
    void happen() throws Exception;
  }

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(16 * 1024 * 1024, true, UnaryOperator.identity());
  }

  @BeforeEach
  void largeEventServed() throws Exception {
    mispB.server.stubFor(get(urlPathEqualTo(EVENT_PATH)).willReturn(aResponse().withStatus(200).withBody(LARGE)));
    if (!warm) {
      assertPushAndPullSucceed();
      warm = true;
    }
  }

  @Test
  void clientsThatTimeOutWhileTheRemoteHoldsThePushLeaveNothingBehind() throws Exception {
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200)
        .withBody("{}").withFixedDelay(SLOW_MILLIS)));
    assertLeavesNothingBehind(() -> {
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> gaveUp = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        gaveUp.add(clients.submit(() -> {
          try (MispClient.Connection misp = tunnelToMispB()) {
            misp.write(push());
            misp.readSome(1, 500);
          }
          return null;
        }));
      }
      for (Future<?> client : gaveUp) {
        client.get(30, TimeUnit.SECONDS);
      }
      clients.shutdown();
      Thread.sleep(SLOW_MILLIS);
    });
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
    assertPushAndPullSucceed();
  }

  @Test
  void aClientLeavingMidUploadLeavesNothingBehind() throws Exception {
    assertLeavesNothingBehind(() -> {
      for (int i = 0; i < 8; i++) {
        try (MispClient.Connection misp = tunnelToMispB()) {
          byte[] push = push();
          misp.write(java.util.Arrays.copyOf(push, push.length / 2));
        }
      }
    });
    assertTrue(mispB.received().isEmpty(), "a body not read whole never goes upstream");
    assertPushAndPullSucceed();
  }

  @Test
  void aClientLeavingMidPullLeavesNothingBehind() throws Exception {
    assertLeavesNothingBehind(() -> {
      for (int i = 0; i < 5; i++) {
        try (MispClient.Connection misp = tunnelToMispB()) {
          misp.write(MispClient.Connection.request("GET", EVENT_PATH, hostB(), Map.of(), null));
          assertTrue(misp.readSome(1024, 10_000) > 0, "the reply starts");
        }
      }
    });
    assertPushAndPullSucceed();
  }

  @Test
  void aRemoteResettingMidReplyIsAnErrorAndLeavesNothingBehind() throws Exception {
    mispB.server.stubFor(get(urlPathEqualTo(EVENT_PATH))
        .willReturn(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    assertLeavesNothingBehind(() -> {
      Reply reply = send("GET", EVENT_PATH, null);
      assertTrue(reply.status() == 502 || reply.status() == -1, "no partial event reaches the client: " + reply.status());
    });
    mispB.server.stubFor(get(urlPathEqualTo(EVENT_PATH)).willReturn(aResponse().withStatus(200).withBody(LARGE)));
    assertPushAndPullSucceed();
  }

  @Test
  void aRemoteClosingBeforeReplyingIsAnErrorAndLeavesNothingBehind() throws Exception {
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    assertLeavesNothingBehind(() -> {
      Reply reply = send("POST", "/events/add", Map.of(), LARGE);
      assertTrue(reply.status() == 502 || reply.status() == -1, "the push is not acknowledged: " + reply.status());
    });
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
    assertPushAndPullSucceed();
  }

  @Test
  void aReloadWithPushesInFlightLetsThemFinish() throws Exception {
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200)
        .withBody("{}").withFixedDelay(SLOW_MILLIS)));
    assertLeavesNothingBehind(() -> {
      ExecutorService clients = Executors.newFixedThreadPool(2);
      Future<Reply> first = clients.submit(() -> send("POST", "/events/add", Map.of(), LARGE));
      Future<Reply> second = clients.submit(() -> send("POST", "/events/add", Map.of(), LARGE));
      Thread.sleep(500);
      logs.clear();
      Files.writeString(guard.configFile, Files.readString(guard.configFile) + "\n");
      boolean reloaded = false;
      for (int wait = 0; wait < 5 && !reloaded; wait++) {
        reloaded = logs.contains("configuration reloaded");
      }
      assertTrue(reloaded, "the edit is applied");
      assertEquals(200, first.get(30, TimeUnit.SECONDS).status());
      assertEquals(200, second.get(30, TimeUnit.SECONDS).status());
      clients.shutdown();
    });
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
    assertPushAndPullSucceed();
  }

  @Test
  void aStopWithPushesInFlightFinishesThemAndHoldsNothing() throws Exception {
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200)
        .withBody("{}").withFixedDelay(SLOW_MILLIS)));
    GuardUnderTest stopping = GuardUnderTest.start(folder.resolve("stopping"), Files.readString(guard.configFile),
        remotesCa, 16 * 1024 * 1024, false);
    ExecutorService clients = Executors.newFixedThreadPool(2);
    Future<Reply> finishing = clients.submit(() -> {
      try (MispClient.Connection misp = stopping.client(INTERNAL_MISP).connect("misp-b.test", mispB.port()).connection()) {
        return misp.send("POST", "/events/add", hostB(), Map.of(), LARGE);
      }
    });
    Future<?> leaving = clients.submit(() -> {
      try (MispClient.Connection misp = stopping.client(INTERNAL_MISP).connect("misp-b.test", mispB.port()).connection()) {
        misp.write(push());
        misp.readSome(1, 500);
      }
      return null;
    });
    leaving.get(30, TimeUnit.SECONDS);
    Thread.sleep(200);

    assertTrue(stopping.guard.stop(java.time.Duration.ofSeconds(10)), "every request finished in time");

    assertEquals(200, finishing.get(10, TimeUnit.SECONDS).status());
    assertEquals(0, stopping.guard.inflightBytes(), "bytes of bodies the stopped guard still holds");
    clients.shutdown();
    mispB.server.stubFor(post(urlPathEqualTo("/events/add")).willReturn(aResponse().withStatus(200).withBody("{}")));
  }

  @Test
  void aBodyOverTheInflightBoundIsRefusedWith503AndNothingForwarded() throws Exception {
    try (GuardUnderTest bounded = GuardUnderTest.start(folder.resolve("bounded"), Files.readString(guard.configFile),
        remotesCa, 16 * 1024 * 1024, false, settings -> settings.withMaxInflightBytes(LARGE.length / 2));
        MispClient.Connection misp = bounded.client(INTERNAL_MISP).connect("misp-b.test", mispB.port()).connection()) {
      Reply reply = misp.send("POST", "/events/add", hostB(), Map.of(), LARGE);
      assertEquals(503, reply.status());
      assertEquals("5", reply.headers().get("retry-after"));
      assertTrue(logs.contains("request blocked: [POST]/events/add - too many bodies in flight"), () -> logs.lines().toString());
      assertTrue(mispB.received().isEmpty(), "nothing may reach the remote MISP");
      assertEquals(0, bounded.guard.inflightBytes());
    }
  }

  /** Most sync calls carry no body: they must not wait for room that only bodies need. */
  @Test
  void aCallWithoutABodyTakesNothingFromTheInflightBound() throws Exception {
    try (GuardUnderTest bounded = GuardUnderTest.start(folder.resolve("tightly-bounded"), Files.readString(guard.configFile),
        remotesCa, 16 * 1024 * 1024, false, settings -> settings.withMaxInflightBytes(1024));
        MispClient.Connection misp = bounded.client(INTERNAL_MISP).connect("misp-b.test", mispB.port()).connection()) {
      mispB.server.stubFor(get(urlPathEqualTo("/servers/getVersion")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Length", "2").withBody("{}")));
      Reply reply = misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null);
      assertEquals(200, reply.status(), () -> "log: " + logs.lines());
      assertEquals(1, mispB.received().stream().filter(r -> r.getUrl().equals("/servers/getVersion")).count(),
          "the call reaches the remote MISP");
    }
  }

  private byte[] push() {
    return MispClient.Connection.request("POST", "/events/add", hostB(), Map.of("Authorization", "k"), LARGE);
  }

  private void assertPushAndPullSucceed() throws Exception {
    Reply pushed = send("POST", "/events/add", Map.of(), LARGE);
    assertEquals(200, pushed.status(), () -> "push after the fault; log: " + logs.lines());
    Reply pulled = send("GET", EVENT_PATH, null);
    assertEquals(200, pulled.status(), () -> "pull after the fault; log: " + logs.lines());
    assertEquals(LARGE.length, pulled.body().length, "the whole event arrives");
  }

  private static void assertLeavesNothingBehind(Mishap fault) throws Exception {
    fault.happen();
    guard.assertNothingHeld();
    long baseline = usedDirectMemory();
    for (int again = 0; again < 2; again++) {
      fault.happen();
      guard.assertNothingHeld();
    }
    long direct = usedDirectMemory();
    assertTrue(direct <= baseline + DIRECT_SLACK,
        "Netty's direct memory back to where the first fault left it: " + direct + " now, " + baseline + " then");
  }

  private static long usedDirectMemory() {
    return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
  }
}
