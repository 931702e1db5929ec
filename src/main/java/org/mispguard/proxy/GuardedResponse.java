package org.mispguard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A response read whole by {@link BodyAggregator}, as LittleProxy receives it: its body can be
 * swapped ({@link #replaceBody}) for its decoded form, so that what reaches the client is exactly
 * what was judged; and it carries the verdict on its body when that was reached away from the
 * event loop. Reference counts are those of the current body (Netty's own class counts on the body
 * it was made with); copies and duplicates are Netty's, made from {@link #content()}.
 */
final class GuardedResponse extends DefaultFullHttpResponse implements BodyVerdict.Carrier {

  private ByteBuf body;
  /** Set on the thread that judged the body, read on the event loop it was handed back to. */
  private BodyVerdict verdict;

  GuardedResponse(HttpResponse head, ByteBuf body, HttpHeaders trailers) {
    super(head.protocolVersion(), head.status(), Unpooled.EMPTY_BUFFER, head.headers(), trailers);
    setDecoderResult(head.decoderResult());
    this.body = body;
  }

  @Override
  public void replaceBody(ByteBuf decoded) {
    body = HeldBody.replace(body, decoded);
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
  public FullHttpResponse retain() {
    body.retain();
    return this;
  }

  @Override
  public FullHttpResponse retain(int increment) {
    body.retain(increment);
    return this;
  }

  @Override
  public FullHttpResponse touch() {
    body.touch();
    return this;
  }

  @Override
  public FullHttpResponse touch(Object hint) {
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
