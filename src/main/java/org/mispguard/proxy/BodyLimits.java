package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import org.mispguard.policy.Verdict;

/**
 * Replaces the aggregators LittleProxy puts in each pipeline with ones that refuse an oversized
 * body the way the spec asks: 413 for a request, 502 for a response, logged, connection closed.
 * (LittleProxy 2.8 never answers an oversized response and double-releases the request.) Its
 * decompressor goes too: {@link BodyDecoder} decodes the aggregated body instead, bounded and
 * layer by layer. On a client connection this happens at its first request (the CONNECT, or
 * the first plain request, which Netty's decompressor has then already seen).
 */
final class BodyLimits {

  private static final String AGGREGATOR = "aggregator";
  private static final String DECOMPRESSOR = "inflater";

  private final int maxBodyBytes;
  private final Decisions decisions;

  BodyLimits(int maxBodyBytes, Decisions decisions) {
    this.maxBodyBytes = maxBodyBytes;
    this.decisions = decisions;
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  void limitRequests(Channel client) {
    replace(client.pipeline(), new LimitingAggregator(client, 413, "request"));
  }

  void limitResponses(Channel server, Channel client) {
    replace(server.pipeline(), new LimitingAggregator(client, 502, "response"));
  }

  private static void replace(ChannelPipeline pipeline, HttpObjectAggregator aggregator) {
    if (pipeline.get(AGGREGATOR) instanceof LimitingAggregator) {
      return;
    }
    if (pipeline.get(AGGREGATOR) != null) {
      pipeline.replace(AGGREGATOR, AGGREGATOR, aggregator);
    }
    if (pipeline.get(DECOMPRESSOR) != null) {
      pipeline.remove(DECOMPRESSOR);
    }
  }

  /**
   * Refuses a message over the limit to the client with {@code status} and closes: the client
   * connection for a request, both connections for a response.
   */
  private final class LimitingAggregator extends HttpObjectAggregator {
    private final Channel client;
    private final int status;
    private final String message;

    LimitingAggregator(Channel client, int status, String message) {
      super(maxBodyBytes);
      this.client = client;
      this.status = status;
      this.message = message;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      Verdict verdict = Verdict.refuse(status, message + " body exceeds the limit of " + maxBodyBytes + " bytes");
      decisions.blocked(flowOf(ctx, oversized), verdict);
      if (ctx.channel() != client) {
        ctx.close();
      }
      client.writeAndFlush(Responses.refusal(status, verdict.reason(), true))
          .addListener(ChannelFutureListener.CLOSE);
    }

    /** For a request {@code ctx} is the client's; for a response the flow in progress names the request. */
    private Flow flowOf(ChannelHandlerContext ctx, HttpMessage oversized) {
      if (oversized instanceof HttpRequest request) {
        return Flow.start(ctx, request.method().name(), request.uri());
      }
      Flow current = ClientChannel.currentFlow(client);
      return current != null ? current : Flow.start(Listener.of(client), null, "?", "?");
    }
  }
}
