package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Supplier;
import org.littleshoot.proxy.HttpFilters;
import org.littleshoot.proxy.HttpFiltersSource;
import org.mispguard.policy.Policy;

/**
 * Gives every request its own {@link GuardFilters}, bound to the policy in force when the request
 * arrived, so a reload never changes the rules half-way through a request.
 */
final class GuardFiltersSource implements HttpFiltersSource {

  private final Supplier<Policy> policy;
  private final Decisions decisions;
  private final BodyHandlers handlers;

  GuardFiltersSource(Supplier<Policy> policy, Decisions decisions, BodyHandlers handlers) {
    this.policy = policy;
    this.decisions = decisions;
    this.handlers = handlers;
  }

  @Override
  public HttpFilters filterRequest(HttpRequest request, ChannelHandlerContext ctx) {
    return new GuardFilters(request, ctx, policy.get(), this);
  }

  /**
   * Non-zero, so that LittleProxy reads every message whole; {@link BodyAggregator} takes the place
   * of the aggregator this makes it install.
   */
  @Override
  public int getMaximumRequestBufferSizeInBytes() {
    return handlers.limits().maxBodyBytes();
  }

  @Override
  public int getMaximumResponseBufferSizeInBytes() {
    return handlers.limits().maxBodyBytes();
  }

  BodyHandlers handlers() {
    return handlers;
  }

  Decisions decisions() {
    return decisions;
  }
}
