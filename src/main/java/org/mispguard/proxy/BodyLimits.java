package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import org.mispguard.policy.Verdict;

/**
 * The limits every body is read within (SPEC §6): its own size ({@code --max-body-size}) and all
 * bodies held at once ({@code --max-inflight-bytes}); and where the aggregators that enforce them
 * go, with a {@link PacedWriter} that keeps a large body from being queued a second time,
 * encrypted. LittleProxy's decompressor goes: the guard decodes a whole body itself, bounded and
 * layer by layer ({@link BodyDecoder}).
 */
final class BodyLimits {

  static final int RETRY_AFTER_SECONDS = 5;
  private static final String DECOMPRESSOR = "inflater";

  private final int maxBodyBytes;
  private final InflightBudget budget;
  private final Decisions decisions;

  BodyLimits(int maxBodyBytes, InflightBudget budget, Decisions decisions) {
    this.maxBodyBytes = maxBodyBytes;
    this.budget = budget;
    this.decisions = decisions;
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  InflightBudget budget() {
    return budget;
  }

  Decisions decisions() {
    return decisions;
  }

  /** A request too large is the client's to fix (413); a response too large, the upstream's (502). */
  Verdict oversized(boolean request) {
    return Verdict.refuse(request ? 413 : 502,
        (request ? "request" : "response") + " body exceeds the limit of " + maxBodyBytes + " bytes");
  }

  Verdict overBudget() {
    return Verdict.refuse(503, "too many bodies in flight (limit " + budget.limit() + " bytes): retry later");
  }

  /** On a new client connection, before its first byte is read. */
  void limitRequests(Channel client) {
    install(client.pipeline(), new BodyAggregator(this, Exchange.of(client), true));
  }

  /** On an upstream connection, before the first request is written to it. */
  void limitResponses(Channel server, Exchange exchange) {
    install(server.pipeline(), new BodyAggregator(this, exchange, false));
  }

  private static void install(ChannelPipeline pipeline, BodyAggregator aggregator) {
    if (pipeline.get(BodyAggregator.NAME) instanceof BodyAggregator) {
      return;
    }
    if (pipeline.get(PacedWriter.BEFORE) != null) {
      pipeline.addBefore(PacedWriter.BEFORE, PacedWriter.NAME, new PacedWriter());
    }
    if (pipeline.get(BodyAggregator.NAME) != null) {
      pipeline.replace(BodyAggregator.NAME, BodyAggregator.NAME, aggregator);
    }
    if (pipeline.get(DECOMPRESSOR) != null) {
      pipeline.remove(DECOMPRESSOR);
    }
  }
}
