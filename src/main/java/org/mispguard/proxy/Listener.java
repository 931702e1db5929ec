package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import java.util.Locale;
import org.littleshoot.proxy.HttpFilters;
import org.littleshoot.proxy.HttpFiltersSource;

/** Which of the guard's listeners a client connection came in on: a label of every decision. */
enum Listener {
  FORWARD, REVERSE;

  private static final AttributeKey<Listener> KEY = AttributeKey.valueOf("misp-guard.listener");

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The listener {@link #marking} recorded on {@code client}; forward when none did. */
  static Listener of(Channel client) {
    Listener listener = client.attr(KEY).get();
    return listener == null ? FORWARD : listener;
  }

  /**
   * The filters of {@code source}, with each client connection marked as this listener's before
   * any filter sees its request, so that every flow started from it carries the right label.
   */
  HttpFiltersSource marking(HttpFiltersSource source) {
    return new HttpFiltersSource() {
      @Override
      public HttpFilters filterRequest(HttpRequest request, ChannelHandlerContext ctx) {
        ctx.channel().attr(KEY).set(Listener.this);
        return source.filterRequest(request, ctx);
      }

      @Override
      public int getMaximumRequestBufferSizeInBytes() {
        return source.getMaximumRequestBufferSizeInBytes();
      }

      @Override
      public int getMaximumResponseBufferSizeInBytes() {
        return source.getMaximumResponseBufferSizeInBytes();
      }
    };
  }
}
