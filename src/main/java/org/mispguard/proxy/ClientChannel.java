package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.AttributeKey;

/**
 * What the guard remembers about one client connection: the CONNECT target every decrypted
 * request goes to, and the request being served (for refusals raised outside the filters).
 */
final class ClientChannel {

  private static final AttributeKey<Authority> TARGET = AttributeKey.valueOf("misp-guard.connect-target");
  private static final AttributeKey<Flow> CURRENT = AttributeKey.valueOf("misp-guard.current-request");
  private static final AttributeKey<Boolean> AWAITING = AttributeKey.valueOf("misp-guard.awaiting-response");

  private ClientChannel() {}

  static void rememberTarget(Channel channel, Authority target) {
    channel.attr(TARGET).set(target);
  }

  /** @return the CONNECT target of this channel, or null for plain (absolute-form) traffic */
  static Authority target(Channel channel) {
    return channel.attr(TARGET).get();
  }

  /**
   * LittleProxy keeps a copy of each request and releases it when the next request on the
   * connection arrives (or a response is written); the copy of a CONNECT is never followed by a
   * response, so a client that completes its TLS handshake and leaves would leak it. The guard
   * holds a reference of its own until the channel closes, then gives back its own and, if
   * LittleProxy never released its copy, that one too. Without its own reference the guard could
   * not tell: a pooled buffer released once may already carry another connection's request, and
   * releasing it would break that connection. Both happen on the client's event loop, so they
   * cannot race; copies of other requests are left to LittleProxy, which releases them from the
   * server side's thread.
   */
  static void releaseConnectCopyOnClose(Channel channel, FullHttpRequest copy) {
    copy.retain();
    channel.closeFuture().addListener(closed -> copy.release(copy.refCnt()));
  }

  static void rememberFlow(Channel channel, Flow flow) {
    channel.attr(CURRENT).set(flow);
  }

  /** The request in flight on this channel, or null before the first one. */
  static Flow currentFlow(Channel channel) {
    return channel.attr(CURRENT).get();
  }

  /**
   * Marks that a forwarded request awaits its response. LittleProxy judges an upstream response
   * with the filters of the request written last, so a pipelined second request would let the
   * first one's response be judged by the second one's rules.
   */
  static void awaitResponse(Channel channel) {
    channel.attr(AWAITING).set(Boolean.TRUE);
  }

  static void responded(Channel channel) {
    channel.attr(AWAITING).set(null);
  }

  static boolean awaitingResponse(Channel channel) {
    return channel.attr(AWAITING).get() != null;
  }
}
