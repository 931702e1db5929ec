package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import org.mispguard.policy.Verdict;

/**
 * The limits every body is read within (SPEC §6): its own size ({@code --max-body-size}) and all
 * bodies held at once ({@code --max-inflight-bytes}); and how a message refused before LittleProxy
 * sees it is answered.
 */
final class BodyLimits {

  static final int RETRY_AFTER_SECONDS = 5;

  private final int maxBodyBytes;
  private final InflightBudget budget;
  private final Decisions decisions;

  BodyLimits(int maxBodyBytes, InflightBudget budget, Decisions decisions) {
    this.maxBodyBytes = maxBodyBytes;
    this.budget = budget;
    this.decisions = decisions;
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  InflightBudget budget() {
    return budget;
  }

  Decisions decisions() {
    return decisions;
  }

  /** A request too large is the client's to fix (413); a response too large, the upstream's (502). */
  Verdict oversized(boolean request) {
    return Verdict.refuse(request ? 413 : 502,
        (request ? "request" : "response") + " body exceeds the limit of " + maxBodyBytes + " bytes");
  }

  Verdict overBudget() {
    return Verdict.refuse(503, "too many bodies in flight (limit " + budget.limit() + " bytes): retry later");
  }

  /**
   * Refuses {@code message} before LittleProxy has seen it: the client gets the refusal (with
   * {@code Retry-After} when it may try again) and its connection is closed, and for a response the
   * upstream connection too. Nothing more is read from either.
   *
   * @param ctx the connection {@code message} was read from, the client's or an upstream one
   */
  void refuse(ChannelHandlerContext ctx, Exchange exchange, HttpMessage message, Verdict verdict) {
    Flow flow = message instanceof HttpRequest request
        ? Flow.start(Listener.of(ctx.channel()), exchange.clientAddress(), request.method().name(), request.uri())
        : exchange.flow();
    decisions.blocked(flow, verdict);
    FullHttpResponse refusal = Responses.refusal(verdict.status(), verdict.reason(), true);
    if (verdict.status() == 503) {
      refusal.headers().setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    Channel client = exchange.client();
    if (ctx.channel() != client) {
      ctx.close();
    }
    client.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
  }
}
