package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import org.littleshoot.proxy.HttpFilters;

/** The guard's filters with the reverse listener's step in front of them. */
final class ReverseFiltersSource extends WrappingFiltersSource {

  private final GuardFiltersSource guard;
  private final ReverseRoute route;

  ReverseFiltersSource(GuardFiltersSource guard, ReverseRoute route) {
    super(guard);
    this.guard = guard;
    this.route = route;
  }

  @Override
  protected HttpFilters wrap(HttpFilters filters, ChannelHandlerContext ctx) {
    return new ReverseFilters(filters, ctx, route, guard);
  }
}
