package org.mispguard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * Hands a large body to TLS a slice at a time, as fast as the peer reads it. Netty's TLS handler
 * encrypts whatever it is given at once, so a 28 MB body written to a peer that reads slowly (or
 * has stopped reading) would sit in the connection's queue a second time, encrypted, in direct
 * memory. Here the encrypted copy in flight is about one slice per connection; the body itself
 * stays the one array the guard already holds.
 *
 * <p>Ownership: a queued buffer is this handler's until its last slice is passed on (each slice
 * holds its own count on it); whatever is still queued when the connection closes or the handler
 * goes is released here, and its write fails.
 */
final class PacedWriter extends ChannelDuplexHandler {

  /** LittleProxy's name for the HTTP encoder this sits in front of (on the socket's side). */
  static final String BEFORE = "encoder";
  static final String NAME = "paced-writer";
  private static final int SLICE = 256 * 1024;

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();

  private record Pending(Object message, ChannelPromise promise) {}

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (queue.isEmpty() && !(msg instanceof ByteBuf buf && buf.readableBytes() > SLICE)) {
      ctx.write(msg, promise);
      return;
    }
    queue.add(new Pending(msg, promise));
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    drain(ctx);
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      drain(ctx);
      ctx.flush();
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void drain(ChannelHandlerContext ctx) {
    while (!queue.isEmpty() && ctx.channel().isWritable()) {
      Pending next = queue.peek();
      if (next.message() instanceof ByteBuf buf && buf.readableBytes() > SLICE) {
        ctx.write(buf.readRetainedSlice(SLICE)).addListener(written -> {
          if (!written.isSuccess()) {
            failAll(written.cause());
          }
        });
        ctx.flush();
      } else {
        queue.poll();
        ctx.write(next.message(), next.promise());
      }
    }
  }

  private void failAll(Throwable cause) {
    Pending pending;
    while ((pending = queue.poll()) != null) {
      ReferenceCountUtil.release(pending.message());
      pending.promise().tryFailure(cause);
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    failAll(new ClosedChannelException());
    super.close(ctx, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    failAll(new ClosedChannelException());
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    failAll(new ClosedChannelException());
  }
}
