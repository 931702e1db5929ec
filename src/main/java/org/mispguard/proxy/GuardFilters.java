package org.mispguard.proxy;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.littleshoot.proxy.HttpFiltersAdapter;
import org.mispguard.policy.ConnectDecision;
import org.mispguard.policy.MethodOverride;
import org.mispguard.policy.Policy;
import org.mispguard.policy.RequestDecision;
import org.mispguard.policy.RequestFacts;
import org.mispguard.policy.Verdict;

/**
 * The hooks of one request: judge the (aggregated, decoded) request before anything goes
 * upstream, and the (aggregated, decoded) response before anything goes back. Every failure
 * ends in a refusal; nothing here forwards a body it did not judge.
 */
final class GuardFilters extends HttpFiltersAdapter {

  private static final Logger LOG = LogManager.getLogger(GuardFilters.class);

  private final Policy policy;
  private final GuardFiltersSource source;
  private final InetAddress client;
  private Flow flow;
  private RequestDecision decision;

  GuardFilters(HttpRequest request, ChannelHandlerContext ctx, Policy policy, GuardFiltersSource source) {
    super(request, ctx);
    this.policy = policy;
    this.source = source;
    this.client = ClientAddress.of(ctx);
    this.flow = Flow.start(client, request.method().name(), request.uri());
    if (HttpMethod.CONNECT.equals(request.method()) && request instanceof FullHttpRequest copy) {
      ClientChannel.releaseConnectCopyOnClose(ctx.channel(), copy);
    }
  }

