package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.littleshoot.proxy.impl.ClientToProxyConnection;
import org.mispguard.policy.HostNames;

/**
 * The address a client is identified by: the source a PROXY protocol header announced, on a
 * listener that requires one (SPEC §4.1), else the socket's peer. A header without a source (a
 * load balancer's own health check, {@code PROXY UNKNOWN}) identifies no one: null, refused.
 * Looked up once per connection ({@link Exchange#clientAddress}).
 */
final class ClientAddress {

  private ClientAddress() {}

  static InetAddress of(Channel client) {
    ClientToProxyConnection connection = client.pipeline().get(ClientToProxyConnection.class);
    if (connection != null && connection.getHaProxyMessage() != null) {
      return announced(connection.getHaProxyMessage());
    }
    return client.remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
  }

  private static InetAddress announced(HAProxyMessage header) {
    String source = header.sourceAddress();
    return source == null ? null : HostNames.ipLiteral(source).orElse(null);
  }
}
