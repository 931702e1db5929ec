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
    replace(client.pipeline(), new RequestAggregator(client));
  }

  void limitResponses(Channel server, Channel client) {
    replace(server.pipeline(), new ResponseAggregator(client));
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

  /** Marks the aggregators that are already ours, so that each pipeline is changed once. */
  private interface LimitingAggregator {}

  private final class RequestAggregator extends HttpObjectAggregator implements LimitingAggregator {
    private final Channel client;

    RequestAggregator(Channel client) {
      super(maxBodyBytes);
      this.client = client;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      String method = oversized instanceof HttpRequest request ? request.method().name() : "?";
      String path = oversized instanceof HttpRequest request ? request.uri() : "?";
      Verdict verdict = Verdict.refuse(413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
      decisions.blocked(Flow.start(ClientAddress.of(ctx), method, path), verdict);
      client.writeAndFlush(Responses.refusal(413, verdict.reason(), true))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private final class ResponseAggregator extends HttpObjectAggregator implements LimitingAggregator {
    private final Channel client;

    ResponseAggregator(Channel client) {
      super(maxBodyBytes);
      this.client = client;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      Verdict verdict = Verdict.refuse(502, "response body exceeds the limit of " + maxBodyBytes + " bytes");
      Flow current = ClientChannel.currentFlow(client);
      decisions.blocked(current != null ? current : Flow.start(null, "?", "?"), verdict);
      ctx.close();
      client.writeAndFlush(Responses.refusal(502, verdict.reason(), true))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
