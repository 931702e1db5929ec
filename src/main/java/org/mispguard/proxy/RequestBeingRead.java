package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The request LittleProxy is reading on this thread, and the client connection it came on. Some of
 * LittleProxy's callbacks run inside that reading but name neither: its activity trackers get a
 * flow context whose client address is the socket's peer (a load balancer's, behind one) or none at
 * all, and no request. They ask here. One holder per thread, in Netty's thread-local (on its event
 * loops a slot by index instead of a hash lookup), set on every request.
 */
final class RequestBeingRead {

  private static final FastThreadLocal<RequestBeingRead> READING = new FastThreadLocal<>() {
    @Override
    protected RequestBeingRead initialValue() {
      return new RequestBeingRead();
    }
  };

  private Exchange exchange;
  private HttpRequest request;

  private RequestBeingRead() {}

  /** Fires {@code request} on from {@code ctx}, as the request of {@code exchange} being read meanwhile. */
  static void fire(ChannelHandlerContext ctx, HttpRequest request, Exchange exchange) {
    RequestBeingRead reading = READING.get();
    Exchange outerExchange = reading.exchange;
    HttpRequest outerRequest = reading.request;
    reading.exchange = exchange;
    reading.request = request;
    try {
      ctx.fireChannelRead(request);
    } finally {
      reading.exchange = outerExchange;
      reading.request = outerRequest;
    }
  }

  /** The request being read on this thread, from its client, as a flow on {@code listener}; null outside such a reading. */
  static Flow flow(Listener listener) {
    RequestBeingRead reading = READING.get();
    return reading.request == null ? null
        : Flow.start(listener, reading.exchange.clientAddress(), reading.request.method().name(), reading.request.uri());
  }
}
