package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import org.littleshoot.proxy.HttpFilters;
import org.mispguard.policy.Verdict;

/**
 * The reverse listener's step in front of the guard's judgement (SPEC §2.2): a remote MISP server
 * addresses the guard as if it were the MISP server, so a request must be origin-form and its
 * Host header must name the guard. The request then travels as if tunnelled to the upstream: the
 * Host header is rewritten to the upstream's name (a web server behind TLS compares it with the
 * SNI name and picks its virtual host by it), and the guard judges it like any request to that
 * destination.
 */
final class ReverseFilters extends ForwardingFilters {

  private final ChannelHandlerContext ctx;
  private final ReverseRoute route;
  private final GuardFiltersSource source;

  ReverseFilters(HttpFilters judgement, ChannelHandlerContext ctx, ReverseRoute route, GuardFiltersSource source) {
    super(judgement);
    this.ctx = ctx;
    this.route = route;
    this.source = source;
  }

  @Override
  public HttpResponse clientToProxyRequest(HttpObject object) {
    if (object instanceof FullHttpRequest request) {
      Exchange exchange = Exchange.of(ctx.channel());
      String problem = problemOf(request, exchange);
      if (problem != null) {
        Verdict verdict = Verdict.block(problem);
        source.decisions().blocked(
            Flow.start(ctx, request.method().name(), request.uri()), verdict);
        return Responses.refusal(verdict.status(), verdict.reason(), true);
      }
      request.headers().set(HttpHeaderNames.HOST, route.upstream().toString());
      exchange.tunnelTo(route.upstream());
    }
    return super.clientToProxyRequest(object);
  }

  /** Without these checks a client could open a tunnel through the guard or reach another host. */
  private String problemOf(FullHttpRequest request, Exchange exchange) {
    if (HttpMethod.CONNECT.equals(request.method())) {
      return "CONNECT is not accepted by the reverse proxy";
    }
    if (!request.uri().startsWith("/")) {
      return "the reverse proxy takes only a path as request target";
    }
    return HostHeader.problem(request.headers(), exchange, 443, route::namesGuard,
        "Host header does not name this server");
  }
}
