package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.policy.Verdict;

/**
 * Holds each message read whole until its body has been judged on the {@link InspectionPool}, away
 * from the event loop (SPEC §6), then hands it on, verdict attached, on the connection's own event
 * loop. It sits right after the {@link BodyAggregator} and before every handler of LittleProxy's,
 * so LittleProxy sees a message, and anything after it on the connection, only once it is judged.
 *
 * <p>Order. Nothing read later on the connection overtakes a message being judged: a client waits
 * for the reply before its next request and an upstream sends one response per request, so a second
 * message meanwhile is pipelined, and the connection is refused (as the filters refuse a pipelined
 * request). The end of an upstream's stream waits too: an upstream that closes right after its
 * response (Connection: close) must still have that response delivered, so upstream connections are
 * half-closable and the gate closes them once the response is handed on, as Netty would have.
 *
 * <p>Ownership. A message handed to the pool belongs to its {@link Judging} until the judging hands
 * it back on this event loop, exactly once: it is fired on, or released when the client connection
 * is gone, this handler was removed, or a refusal closed the connection meanwhile. A judging the pool
 * never ran releases its message when the pool stops; one whose event loop no longer takes tasks
 * releases it on the pool's thread. A message the gate refuses is released here. A message handed
 * on is LittleProxy's, and the connection's {@link Exchange} answers for its share of the budget
 * from then on ({@link Exchange#holds}); not before, so that a body still being judged stays
 * counted even when its client has left.
 */
final class InspectionGate extends ChannelInboundHandlerAdapter {

  static final String NAME = "inspection-gate";
  private static final Logger LOG = LogManager.getLogger(InspectionGate.class);

  private final BodyJudge judge;
  private final Exchange exchange;
  private final boolean requests;
  private Judging pending;
  private boolean closeWhenHandedOn;
  private boolean gone;

  /** @param requests true on a client connection (holds requests), false on an upstream one */
  InspectionGate(BodyJudge judge, Exchange exchange, boolean requests) {
    this.judge = judge;
    this.exchange = exchange;
    this.requests = requests;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (gone) {
      ReferenceCountUtil.release(msg);
    } else if (pending != null) {
      refuse(ctx, msg, requests
          ? Verdict.refuse(400, GuardFilters.PIPELINED)
          : Verdict.refuse(502, "malformed response framing: a second response while the first is judged"));
    } else {
      Runnable judgement = null;
      Judging judging = null;
      boolean offered = false;
      try {
        judgement = msg instanceof FullHttpMessage whole ? judge.judgementOf(whole, exchange) : null;
        if (judgement != null) {
          judging = new Judging(ctx, (FullHttpMessage) msg, judgement, BodyJudge.small((FullHttpMessage) msg));
          offered = judge.pool().offer(judging);
        }
      } catch (Throwable e) {
        LOG.error("refusing a message after an internal error", e);
        // a judging queued all the same finds its message taken, and hands nothing back
        Object owned = judging == null ? msg : judging.take();
        if (owned != null) {
          refuse(ctx, owned, Verdict.block("internal error"));
        }
        return;
      }
      if (judgement == null) {
        handOn(ctx, msg);
      } else if (offered) {
        pending = judging;
      } else {
        refuse(ctx, judging.take(), judge.pool().full());
      }
    }
  }

  /** From here LittleProxy owns the message, and the connection's exchange its share of the budget. */
  private void handOn(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpMessage message) {
      exchange.holds(message);
    }
    if (requests && msg instanceof HttpRequest request) {
      RequestBeingRead.fire(ctx, request, exchange);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /** Back on the event loop with the judged message. */
  private void judged(ChannelHandlerContext ctx, Judging judging) {
    pending = null;
    FullHttpMessage message = judging.take();
    if (message == null) {
      // let go already: the pool stopped, or the gate refused it after an internal error
    } else if (gone || !exchange.client().isActive()) {
      LOG.debug("a judged {} was let go: its connection closed while it was judged", requests ? "request" : "response");
      message.release();
    } else if (judging.failed) {
      refuse(ctx, message, Verdict.block("internal error"));
      return;
    } else {
      handOn(ctx, message);
      // As at the end of a read from the socket: handlers after this one (the idle timer) count it then.
      ctx.fireChannelReadComplete();
    }
    if (closeWhenHandedOn) {
      ctx.close();
    }
  }

  /** Refuses the connection; {@code msg} and anything read after it are released. */
  private void refuse(ChannelHandlerContext ctx, Object msg, Verdict verdict) {
    gone = true;
    try {
      if (msg instanceof HttpMessage message) {
        judge.limits().refuse(ctx, exchange, message, verdict);
      } else {
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * The peer of a half-closable (upstream) connection has sent all it will send: the connection is
   * closed, as Netty would have closed it, but only once the response being judged is handed on.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof ChannelInputShutdownEvent)) {
      ctx.fireUserEventTriggered(evt);
    } else if (pending != null) {
      closeWhenHandedOn = true;
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    gone = true;
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    gone = true;
  }

  /** One message on the pool, owned by this until handed back or abandoned. */
  private final class Judging implements InspectionPool.Job {
    private final ChannelHandlerContext ctx;
    private final AtomicReference<FullHttpMessage> message;
    private final Runnable judgement;
    private final boolean small;
    /** Written on the pool's thread before the hand-back task is queued, which publishes it. */
    private boolean failed;

    Judging(ChannelHandlerContext ctx, FullHttpMessage message, Runnable judgement, boolean small) {
      this.ctx = ctx;
      this.message = new AtomicReference<>(message);
      this.judgement = judgement;
      this.small = small;
    }

    @Override
    public boolean small() {
      return small;
    }

    @Override
    public void run() {
      try {
        judgement.run();
      } catch (Throwable e) {
        // the judgement refuses what it cannot judge; this is for whatever escaped it
        failed = true;
        LOG.error("refusing a message after an internal error", e);
      } finally {
        try {
          ctx.executor().execute(() -> judged(ctx, this));
        } catch (RejectedExecutionException loopStopped) {
          abandon();
        }
      }
    }

    @Override
    public void abandon() {
      ReferenceCountUtil.release(take());
    }

    /** The message, to whoever takes it first; null after. */
    FullHttpMessage take() {
      return message.getAndSet(null);
    }
  }
}