  @Override
  public HttpResponse clientToProxyRequest(HttpObject object) {
    if (!(object instanceof FullHttpRequest request)) {
      return refuse(Verdict.refuse(400, "request was not read whole"), true);
    }
    if (request.decoderResult().isFailure()) {
      return refuse(Verdict.refuse(400, "malformed request"), true);
    }
    if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return refuse(Verdict.refuse(400, "ambiguous framing: Transfer-Encoding other than chunked"), true);
    }
    if (ClientChannel.awaitingResponse(ctx.channel())) {
      return refuse(Verdict.refuse(400, "pipelined request: send the next request after the response"), true);
    }
    boolean bodiless = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
    if (bodiless && request.content().isReadable()) {
      return refuse(Verdict.refuse(400, "a " + request.method() + " request must not carry a body"), true);
    }
    try {
      if (HttpMethod.CONNECT.equals(request.method())) {
        return onConnect(request);
      }
      HttpResponse refusal = onRequest(request);
      if (refusal == null) {
        AcceptEncoding.restrict(request.headers());
        ClientChannel.awaitResponse(ctx.channel());
      }
      return refusal;
    } catch (RuntimeException e) {
      LOG.error("refusing a request after an internal error", e);
      return refuse(Verdict.block("internal error"), true);
    }
  }

  private HttpResponse onConnect(FullHttpRequest request) {
    if (ClientChannel.target(ctx.channel()) != null) {
      return refuse(Verdict.refuse(400, "a tunnelled request must name only a path"), true);
    }
    Authority target;
    try {
      target = Authority.parse(request.uri(), 443);
    } catch (IllegalArgumentException e) {
      return refuse(Verdict.refuse(400, "malformed CONNECT target"), true);
    }
    flow = Flow.start(client, "CONNECT", target.toString());
    ConnectDecision connect = policy.connect(client, target.host(), target.port());
    if (connect.verdict().blocked()) {
      return refuse(connect.verdict(), true);
    }
    ClientChannel.rememberTarget(ctx.channel(), target);
    source.limitRequests(ctx.channel());
    source.decisions().allowed(flow, 200);
    return null;
  }

  private HttpResponse onRequest(FullHttpRequest request) {
    String method = request.method().name();
    Authority tunnel = ClientChannel.target(ctx.channel());
    String uri = request.uri();
    Authority destination;
    String target;
    String scheme;
    if (tunnel != null) {
      if (!uri.startsWith("/")) {
        return refuse(Verdict.refuse(400, "a tunnelled request must name only a path"), true);
      }
      scheme = "https";
      destination = tunnel;
      target = uri;
    } else {
      if (!uri.regionMatches(true, 0, "http://", 0, 7)) {
        return refuse(Verdict.block("not a proxy request: use http://HOST/PATH or CONNECT"), true);
      }
      int slash = uri.indexOf('/', 7);
      String authority = slash < 0 ? uri.substring(7) : uri.substring(7, slash);
      try {
        destination = Authority.parse(authority, 80);
      } catch (IllegalArgumentException e) {
        return refuse(Verdict.refuse(400, "malformed destination in request URI"), true);
      }
      scheme = "http";
      target = slash < 0 ? "" : uri.substring(slash);
      source.limitRequests(ctx.channel());
    }
    flow = Flow.start(client, method, target);
    ClientChannel.rememberFlow(ctx.channel(), flow);
    String hostMismatch = HostHeader.problem(request.headers(), "https".equals(scheme) ? 443 : 80,
        destination::sameAs, "Host header does not match the destination");
    if (hostMismatch != null) {
      return refuse(Verdict.block(hostMismatch), true);
    }

    decision = policy.request(new RequestFacts(client, method, scheme, destination.host(), destination.port(), target));
    flow = flow.judged(decision).plusBytes(request.content().readableBytes());
    ClientChannel.rememberFlow(ctx.channel(), flow);
    if (decision.verdict().blocked()) {
      return refuse(decision.verdict(), false);
    }
    Verdict override = MethodOverride.judge(request.headers());
    if (override.blocked()) {
      return refuse(override, false);
    }
    decision.notice().ifPresent(source.decisions()::notice);
    if (decision.allowlisted()) {
      return null;
    }
    try {
      source.decoder().decodeInPlace(request);
    } catch (BodyDecoder.Undecodable e) {
      return refuse(e.refusal(true), true);
    }
    Verdict body = policy.inspectRequest(decision, () -> ByteBufUtil.getBytes(request.content()));
    if (body.blocked()) {
      return refuse(body, false);
    }
    return null;
  }

  @Override
  public HttpObject proxyToClientResponse(HttpObject object) {
    ClientChannel.responded(ctx.channel());
    return object;
  }

  /**
   * The response is LittleProxy's to release (its inbound handler does so after this returns), so a
   * refusal replaces it without releasing it; refusals are unpooled heap buffers, left to the GC.
   */
  @Override
  public HttpObject serverToProxyResponse(HttpObject object) {
    if (decision == null) {
      return refuse(Verdict.refuse(502, "response to a request that was not judged"), false);
    }
    if (!(object instanceof FullHttpResponse response)) {
      return refuse(Verdict.refuse(502, "response was not read whole"), false);
    }
    try {
      flow = flow.plusBytes(response.content().readableBytes());
      if (decision.allowlisted()) {
        source.decisions().allowed(flow, response.status().code());
        return response;
      }
      Verdict verdict = judgeResponse(response);
      if (verdict.blocked()) {
        return refuse(verdict, false);
      }
      source.decisions().allowed(flow, response.status().code());
      return response;
    } catch (RuntimeException e) {
      LOG.error("refusing a response after an internal error", e);
      return refuse(Verdict.block("internal error"), false);
    }
  }

  private Verdict judgeResponse(FullHttpResponse response) {
    if (response.decoderResult().isFailure() || response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return Verdict.refuse(502, "malformed response framing");
    }
    try {
      source.decoder().decodeInPlace(response);
    } catch (BodyDecoder.Undecodable e) {
      return e.refusal(false);
    }
    return policy.inspectResponse(decision, response.status().code(),
        () -> ByteBufUtil.getBytes(response.content()), response.headers().get("X-UserOrgUUID"));
  }

  @Override
  public InetSocketAddress proxyToServerResolutionStarted(String hostAndPort) {
    Authority destination = Authority.parse(hostAndPort, 443);
    InetAddress pinned = policy.pinnedAddress(destination.host());
    return pinned == null ? null : new InetSocketAddress(pinned, destination.port());
  }

  /** LittleProxy answers these itself (502, 504); they are recorded so the audit trail has every outcome. */
  @Override
  public void proxyToServerConnectionFailed() {
    source.decisions().blocked(flow, Verdict.refuse(502, "cannot reach the upstream server"));
  }

  @Override
  public void serverToProxyResponseTimedOut() {
    source.decisions().blocked(flow, Verdict.refuse(504, "the upstream server did not answer in time"));
  }

  @Override
  public void proxyToServerConnectionSucceeded(ChannelHandlerContext serverCtx) {
    source.limitResponses(serverCtx.channel(), ctx.channel());
  }

  private FullHttpResponse refuse(Verdict verdict, boolean close) {
    source.decisions().blocked(flow, verdict);
    return Responses.refusal(verdict.status(), verdict.reason(), close);
  }

}
