package org.mispguard.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.policy.Verdict;

/**
 * Reads each message of one connection whole before anything else sees it, so that the guard
 * judges a body before any byte of it is forwarded (SPEC §6). It takes the place of the
 * aggregator and decompressor LittleProxy puts in every pipeline: once per client connection
 * when it is set up, once per upstream connection when it is made.
 *
 * <h2>Who owns a body, when</h2>
 * <table>
 *   <tr><th>stage</th><th>owner</th><th>released by</th></tr>
 *   <tr><td>each chunk read from the socket (pooled)</td><td>this aggregator</td>
 *       <td>here, right after its bytes are copied into the body's array</td></tr>
 *   <tr><td>the body being read: a heap array and its {@link InflightBudget.Reservation}</td>
 *       <td>this aggregator</td><td>{@link #drop()}: refusal (over the size limit, over the
 *       in-flight budget), connection closed or reset mid-body, handler removed</td></tr>
 *   <tr><td>the same array, read as it arrives by an {@link ArrivingJudgement}</td>
 *       <td>nobody more: the judgement reads it, never owns it</td><td>the judgement is abandoned
 *       by {@link #drop()} and when the body's {@link HeldBody} is let go</td></tr>
 *   <tr><td>the body read whole: a {@link HeldBody} in a {@link GuardedRequest} or
 *       {@link GuardedResponse}, count 1</td><td>the {@link InspectionGate} next in the
 *       pipeline</td><td>the gate, when it refuses the message (inspection queue full, a second
 *       message while one is judged); else it hands the message on, at once or once judged</td></tr>
 *   <tr><td>a message being judged on the {@link InspectionPool}</td><td>its judging, alone</td>
 *       <td>exactly once: back on the connection's event loop, handed on to LittleProxy, or
 *       released there when its connection closed meanwhile; by the pool, when it stops before the
 *       judging ran; on the pool's thread, when the event loop no longer takes tasks</td></tr>
 *   <tr><td>a message handed on</td><td>LittleProxy's handler, which receives it</td>
 *       <td>Netty, once written (encoder) or dropped (refused: LittleProxy's inbound handler;
 *       write to a closed channel: the channel); the count reaching 0 returns the
 *       reservation</td></tr>
 *   <tr><td>LittleProxy's copy of a request</td><td>LittleProxy</td><td>nobody needs to:
 *       {@link GuardedRequest#copy()} has no body</td></tr>
 *   <tr><td>a decoded body (decoded on the pool, or by the filters)</td><td>the message, in
 *       place of the encoded one</td><td>as the message ({@code replaceBody} releases the encoded
 *       one)</td></tr>
 *   <tr><td>the reservation of a body handed on, whatever LittleProxy does with its
 *       counts</td><td>the connection's {@link Exchange} too</td><td>at the next body handed on,
 *       or when the connection closes (not while the body is judged: its judging lets go of
 *       it)</td></tr>
 * </table>
 * Bodies are heap arrays, never pooled buffers: see {@link HeldBody} for why.
 */
