package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection keeps the Host headers it parsed last; what it hands back is what parsing gives. */
class ExchangeHostHeaderTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final Exchange exchange = Exchange.of(channel);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void theSameHostIsParsedOnceAndTwoTakingTurnsAreBothKept() {
    Authority client = exchange.hostHeader("Guard.Example:8443", 443);
    Authority upstream = exchange.hostHeader("misp-remote.example", 443);

    assertEquals(new Authority("guard.example", 8443), client);
    assertEquals(new Authority("misp-remote.example", 443), upstream);
    assertSame(client, exchange.hostHeader("Guard.Example:8443", 443));
    assertSame(upstream, exchange.hostHeader("misp-remote.example", 443));
  }

  @Test
  void theDefaultPortIsPartOfWhatIsKept() {
    exchange.hostHeader("misp-remote.example", 443);

    assertEquals(new Authority("misp-remote.example", 80), exchange.hostHeader("misp-remote.example", 80));
  }

  @Test
  void aMalformedHostIsRefusedEachTimeAndForgetsNothing() {
    Authority kept = exchange.hostHeader("misp-remote.example", 443);

    assertThrows(IllegalArgumentException.class, () -> exchange.hostHeader("user@misp-remote.example", 443));
    assertThrows(IllegalArgumentException.class, () -> exchange.hostHeader("user@misp-remote.example", 443));
    assertSame(kept, exchange.hostHeader("misp-remote.example", 443));
  }
}
