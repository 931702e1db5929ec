package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.util.Optional;
import org.mispguard.config.Instance;
import org.mispguard.policy.RequestDecision;

/**
 * What is known of one request as it crosses: on which listener, who, where to, what, since when.
 * Immutable; each step returns a new one. Client-controlled text is cleaned when it enters.
 */
record Flow(Listener listener, InetAddress client, String method, String path, String source, String destination,
    long startNanos, long requestBytes, long responseBytes) {

  /** A request read from the client connection of {@code ctx}. */
  static Flow start(ChannelHandlerContext ctx, String method, String path) {
    return start(Listener.of(ctx.channel()), Exchange.of(ctx.channel()).clientAddress(), method, path);
  }

  static Flow start(Listener listener, InetAddress client, String method, String path) {
    return new Flow(listener, client, LogText.clean(method), LogText.clean(path), "", "", System.nanoTime(), 0, 0);
  }

  Flow judged(RequestDecision decision) {
    return new Flow(listener, client, method, LogText.clean(decision.path()), "", "", startNanos, requestBytes,
        responseBytes).between(decision.source(), decision.destination());
  }

  /** The instances the policy identified (none, one or both). */
  Flow between(Optional<Instance> from, Optional<Instance> to) {
    return new Flow(listener, client, method, path, from.map(Instance::id).orElse(""),
        to.map(Instance::id).orElse(""), startNanos, requestBytes, responseBytes);
  }

  Flow plusRequestBytes(long more) {
    return new Flow(listener, client, method, path, source, destination, startNanos, requestBytes + more,
        responseBytes);
  }

  Flow plusResponseBytes(long more) {
    return new Flow(listener, client, method, path, source, destination, startNanos, requestBytes,
        responseBytes + more);
  }

  /** Body bytes judged, both directions together. */
  long bytes() {
    return requestBytes + responseBytes;
  }

  String clientIp() {
    return client == null ? "" : client.getHostAddress();
  }

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** {@code [METHOD]PATH}, as the log lines name a request. */
  String request() {
    return "[" + method + "]" + path;
  }

  /** This flow as the metrics count it, measured now. */
  org.mispguard.admin.Exchange exchange() {
    return new org.mispguard.admin.Exchange(listener.label(), source, destination, System.nanoTime() - startNanos, requestBytes,
        responseBytes);
  }
}