final class BodyAggregator extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LogManager.getLogger(BodyAggregator.class);

  /** LittleProxy's name for its aggregator, which this replaces. */
  static final String NAME = "aggregator";
  private static final int FIRST_CHUNKED_CAPACITY = 64 * 1024;

  private final BodyJudge judge;
  private final BodyLimits limits;
  private final Exchange exchange;
  private final boolean requests;
  private HttpMessage head;
  /** The size of the array the body is read into; a response's array is made with its first content. */
  private long planned;
  private byte[] array;
  private int length;
  private InflightBudget.Reservation reservation;
  /** The judgement of the body under way as it arrives, or null. */
  private ArrivingJudgement arriving;
  private boolean refused;

  /**
   * @param exchange the client connection's exchange
   * @param requests true on a client connection (reads requests), false on an upstream one
   */
  BodyAggregator(BodyJudge judge, Exchange exchange, boolean requests) {
    this.judge = judge;
    this.limits = judge.limits();
    this.exchange = exchange;
    this.requests = requests;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof FullHttpMessage whole) {
      ctx.fireChannelRead(whole);
    } else if (msg instanceof HttpMessage message) {
      begin(ctx, message);
    } else if (msg instanceof HttpContent content) {
      try {
        if (head != null) {
          append(ctx, content);
        }
      } finally {
        content.release();
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void begin(ChannelHandlerContext ctx, HttpMessage message) {
    if (message.decoderResult().isFailure()) {
      // Netty's decoder reads nothing more of a malformed message: the filters refuse it as it is.
      array = new byte[0];
      reservation = limits.budget().reserve(0);
      head = message;
      finish(ctx, LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    String expect = message.headers().get(HttpHeaderNames.EXPECT);
    // RFC 9110 §10.1.1: an HTTP/1.0 client's expectation is ignored, not answered
    if (requests && expect != null && !HttpUtil.is100ContinueExpected(message)
        && message.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0) {
      refuse(ctx, message, Verdict.refuse(417, "unsupported expectation: Expect: " + expect));
      return;
    }
    long declared;
    try {
      declared = HttpUtil.getContentLength(message, -1L);
    } catch (NumberFormatException e) {
      refuse(ctx, message, Verdict.refuse(requests ? 400 : 502, "malformed Content-Length"));
      return;
    }
    // A response's length is judged with its first bytes: the answer to a HEAD, a 304 or a 204
    // declares the length of a body it never sends.
    if (requests && declared > limits.maxBodyBytes()) {
      refuse(ctx, message, limits.oversized(true));
      return;
    }
    planned = declared >= 0 ? declared
        : bodiless(message) ? 0 : Math.min(FIRST_CHUNKED_CAPACITY, limits.maxBodyBytes());
    length = 0;
    head = message;
    if (!requests) {
      return;
    }
    reservation = limits.budget().reserve(planned);
    if (reservation == null) {
      refuse(ctx, message, limits.overBudget());
      return;
    }
    boolean goAhead = HttpUtil.is100ContinueExpected(message);
    // The guard answers the expectation itself; the upstream gets the whole body at once.
    message.headers().remove(HttpHeaderNames.EXPECT);
    if (goAhead) {
      // Before the array is made: a large one takes milliseconds (zeroed, the heap grown for it),
      // which the client can spend sending; its first bytes wait in the socket meanwhile.
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
    if (madeArray(ctx, message, (int) planned)) {
      arriving = judgedWhileArriving(message);
    }
  }

  /**
   * Makes a response's array with its first content: none for a body that never comes, else the
   * declared length (or a first chunk's), refused when over the size limit or the budget.
   *
   * @return false when the response was refused
   */
  private boolean responseArray(ChannelHandlerContext ctx, HttpContent first) {
    if (!first.content().isReadable() && first instanceof LastHttpContent) {
      planned = 0;
    } else if (planned > limits.maxBodyBytes()) {
      refuse(ctx, head, limits.oversized(false));
      return false;
    }
    reservation = limits.budget().reserve(planned);
    if (reservation == null) {
      refuse(ctx, head, limits.overBudget());
      return false;
    }
    if (!madeArray(ctx, head, (int) planned)) {
      return false;
    }
    arriving = judgedWhileArriving(head);
    return true;
  }

  /**
   * Makes the body's array, or refuses the message with the guard's 503 when the heap has no room
   * for it (the in-flight budget counts bodies, not what else the heap holds): never an
   * out-of-memory that drops the connection unanswered.
   */
  private boolean madeArray(ChannelHandlerContext ctx, HttpMessage message, int size) {
    try {
      reservation.beforeArray(size);
      array = array == null ? new byte[size] : Arrays.copyOf(array, size);
      return true;
    } catch (OutOfMemoryError e) {
      LOG.error("refusing a body of {}: no room for it on the heap", ByteCount.of(size));
      refuse(ctx, message, limits.overBudget());
      return false;
    }
  }

  /** Judging a body as it arrives only saves time: if it cannot be started, the body is judged once whole. */
  private ArrivingJudgement judgedWhileArriving(HttpMessage message) {
    try {
      return judge.onArrival(message, array, exchange);
    } catch (RuntimeException e) {
      LOG.error("a body is judged once whole after an internal error", e);
      return null;
    }
  }

  /**
   * A request with neither a length nor chunked framing has no body (RFC 9112 §6.3), as Netty's
   * decoder reads it: most sync calls are such GETs, and a first chunk's array for each was most
   * of what the guard allocated on them.
   */
  private boolean bodiless(HttpMessage message) {
    return requests && !HttpUtil.isTransferEncodingChunked(message);
  }

  private void append(ChannelHandlerContext ctx, HttpContent content) {
    if (array == null && !responseArray(ctx, content)) {
      return;
    }
    int n = content.content().readableBytes();
    if ((long) length + n > limits.maxBodyBytes()) {
      refuse(ctx, head, limits.oversized(requests));
      return;
    }
    if (length + n > array.length) {
      int grown = (int) Math.min(limits.maxBodyBytes(), Math.max((long) length + n, 2L * array.length));
      if (!reservation.grow(grown - array.length)) {
        refuse(ctx, head, limits.overBudget());
        return;
      }
      abandonArriving();
      if (!madeArray(ctx, head, grown)) {
        return;
      }
    }
    content.content().getBytes(content.content().readerIndex(), array, length, n);
    length += n;
    if (arriving != null) {
      arriving.arrived(length);
    }
    if (content.decoderResult().isFailure()) {
      head.setDecoderResult(content.decoderResult());
      finish(ctx, LastHttpContent.EMPTY_LAST_CONTENT);
    } else if (content instanceof LastHttpContent last) {
      finish(ctx, last);
    }
  }

  /** Hands the whole message on; from here LittleProxy's handler owns it (see the table above). */
  private void finish(ChannelHandlerContext ctx, LastHttpContent last) {
    HttpMessage message = head;
    HeldBody body = new HeldBody(array, length, reservation, arriving);
    head = null;
    array = null;
    reservation = null;
    arriving = null;
    // As Netty's own aggregator: the chunked framing is undone, the length says what was read.
    HttpUtil.setTransferEncodingChunked(message, false);
    if (!HttpUtil.isContentLengthSet(message)) {
      HttpUtil.setContentLength(message, length);
    }
    ctx.fireChannelRead(message instanceof HttpRequest request
        ? new GuardedRequest(request, body, last.trailingHeaders())
        : new GuardedResponse((HttpResponse) message, body, last.trailingHeaders()));
  }

  /**
   * Answers the client with the refusal and closes: the client connection for a request, both for
   * a response. Nothing more is read from this connection.
   */
  private void refuse(ChannelHandlerContext ctx, HttpMessage message, Verdict verdict) {
    drop();
    refused = true;
    limits.refuse(ctx, exchange, message, verdict);
  }

  /** Lets go of a body not read whole. */
  private void drop() {
    abandonArriving();
    if (reservation != null) {
      reservation.release();
    }
    reservation = null;
    array = null;
    head = null;
  }

  /** The body is no longer read into the array its judgement reads: the judgement stops. */
  private void abandonArriving() {
    if (arriving != null) {
      arriving.abandon();
      arriving = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    drop();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    drop();
  }
}
