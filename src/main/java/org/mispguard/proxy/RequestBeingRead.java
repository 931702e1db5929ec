package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The client connection whose request LittleProxy is reading on this thread. Some of LittleProxy's
 * callbacks run inside that reading but name no connection: its activity trackers get a flow
 * context whose client address is the socket's peer (a load balancer's, behind one) or none at
 * all. They ask here for the connection the guard handed the request from. Netty's thread-local:
 * on its event loops, a slot by index instead of a hash lookup, on every request.
 */
final class RequestBeingRead {

  private static final FastThreadLocal<Exchange> READING = new FastThreadLocal<>();

  private RequestBeingRead() {}

  /** Fires {@code request} on from {@code ctx}, {@code exchange} being the one read meanwhile. */
  static void fire(ChannelHandlerContext ctx, Object request, Exchange exchange) {
    Exchange outer = READING.get();
    READING.set(exchange);
    try {
      ctx.fireChannelRead(request);
    } finally {
      READING.set(outer);
    }
  }

  /** The exchange whose request is being read on this thread; null outside such a reading. */
  static Exchange exchange() {
    return READING.get();
  }
}
