package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.bytes;
import static org.mispguard.policy.inspect.Check.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.mispguard.config.RuleSet;

/**
 * A body inspected while it arrives gets the verdict the whole body gets, or none: never one that
 * only part of it would earn; also when a helper reads its later part once it has arrived. The array always holds the whole body, so a reader that looked past
 * what it was told had arrived would find the rest and answer where it must not.
 */
class ArrivingInspectionTest {

  private static final List<RuleSet> RULES = Check.RED_AND_PASSPORTS;
  private static final String ATTRIBUTES = attribute("'comment':'caf\\u00e9 \\\"quoted\\\" é ✓ 𝄞','to_ids':true")
      + "," + attribute("'Tag':[{'name':'tlp:green'}],'first_seen':null,'timestamp':-1.5e+3")
      + "," + attribute("'Galaxy':[],'ShadowAttribute':[],'object_relation':0")
      // a number longer than is read ahead: it is read on, not cut, where it meets the edge
      + "," + attribute("'count':" + "1234567890".repeat(8) + ".5e-3");

  /** Documents of every kind of ending: allowed, blocked early or late, and broken at either end. */
  private static final List<String> DOCUMENTS = List.of(
      event("'Attribute':[" + ATTRIBUTES + "],'Object':[{'name':'file','Attribute':[" + ATTRIBUTES + "]}]"),
      event("'Attribute':[" + ATTRIBUTES + "," + attribute("'Tag':[{'name':'TLP:RED'}]") + "," + ATTRIBUTES + "]"),
      event("'Attribute':[" + ATTRIBUTES + "],'Tag':[{'name':'tlp:red'}]"),
      event("'Attribute':[" + "{'type':'passport-number','category':'Person','value':'NL1234567'}" + "]"),
      " {\n  'Event' : {\n    'info' : 'pretty', 'Attribute' : [ " + ATTRIBUTES + " ] \n  }\n}\n\t",
      event("'Attribute':[" + ATTRIBUTES + "],'info':'again'"),
      event("'Attribute':[" + ATTRIBUTES + "],'count':01"),
      event("'Attribute':[" + ATTRIBUTES + "]") + "x",
      "{'Event':{'Attribute':[" + ATTRIBUTES + "]}",
      "{'event':{'Attribute':[" + ATTRIBUTES + "]}}",
      "[1,2.5,-3e7,true,false,null,'" + "x".repeat(40) + "']");

  /** Strings far longer than what is read ahead, with characters and escapes of every length the edge may cut. */
  private static final String LONG_TEXT = "plain text then caf\\u00e9 é ✓ 𝄞 \\ud834\\udd1e \\\" \\/ ".repeat(12);
  private static final List<String> LONG_STRINGS = List.of(
      event("'Attribute':[" + attribute("'data':'" + LONG_TEXT + "','comment':'" + LONG_TEXT + "'")
          + "," + attribute("'Tag':[{'name':'TLP:RED'}],'comment':'" + LONG_TEXT + "'") + "]"),
      event("'comment':'" + LONG_TEXT + "','Attribute':[" + ATTRIBUTES + "],'" + LONG_TEXT + "':1"),
      event("'Attribute':[" + attribute("'data':'" + LONG_TEXT + "\\x'") + "]"),
      event("'Attribute':[" + attribute("'data':'" + LONG_TEXT + "\u0007'") + "]"),
      // a string that never closes: the rest of the body is its text
      event("'Attribute':[" + attribute("'data':'" + LONG_TEXT + "]")));

