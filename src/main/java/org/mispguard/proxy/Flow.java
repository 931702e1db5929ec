package org.mispguard.proxy;

import java.net.InetAddress;
import org.mispguard.config.Instance;
import org.mispguard.policy.RequestDecision;

/**
 * What is known of one request as it crosses: who, where to, what, since when. Immutable; each
 * step returns a new one. Client-controlled text is cleaned when it enters.
 */
record Flow(InetAddress client, String method, String path, String source, String destination,
    long startNanos, long bytes) {

  static Flow start(InetAddress client, String method, String path) {
    return new Flow(client, LogText.clean(method), LogText.clean(path), "", "", System.nanoTime(), 0);
  }

  Flow judged(RequestDecision decision) {
    return new Flow(client, method, LogText.clean(decision.path()),
        decision.source().map(Instance::id).orElse(""),
        decision.destination().map(Instance::id).orElse(""), startNanos, bytes);
  }

  Flow plusBytes(long more) {
    return new Flow(client, method, path, source, destination, startNanos, bytes + more);
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
}
