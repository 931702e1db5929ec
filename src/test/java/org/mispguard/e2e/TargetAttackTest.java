package org.mispguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request targets and CONNECT authorities that could mean something else to the remote web
 * server or to the policy (SPEC §4.2, §4.3): refused, with nothing forwarded.
 */
class TargetAttackTest extends SyncNetwork {

  @BeforeAll
  static void startNetwork() throws Exception {
    startNetwork(1024 * 1024, settings -> settings);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/servers/./getVersion", "/users/../servers/getVersion", "/servers/%2E%2e/users/index", "/servers/%2e./x",
      "/servers%2FgetVersion", "/servers%5cgetVersion", "//servers/getVersion", "/servers//getVersion",
      "/servers\\getVersion", "/servers/%c0%ae%c0%ae/users/index", "/servers/getVersion?x=1",
      "/servers/getVersion#frag", "/SERVERS/getVersion", "/EVENTS/add", "/servers/getVersion/",
      "/servers/getVersion;jsessionid=1", "/servers/getVersion%00", "/servers/getVersion%20"})
  void pathTricksAreRefused(String path) throws Exception {
    Reply reply = send("GET", path, (String) null);

    assertTrue(reply.status() == 403 || reply.status() == 400, () -> path + " got " + reply.status());
    assertTrue(logs.contains("request blocked: [GET]"), () -> path + " log: " + logs.lines());
    assertNothingForwarded();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://misp-b.test:PORT/servers/getVersion", "*", "misp-b.test:PORT"})
  void aTunnelledRequestMustNameOnlyAPath(String target) throws Exception {
    Reply reply = sendRaw("OPTIONS " + target.replace("PORT", Integer.toString(mispB.port())) + " HTTP/1.1\r\nHost: "
        + hostB() + "\r\n\r\n");

    assertRefused(reply, 400, "a tunnelled request must name only a path");
  }

  @Test
  void aConnectInsideTheTunnelIsRefused() throws Exception {
    Reply reply = sendRaw("CONNECT misp-c.test:" + mispC.port() + " HTTP/1.1\r\nHost: misp-c.test:" + mispC.port()
        + "\r\n\r\n");

    assertEquals(400, reply.status(), () -> "log: " + logs.lines());
    assertNothingForwarded();
  }

  /**
   * The policy accepts an instance's ip as that instance; the real server must then still prove
   * the instance's host name, which is what its certificate carries.
   */
  @Test
  void theIpOfAnInstanceIsThatInstanceAndItsServerIsCheckedByHostName() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("127.0.0.2:" + mispB.port(), "127.0.0.2", mispB.port());

    assertEquals(200, tunnel.connectReply().status(), () -> "log: " + logs.lines());
    try (MispClient.Connection misp = tunnel.connection()) {
      Reply reply = misp.send("GET", "/servers/getVersion", "127.0.0.2:" + mispB.port(), java.util.Map.of(), null);
      assertEquals(200, reply.status(), () -> "log: " + logs.lines());
    }
    assertEquals(1, mispB.received().size());
  }

  @Test
  void aMixedCaseHostIsTheSameInstance() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("MISP-B.Test:" + mispB.port(), "misp-b.test", mispB.port());

    assertEquals(200, tunnel.connectReply().status());
    try (MispClient.Connection misp = tunnel.connection()) {
      assertEquals(200, misp.send("GET", "/servers/getVersion", hostB(), Map.of(), null).status());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"misp-b.test:0", "user@misp-b.test:PORT", "[::1]:PORT", "misp-b.test:PORT:1",
      "misp-b.test:99999", "misp-b.test:-1", "misp-c.test:PORT_C", "misp-b.test%00.evil:PORT"})
  void connectTricksAreRefusedBeforeAnyHandshake(String authority) throws Exception {
    String target = authority.replace("PORT_C", Integer.toString(mispC.port())).replace("PORT", Integer.toString(mispB.port()));
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect(target, "misp-b.test", mispB.port());

    assertFalse(tunnel.established(), target);
    assertTrue(tunnel.connectReply().status() == 400 || tunnel.connectReply().status() == 403, target);
    assertNothingForwarded();
  }

  @Test
  void aTrailingDotIsRefusedOrTheSameInstance() throws Exception {
    MispClient.Tunnel tunnel = guard.client(INTERNAL_MISP).connect("misp-b.test.:" + mispB.port(), "misp-b.test", mispB.port());

    if (tunnel.established()) {
      try (MispClient.Connection misp = tunnel.connection()) {
        assertEquals(200, misp.send("GET", "/servers/getVersion", "misp-b.test.:" + mispB.port(), Map.of(), null).status());
      }
    } else {
      assertNotEquals(200, tunnel.connectReply().status());
    }
    assertTrue(mispC.received().isEmpty());
  }

  @Test
  void aHostHeaderNamingAnotherInstanceIsRefused() throws Exception {
    try (MispClient.Connection misp = tunnelToMispB()) {
      assertRefused(misp.send("GET", "/servers/getVersion", "misp-c.test:" + mispC.port(), Map.of(), null), 403,
          "Host header does not match the destination");
    }
    assertRefused(sendRaw("GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\nHost: misp-c.test\r\n\r\n"),
        403, "exactly one Host header is required");
  }

  @Test
  void aClientOfferingOnlyH2GetsHttp11OrNothing() throws Exception {
    MispClient.Tunnel tunnel;
    try {
      tunnel = guard.client(INTERNAL_MISP).connect(hostB(), "misp-b.test", mispB.port(), "h2");
    } catch (java.io.IOException refusedHandshake) {
      return;
    }
    assertNotEquals("h2", tunnel.negotiatedProtocol());
    try (MispClient.Connection misp = tunnel.connection()) {
      Reply reply = misp.exchange(("GET /servers/getVersion HTTP/1.1\r\nHost: " + hostB() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII), false);
      assertEquals(200, reply.status());
    }
  }
}
