package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mispguard.policy.inspect.Check.attribute;
import static org.mispguard.policy.inspect.Check.bytes;
import static org.mispguard.policy.inspect.Check.event;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mispguard.config.RuleSet;

/**
 * A body read by two readers gives what one reader gives: the same tree, the same refusal, the same
 * findings, wherever the helper guessed a list's element starts, right or wrong (inside a string,
 * inside a nested list, in a document that is not JSON). How the two race is left to
 * {@link ArrivingInspectionTest}.
 */
class ReadAheadTest {

  private static final List<RuleSet> RULES = Check.RED_AND_PASSPORTS;
  private static final String TAGGED = attribute("'Tag':[{'name':'tlp:green'},{'name':'x'}],'comment':'},{ \\\"},{\\\" ✓'");
  private static final String OBJECT = "{'name':'file','Attribute':[" + TAGGED + "," + attribute("") + "]}";
  private static final String ATTRIBUTES = String.join(",", TAGGED, attribute("'comment':'a'"), TAGGED, attribute(""));

  private static final List<String> DOCUMENTS = List.of(
      event("'Attribute':[" + ATTRIBUTES + "," + ATTRIBUTES + "],'Object':[" + OBJECT + "," + OBJECT + "," + OBJECT + "]"),
      event("'Attribute':[" + ATTRIBUTES + "," + "{'type':'passport-number','category':'Person','value':'NL1234567'}" + "," + ATTRIBUTES + "]"),
      event("'Attribute':[" + ATTRIBUTES + ",\n  " + ATTRIBUTES + " ],'Tag':[{'name':'tlp:red'}]"),
      event("'Attribute':[" + ATTRIBUTES + "," + attribute("'Tag':[{'a':1,'a':2}]") + "]"),
      event("'Attribute':[" + ATTRIBUTES + "," + attribute("'comment':'\\ud800'") + "]"),
      event("'Attribute':[" + ATTRIBUTES + "," + ATTRIBUTES + "]") + "]",
      event("'Attribute':[" + ATTRIBUTES + "},{" + ATTRIBUTES + "]"),
      // a list the helper reads whole but whose elements lie deeper than the reader may go
      "[".repeat(251) + "{},{'a':[{'b':[{}]}]}" + "]".repeat(251),
      // and one whose deepest element lies exactly at the limit
      "[".repeat(250) + "{},{'a':[{'b':[{}]}]}" + "]".repeat(250));

  @Test
  void whereverTheHelperStartsTheReadingIsTheOneReadersReading() {
    for (String document : DOCUMENTS) {
      byte[] body = bytes(document);
      String alone = outcome(() -> StrictJson.parse(body));
      List<Finding> findings = Inspector.inspect(DocumentKind.EVENT, body, RULES, null, false);
      int takenOver = 0;
      int judgedTakenOver = 0;
      for (int from = 0; from < body.length; from++) {
        ArrivingBody helped = helpedFrom(body, from, null);
        assertEquals(alone, outcome(() -> StrictJson.parse(helped, null)), document + " helped from " + from);
        takenOver += helped.readAhead().taken();
        ArrivingBody judged = helpedFrom(body, from, new EarlyJudgement(RULES, null));
        assertEquals(findings, Inspector.inspect(DocumentKind.EVENT, judged, RULES, null, false),
            document + " helped from " + from);
        judgedTakenOver += judged.readAhead().taken();
      }
      assertTrue(takenOver > 0 || alone.startsWith(MalformedDocument.class.getName()), "the reader took stretches over in " + document);
      // an event's attributes and objects, judged ahead both ways, are taken over judged
      assertTrue(judgedTakenOver > 0 || !document.startsWith("{'Event'") || alone.startsWith(MalformedDocument.class.getName()), "judged stretches taken over in " + document);
    }
  }

  @Test
  void theHelperStartsOnlyAtWhatLooksLikeAListsNextElement() {
    byte[] in = bytes("[{},{}, {}] ,{ }, \n {'},{':1}");
    assertEquals(4, ReadAhead.nextElement(in, 0, in.length));
    assertEquals(8, ReadAhead.nextElement(in, 5, in.length));
    assertEquals(20, ReadAhead.nextElement(in, 9, in.length));
    assertEquals(24, ReadAhead.nextElement(in, 21, in.length), "a guess: inside a string");
    assertEquals(-1, ReadAhead.nextElement(in, 25, in.length));
  }

  /** The body, arrived whole, read ahead from {@code from} before its reader (doing {@code elements}) starts. */
  private static ArrivingBody helpedFrom(byte[] body, int from, StrictJson.ListElements elements) {
    ArrivingBody arriving = ArrivingBody.arriving(body, body.length, Duration.ZERO, 8, 1);
    arriving.arrived(body.length);
    arriving.readAhead().helpFrom(arriving, from, elements);
    return arriving;
  }

  /** The outcome of a parse, comparable: the tree as text, or the refusal with its reason. */
  private static String outcome(Supplier<Object> parse) {
    return String.valueOf(Check.outcome(parse));
  }
}