  @Test
  void aBodyCutAnywhereGetsTheWholeVerdictOrNone() {
    List<String> documents = new ArrayList<>(DOCUMENTS);
    documents.addAll(LONG_STRINGS);
    for (String document : documents) {
      byte[] body = bytes(document);
      List<Finding> whole = Inspector.inspect(DocumentKind.EVENT, body, RULES, null, false);
      for (int cut = 0; cut <= body.length; cut++) {
        ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ZERO, 8, 1 << 30);
        arriving.arrived(cut);
        List<Finding> early = Inspector.inspect(DocumentKind.EVENT, arriving, RULES, null, false);
        String where = document + " cut at " + cut;
        if (cut == body.length) {
          assertEquals(whole, early, where);
        } else if (early != null) {
          // before the end only a finding in what was read whole can decide, and it is the whole body's
          assertTrue(!early.isEmpty() && early.equals(whole) && !early.get(0).ruleId().isEmpty(), where + ": " + early);
        }
      }
    }
  }

  @Test
  void aBodyReadAsItArrivesGetsTheWholeVerdict() throws Exception {
    // 64 bytes ahead: longer than any value of these documents; and a helper reads ahead at once
    assertReadAsTheyArriveTheyGetTheWholeVerdict(DOCUMENTS, 64, round -> 1 + round % 32);
  }

  @Test
  void aStringLongerThanWhatIsReadAheadIsReadOnAsTheBodyArrives() throws Exception {
    assertReadAsTheyArriveTheyGetTheWholeVerdict(LONG_STRINGS, 4, round -> 1 << 30);
  }

  /** 50 times each, written in random stretches while read with {@code ahead} bytes read ahead. */
  private static void assertReadAsTheyArriveTheyGetTheWholeVerdict(List<String> documents, int ahead,
      IntUnaryOperator helperLead) throws InterruptedException {
    Random random = new Random(20261130L);
    for (String document : documents) {
      byte[] body = bytes(document);
      List<Finding> whole = Inspector.inspect(DocumentKind.EVENT, body, RULES, null, false);
      for (int round = 0; round < 50; round++) {
        byte[] array = new byte[body.length];
        ArrivingBody arriving =
            ArrivingBody.arriving(array, body.length, Duration.ofSeconds(5), ahead, helperLead.applyAsInt(round));
        Thread writer = writer(body, array, arriving, new Random(random.nextLong()));
        writer.start();
        List<Finding> early = Inspector.inspect(DocumentKind.EVENT, arriving, RULES, null, false);
        writer.join();
        assertEquals(whole, early, document + " round " + round);
      }
    }
  }

  @Test
  void aStringCutByTheEdgeOfABodyThatStoppedArrivingIsLeftToTheWholeBody() {
    byte[] body = bytes(event("'Attribute':[" + attribute("'comment':'" + "a".repeat(100) + "'") + "]"));
    ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ZERO, 8, 1 << 30);
    arriving.arrived(body.length - 40);
    assertNull(Inspector.inspect(DocumentKind.EVENT, arriving, RULES, null, false));
    arriving = ArrivingBody.arriving(body, body.length, Duration.ZERO, 8, 1 << 30);
    arriving.arrived(body.length);
    assertEquals(List.of(), Inspector.inspect(DocumentKind.EVENT, arriving, RULES, null, false));
  }

  @Test
  void aReaderStopsWaitingWhenTheBodyIsAbandonedOrStalls() throws Exception {
    byte[] body = bytes(event("'Attribute':[" + ATTRIBUTES + "]"));
    ArrivingBody abandoned = ArrivingBody.arriving(body, body.length, Duration.ofMinutes(1));
    abandoned.arrived(10);
    Thread writer = new Thread(() -> {
      sleep(50);
      abandoned.abandon();
    });
    long started = System.nanoTime();
    writer.start();
    assertNull(Inspector.inspect(DocumentKind.EVENT, abandoned, RULES, null, false));
    writer.join();
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "woken by the abandonment");

    ArrivingBody stalled = ArrivingBody.arriving(body, body.length, Duration.ofMillis(100));
    stalled.arrived(10);
    started = System.nanoTime();
    assertNull(Inspector.inspect(DocumentKind.EVENT, stalled, RULES, null, false));
    long waited = System.nanoTime() - started;
    assertTrue(waited >= Duration.ofMillis(100).toNanos() && waited < Duration.ofSeconds(10).toNanos(), waited + " ns");
  }

  @Test
  void nothingMoreIsReadOfABodyLetGoEvenOfWhatHadArrived() {
    byte[] body = bytes(event("'Attribute':[" + ATTRIBUTES + "]"));
    ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ofMinutes(1), 8, 1 << 30);
    arriving.arrived(20);
    assertEquals(20, arriving.await(10));
    arriving.arrived(body.length - 1);
    arriving.abandon();
    assertEquals(20, arriving.await(30), "no further than before");
    assertNull(Inspector.inspect(DocumentKind.EVENT, arriving, RULES, null, false));
  }

  @Test
  void aReaderThatGaveUpReadsNoFurtherThanItWasGiven() {
    // bytes that come after it stopped waiting must not resume a number it already ended at the edge
    byte[] body = bytes("[1234567,1]");
    ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ZERO, 2, 1 << 30);
    arriving.arrived(4);
    assertEquals(4, arriving.await(3));
    assertEquals(4, arriving.await(9), "gave up waiting");
    arriving.arrived(body.length);
    assertEquals(4, arriving.await(9), "no further than before");
  }

  @Test
  void aTricklingClientHoldsTheReaderNoLongerThanThePatience() throws Exception {
    byte[] body = bytes(event("'Attribute':[" + ATTRIBUTES + "]"));
    ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ofMillis(300), 64, 1 << 30);
    Thread trickle = new Thread(() -> {
      for (int n = 1; n < body.length; n++) {
        arriving.arrived(n);
        sleep(20);
      }
    });
    long started = System.nanoTime();
    trickle.start();
    assertNull(Inspector.inspect(DocumentKind.EVENT, arriving, RULES, null, false));
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "gave up while bytes still came");
    arriving.abandon();
    trickle.interrupt();
    trickle.join();
  }

  @Test
  void theIndexQueryCheckIsLeftToTheWholeBodyWhenCut() {
    byte[] body = bytes("{'minimal':1,'published':1}");
    ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ZERO, 8, 1 << 30);
    arriving.arrived(5);
    assertNull(Inspector.requireMinimalPublished(arriving, "/events/index"));
    ArrivingBody all = ArrivingBody.arriving(body, body.length, Duration.ZERO, 8, 1 << 30);
    all.arrived(body.length);
    assertEquals(List.of(), Inspector.requireMinimalPublished(all, "/events/index"));
  }

  /**
   * Copies {@code body} into {@code array} in stretches of 1 to 24 bytes, telling {@code arriving}
   * after each; then helps read it, as the thread that waits for the verdict does.
   */
  private static Thread writer(byte[] body, byte[] array, ArrivingBody arriving, Random random) {
    List<Integer> stretches = new ArrayList<>();
    for (int at = 0; at < body.length; ) {
      int n = Math.min(body.length - at, 1 + random.nextInt(24));
      stretches.add(n);
      at += n;
    }
    return new Thread(() -> {
      int at = 0;
      for (int n : stretches) {
        System.arraycopy(body, at, array, at, n);
        at += n;
        arriving.arrived(at);
        if (random.nextInt(8) == 0) {
          Thread.yield();
        }
      }
      arriving.help();
    });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
