package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.littleshoot.proxy.TransportProtocol;

/** Where LittleProxy is told to put an upstream connection. */
class GuardServerGroupTest {

  private final GuardServerGroup group = new GuardServerGroup("test", channel -> {});

  @AfterEach
  void stop() {
    group.shutdown(false);
  }

  @Test
  void anUpstreamConnectionStaysOnTheThreadOfItsClientConnection() throws Exception {
    for (int i = 0; i < 3; i++) {
      EventLoop clientLoop = group.getClientToProxyWorkerPoolForTransport(TransportProtocol.TCP).next();
      EventLoopGroup upstream = clientLoop.submit(() -> group.getProxyToServerWorkerPoolForTransport(TransportProtocol.TCP))
          .get(10, TimeUnit.SECONDS);
      assertSame(clientLoop, upstream);
    }
  }

  /** (LittleProxy opens none from elsewhere today; should it start to, no client thread is taken over.) */
  @Test
  void aConnectionOpenedElsewhereGoesToLittleProxysOwnPool() {
    EventExecutor upstream = group.getProxyToServerWorkerPoolForTransport(TransportProtocol.TCP).next();
    for (EventExecutor clientLoop : group.getClientToProxyWorkerPoolForTransport(TransportProtocol.TCP)) {
      assertNotSame(clientLoop, upstream);
    }
  }
}
