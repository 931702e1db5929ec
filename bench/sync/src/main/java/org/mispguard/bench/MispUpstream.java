package org.mispguard.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * The remote MISP of the benchmark: HTTPS on its own address, answering the handful of sync calls
 * the scenarios make. It does as little as possible per request so the figures measure the path,
 * not the server.
 */
final class MispUpstream {

  private MispUpstream() {
  }

  static void serve(Args args) throws Exception {
    Path dir = args.path("dir");
    String hostName = args.text("host-name");
    InetSocketAddress address = new InetSocketAddress(args.text("bind"), args.number("port", 18443));
    UpstreamIdentity identity = UpstreamIdentity.create(hostName);
    identity.writeCaCertificate(args.path("ca-out"));
    SslContext tls = SslContextBuilder.forServer(identity.key(), identity.leaf(), identity.ca())
        .sslProvider(SslProvider.JDK)
        .build();
    Map<String, byte[]> events = Map.of(
        EventFiles.BIG_UUID, EventFiles.read(dir, EventFiles.BIG_UUID),
        EventFiles.BLOCKED_UUID, EventFiles.read(dir, EventFiles.BLOCKED_UUID));

    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel listener = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              channel.pipeline()
                  .addLast(tls.newHandler(channel.alloc()))
                  .addLast(new HttpServerCodec())
                  .addLast(new MispUpstreamHandler(events));
            }
          })
          .bind(address).sync().channel();
      System.out.println("upstream ready on " + hostName + " " + address);
      listener.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }
}
