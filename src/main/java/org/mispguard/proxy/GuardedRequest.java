package org.mispguard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request read whole by {@link BodyAggregator}, as LittleProxy receives it. Two things differ
 * from Netty's aggregated request, both about ownership:
 * <ul>
 *   <li>{@link #copy()} copies the head only. LittleProxy copies every request it reads and keeps
 *       the copy for its own bookkeeping (headers, method), releasing it at times it does not
 *       control (never, when the client leaves first; twice, when a reply and the next request
 *       race). A copy without a body owns nothing, so neither costs anything.</li>
 *   <li>the body can be swapped ({@link #replaceBody}) for its decoded form, so that what goes
 *       upstream is exactly what was judged.</li>
 *   <li>it carries the verdict on its body when that was reached away from the event loop.</li>
 * </ul>
 * Reference counts are those of the current body (Netty's own class counts on the body it was
 * made with); copies and duplicates are Netty's, made from {@link #content()}.
 */
final class GuardedRequest extends DefaultFullHttpRequest implements BodyVerdict.Carrier {

  private ByteBuf body;
  /** Set on the thread that judged the body, read on the event loop it was handed back to. */
  private BodyVerdict verdict;

  GuardedRequest(HttpRequest head, ByteBuf body, HttpHeaders trailers) {
    super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers(), trailers);
    setDecoderResult(head.decoderResult());
    this.body = body;
  }

  @Override
  public void replaceBody(ByteBuf decoded) {
    body = HeldBody.replace(body, decoded);
  }

  @Override
  public FullHttpRequest copy() {
    return new DefaultFullHttpRequest(protocolVersion(), method(), uri(), Unpooled.EMPTY_BUFFER,
        headers().copy(), trailingHeaders().copy());
  }

  @Override
  public BodyVerdict bodyVerdict() {
    return verdict;
  }

  @Override
  public void attach(BodyVerdict verdict) {
    this.verdict = verdict;
  }

  @Override
  public ByteBuf content() {
    return body;
  }

  @Override
  public int refCnt() {
    return body.refCnt();
  }

  @Override
  public FullHttpRequest retain() {
    body.retain();
    return this;
  }

  @Override
  public FullHttpRequest retain(int increment) {
    body.retain(increment);
    return this;
  }

  @Override
  public FullHttpRequest touch() {
    body.touch();
    return this;
  }

  @Override
  public FullHttpRequest touch(Object hint) {
    body.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return body.release();
  }

  @Override
  public boolean release(int decrement) {
    return body.release(decrement);
  }
}
