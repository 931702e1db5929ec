package org.mispguard.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.littleshoot.proxy.HttpFilters;
import org.littleshoot.proxy.HttpFiltersSource;
import org.mispguard.policy.Verdict;

/**
 * Lets a stopping guard finish what it started (LittleProxy's {@code stop()} closes every
 * connection at once). A client connection is busy while its {@link Exchange} says so: from the
 * moment a request reaches the filters until its reply is handed to the connection, or until it
 * closes. Stopping
 * closes the listening sockets, answers any new request with 503, waits until no connection is
 * busy (or the time is up), and closes the client connections only after what was written to
 * them has gone out.
 */
final class InFlightRequests {

  private static final Logger LOG = LogManager.getLogger(InFlightRequests.class);

  private final ChannelGroup listeners = new DefaultChannelGroup("misp-guard-listeners", GlobalEventExecutor.INSTANCE);
  private final ChannelGroup clients = new DefaultChannelGroup("misp-guard-clients", GlobalEventExecutor.INSTANCE);
  private final Decisions decisions;
  private volatile boolean stopping;

  InFlightRequests(Decisions decisions) {
    this.decisions = decisions;
  }

  /** The filters of {@code source}, with their requests counted. */
  HttpFiltersSource track(HttpFiltersSource source) {
    return new WrappingFiltersSource(source) {
      @Override
      protected HttpFilters wrap(HttpFilters filters, ChannelHandlerContext ctx) {
        return new Tracked(filters, ctx);
      }
    };
  }

  /**
   * Stops taking requests and waits for those in flight, at most {@code timeout}.
   *
   * @return true when every request finished in time
   */
  boolean drain(Duration timeout) throws InterruptedException {
    stopping = true;
    listeners.close().await(timeout.toMillis());
    long deadline = System.nanoTime() + timeout.toNanos();
    if (busy() > 0) {
      LOG.info("waiting up to {} s for {} request(s) in flight", timeout.toSeconds(), busy());
    }
    while (busy() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    boolean finished = busy() == 0;
    if (!finished) {
      LOG.warn("{} request(s) still in flight after {} s, closing their connections", busy(),
          timeout.toSeconds());
    }
    for (Channel client : clients) {
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    for (Channel client : clients) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (!client.closeFuture().await(left)) {
        break;
      }
    }
    return finished;
  }

  private long busy() {
    return clients.stream().filter(client -> Exchange.of(client).busy()).count();
  }

  private void started(Channel client) {
    if (client.parent() != null) {
      listeners.add(client.parent());
    }
    clients.add(client);
  }

  private final class Tracked extends ForwardingFilters {
    private final ChannelHandlerContext ctx;
    private final Channel client;

    Tracked(HttpFilters inner, ChannelHandlerContext ctx) {
      super(inner);
      this.ctx = ctx;
      this.client = ctx.channel();
    }

    @Override
    public HttpResponse clientToProxyRequest(HttpObject object) {
      if (object instanceof HttpRequest request && !HttpMethod.CONNECT.equals(request.method())) {
        if (stopping) {
          Verdict verdict = Verdict.refuse(503, "the guard is shutting down");
          decisions.blocked(Flow.start(ctx, request.method().name(), request.uri()), verdict);
          return Responses.refusal(verdict.status(), verdict.reason(), true);
        }
        started(client);
      }
      return super.clientToProxyRequest(object);
    }
  }
}
