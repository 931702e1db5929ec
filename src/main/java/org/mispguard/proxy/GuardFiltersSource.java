package org.mispguard.proxy;

import io.netty.channel.Channel;
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
  private final BodyLimits limits;
  private final Decisions decisions;
  private final BodyDecoder decoder;

  GuardFiltersSource(Supplier<Policy> policy, Decisions decisions, int maxBodyBytes) {
    this.policy = policy;
    this.decisions = decisions;
    this.limits = new BodyLimits(maxBodyBytes, decisions);
    this.decoder = new BodyDecoder(maxBodyBytes);
  }

  @Override
  public HttpFilters filterRequest(HttpRequest request, ChannelHandlerContext ctx) {
    return new GuardFilters(request, ctx, policy.get(), this);
  }

  /** Aggregation is what lets the guard judge a body before any byte of it is forwarded. */
  @Override
  public int getMaximumRequestBufferSizeInBytes() {
    return limits.maxBodyBytes();
  }

  @Override
  public int getMaximumResponseBufferSizeInBytes() {
    return limits.maxBodyBytes();
  }

  BodyDecoder decoder() {
    return decoder;
  }

  Decisions decisions() {
    return decisions;
  }

  void limitRequests(Channel client) {
    limits.limitRequests(client);
  }

  void limitResponses(Channel server, Channel client) {
    limits.limitResponses(server, client);
  }
}
