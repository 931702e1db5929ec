package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The address a client is identified by. */
final class ClientAddress {

  private ClientAddress() {}

  static InetAddress of(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
  }
}
