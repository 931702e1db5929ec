package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import org.littleshoot.proxy.HttpFilters;
import org.littleshoot.proxy.HttpFiltersSource;

/** A source of filters that wrap another source's filters; the body limits stay the other's. */
abstract class WrappingFiltersSource implements HttpFiltersSource {

  private final HttpFiltersSource inner;

  WrappingFiltersSource(HttpFiltersSource inner) {
    this.inner = inner;
  }

  protected abstract HttpFilters wrap(HttpFilters filters, ChannelHandlerContext ctx);

  @Override
  public final HttpFilters filterRequest(HttpRequest request, ChannelHandlerContext ctx) {
    return wrap(inner.filterRequest(request, ctx), ctx);
  }

  @Override
  public final int getMaximumRequestBufferSizeInBytes() {
    return inner.getMaximumRequestBufferSizeInBytes();
  }

  @Override
  public final int getMaximumResponseBufferSizeInBytes() {
    return inner.getMaximumResponseBufferSizeInBytes();
  }
}
