package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.littleshoot.proxy.TransportProtocol;
import org.littleshoot.proxy.impl.ServerGroup;

/**
 * LittleProxy's threads, with two changes. Every client connection is set up by the guard right
 * after LittleProxy has built its pipeline and before its first byte is read. LittleProxy has no
 * hook for that moment; the group that registers the accepted connections has, since the
 * initializer added there runs after LittleProxy's own.
 *
 * <p>And an upstream connection lives on the thread of the client connection that opened it.
 * LittleProxy would put it on a thread of a second pool: then every request and every response
 * crosses between two threads, each crossing a queued task, a wake-up of the other thread and
 * a context switch, which on small calls cost more than the guard's own work.
 *
 * <p>Client connections share one event loop per two cores (at least one): the other cores are
 * left to the inspection threads, which have as much to do per request as the loops. LittleProxy's
 * eight loops on a two-core machine only took turns on the cores: each woke up for fewer events,
 * and switching between them cost more CPU per small call than the guard's checks. One loop per
 * core still did: on two cores, one loop instead of two took a 20-attribute push from 85 to about
 * 68 µs of the guard's CPU and raised its throughput by a sixth. A loop busy with a large body
 * decrypts it a read at a time, between the other connections' events.
 */
final class GuardServerGroup extends ServerGroup {

  private static final int CLIENT_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  /** Accepting is a small part of the work; one thread serves both listeners. */
  private static final int ACCEPTORS = 1;

  private final EventLoopGroup clientWorkers;

  /** @param setup what to do with each new client connection, on its own thread */
  @SuppressWarnings("deprecation") // NioEventLoopGroup: the kind of group LittleProxy 2.8 itself uses
  GuardServerGroup(String name, Consumer<Channel> setup) {
    super(name, ACCEPTORS, CLIENT_WORKERS, DEFAULT_OUTGOING_WORKER_THREADS);
    ChannelInitializer<Channel> guardSetup = new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        setup.accept(channel);
      }
    };
    this.clientWorkers = new NioEventLoopGroup(CLIENT_WORKERS,
        new DefaultThreadFactory(name + "-client")) {
      @Override
      public ChannelFuture register(Channel channel) {
        channel.pipeline().addLast(guardSetup);
        return super.register(channel);
      }
    };
  }

  /** The event loops client connections share, each with the upstream connections it opens. */
  static int clientLoops() {
    return CLIENT_WORKERS;
  }

  @Override
  public EventLoopGroup getClientToProxyWorkerPoolForTransport(TransportProtocol protocol) {
    return clientWorkers;
  }

  /**
   * LittleProxy opens an upstream connection on the thread of the client connection it serves;
   * that thread's own loop is a group of one.
   */
  @Override
  public EventLoopGroup getProxyToServerWorkerPoolForTransport(TransportProtocol protocol) {
    for (EventExecutor loop : clientWorkers) {
      if (loop.inEventLoop()) {
        return (EventLoop) loop;
      }
    }
    return super.getProxyToServerWorkerPoolForTransport(protocol);
  }

  @Override
  public void shutdown(boolean graceful) {
    super.shutdown(graceful);
    clientWorkers.shutdownGracefully(0, graceful ? 5 : 0, TimeUnit.SECONDS);
  }
}
