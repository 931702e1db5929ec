package org.mispguard.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Host header a web server routes by: there must be exactly one, and it must name what the
 * guard checked, or the request could be re-routed behind the guard's back.
 */
final class HostHeader {

  private HostHeader() {}

  /**
   * @param exchange    the connection's, which keeps the last two Host headers it parsed
   * @param defaultPort the port a Host header without one means
   * @param expected    whether the named authority is the one the guard checked
   * @param mismatch    the reason when it is not
   * @return the reason to refuse, or null when the header is acceptable
   */
  static String problem(HttpHeaders headers, Exchange exchange, int defaultPort, Predicate<Authority> expected,
      String mismatch) {
    List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
    if (hosts.size() != 1) {
      return "exactly one Host header is required";
    }
    try {
      return expected.test(exchange.hostHeader(hosts.get(0).strip(), defaultPort)) ? null : mismatch;
    } catch (IllegalArgumentException e) {
      return "malformed Host header";
    }
  }
}
