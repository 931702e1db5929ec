package org.mispguard.policy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader's scratch is lent from body to body on a thread: nothing of one body may reach the next. */
class ReaderScratchTest {

  private static Object parse(String json) {
    return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReadingThatEndedInsideObjectsLeavesNoNameBehind() {
    // known (type, Tag, name) and unknown (note, x) names, ended at every depth by a cut
    assertThrows(MalformedDocument.class, () -> parse("{\"note\":1,\"type\":\"md5\",\"Tag\":[{\"name\":\"a\",\"x\":"));
    assertThrows(MalformedDocument.class, () -> parse("{\"Event\":{\"type\":1,\"type\":2}}"));

    Map<?, ?> root = (Map<?, ?>) parse("{\"note\":1,\"type\":\"md5\",\"Tag\":[{\"name\":\"a\",\"x\":2}]}");
    assertEquals("md5", root.get("type"));
    assertInstanceOf(Map.class, parse("{\"Event\":{\"type\":1}}"));
  }

  @Test
  void aDuplicateIsStillFoundInTheNextBody() {
    parse("{\"type\":1,\"note\":2}");
    assertEquals("duplicate key: type",
        assertThrows(MalformedDocument.class, () -> parse("{\"type\":1,\"type\":2}")).getMessage());
    assertEquals("duplicate key: note",
        assertThrows(MalformedDocument.class, () -> parse("{\"note\":1,\"note\":2}")).getMessage());
  }

  @Test
  void theScratchKeepsNoReferenceToTheBodyItWasLentFor() {
    parse("{\"note\":{\"\\u0078\":[\"value\"]},\"type\":\"md5\"}");
    ReaderScratch scratch = ReaderScratch.borrow();
    try {
      assertNull(scratch.name.source);
      for (Object step : scratch.path) {
        assertNull(step);
      }
    } finally {
      scratch.giveBack();
    }
  }

  @Test
  void aReadingWithinAReadingHasAScratchOfItsOwn() {
    ReaderScratch outer = ReaderScratch.borrow();
    try {
      ReaderScratch inner = ReaderScratch.borrow();
      assertNotSame(outer, inner);
      inner.giveBack();
      assertEquals(Map.of(), parse("{}"));
    } finally {
      outer.giveBack();
    }
    ReaderScratch again = ReaderScratch.borrow();
    again.giveBack();
    assertSame(outer, again);
  }
}
