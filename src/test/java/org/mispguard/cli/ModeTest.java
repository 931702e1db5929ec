package org.mispguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beust.jcommander.ParameterException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mispguard.config.HostPort;

class ModeTest {

  @Test
  void regularIsTheForwardProxy() {
    assertFalse(Mode.parse("regular").reverse());
  }

  @Test
  void reverseAloneLeavesTheUpstreamToTheConfiguration() {
    Mode mode = Mode.parse("reverse");
    assertTrue(mode.reverse());
    assertEquals(Optional.empty(), mode.upstream());
  }

  @Test
  void reverseUrlNamesTheUpstream() {
    assertEquals(Optional.of(new HostPort("misp-internal.example", 8443)),
        Mode.parse("reverse:https://misp-internal.example:8443").upstream());
    assertEquals(Optional.of(new HostPort("misp-internal.example", 443)),
        Mode.parse("reverse:https://misp-internal.example/").upstream());
    assertEquals(Optional.of(new HostPort("fd00::5", 443)), Mode.parse("reverse:https://[fd00::5]").upstream());
  }

  @ParameterizedTest
  @ValueSource(strings = {"transparent", "reverse:http://misp.example", "reverse:https://misp.example/events",
      "reverse:https://user@misp.example", "reverse:https://misp.example?x=1", "reverse:misp.example:443",
      "upstream:http://proxy:3128"})
  void otherSpellingsAreUsageErrors(String value) {
    assertThrows(ParameterException.class, () -> Mode.parse(value));
  }
}
