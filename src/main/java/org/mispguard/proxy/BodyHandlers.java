package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;

/**
 * Where the guard's own handlers go in each connection's pipeline (SPEC §6): a
 * {@link BodyAggregator} that reads every message whole within the {@link BodyLimits}, in place of
 * LittleProxy's aggregator; right after it an {@link InspectionGate} that holds the message until
 * its body is judged away from the event loop; and a {@link PacedWriter} that keeps a large body
 * from being queued a second time, encrypted. LittleProxy's decompressor goes: the guard decodes a
 * whole body itself, bounded and layer by layer ({@link BodyDecoder}).
 */
final class BodyHandlers {

  private static final String DECOMPRESSOR = "inflater";

  private final BodyJudge judge;

  BodyHandlers(BodyJudge judge) {
    this.judge = judge;
  }

  BodyJudge judge() {
    return judge;
  }

  BodyLimits limits() {
    return judge.limits();
  }

  /** On a new client connection, before its first byte is read. */
  void onClient(Channel client) {
    install(client, Exchange.of(client), true);
  }

  /** On an upstream connection, before the first request is written to it. */
  void onUpstream(Channel server, Exchange exchange) {
    if (install(server, exchange, false)) {
      // The end of an upstream's stream must wait for the response being judged (see InspectionGate).
      server.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }
  }

  /** @return whether the aggregator and the gate were installed now */
  private boolean install(Channel channel, Exchange exchange, boolean requests) {
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(BodyAggregator.NAME) instanceof BodyAggregator) {
      return false;
    }
    if (pipeline.get(PacedWriter.BEFORE) != null) {
      pipeline.addBefore(PacedWriter.BEFORE, PacedWriter.NAME, new PacedWriter());
    }
    boolean aggregated = pipeline.get(BodyAggregator.NAME) != null;
    if (aggregated) {
      pipeline.replace(BodyAggregator.NAME, BodyAggregator.NAME, new BodyAggregator(judge, exchange, requests));
      pipeline.addAfter(BodyAggregator.NAME, InspectionGate.NAME, new InspectionGate(judge, exchange, requests));
    }
    if (pipeline.get(DECOMPRESSOR) != null) {
      pipeline.remove(DECOMPRESSOR);
    }
    return aggregated;
  }
}
