package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Predicate;
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
 * The hooks of one request: judge the request (read whole by {@link BodyAggregator}) before
 * anything goes upstream, and the response (read whole too) before anything goes back. A body
 * comes judged already when it was worth judging away from the event loop ({@link InspectionGate});
 * its verdict is used for the very request it was reached for, else the body is judged here.
 * Every failure ends in a refusal; nothing here forwards a body it did not judge.
 */
final class GuardFilters extends HttpFiltersAdapter {

  static final String PIPELINED = "pipelined request: send the next request after the response";
  private static final Logger LOG = LogManager.getLogger(GuardFilters.class);

  /** The policy in force when the request arrived: as given, or the one its body was judged under. */
  private Policy policy;
  private final GuardFiltersSource source;
  private final Exchange exchange;
  private final InetAddress client;
  private Flow flow;
  private JudgedRequest judged;
  /** The verdict on the address the guard is about to connect to (a new upstream connection only). */
  private Verdict dialling = Verdict.allow();
  /** What the request offers upstream, set on it in {@link #proxyToServerRequest}. */
  private String acceptEncoding;

  GuardFilters(HttpRequest request, ChannelHandlerContext ctx, Policy policy, GuardFiltersSource source) {
    super(request, ctx);
    this.policy = policy;
    this.source = source;
    this.exchange = Exchange.of(ctx.channel());
    this.client = exchange.clientAddress();
    track(Flow.start(Listener.of(ctx.channel()), client, request.method().name(), request.uri()));
  }

  /** The request's flow, as this hook and any refusal raised outside the filters will name it. */
  private void track(Flow next) {
    flow = next;
    exchange.flow(next);
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
    if (exchange.busy()) {
      return refuse(Verdict.refuse(400, PIPELINED), true);
    }
    boolean bodiless = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
    if (bodiless && request.content().isReadable()) {
      return refuse(Verdict.refuse(400, "a " + request.method() + " request must not carry a body"), true);
    }
    try {
      if (HttpMethod.CONNECT.equals(request.method())) {
        return onConnect(request);
      }
      exchange.requestStarted();
      HttpResponse refusal = onRequest(request);
      if (refusal == null) {
        acceptEncoding = AcceptEncoding.take(request.headers(), exchange::acceptEncoding);
      }
      return refusal;
    } catch (RuntimeException e) {
      LOG.error("refusing a request after an internal error", e);
      return refuse(Verdict.block("internal error"), true);
    }
  }

  private HttpResponse onConnect(FullHttpRequest request) {
    if (exchange.tunnel() != null) {
      return refuse(Verdict.refuse(400, "a tunnelled request must name only a path"), true);
    }
    Authority target;
    try {
      target = Authority.parse(request.uri(), 443);
    } catch (IllegalArgumentException e) {
      return refuse(Verdict.refuse(400, "malformed CONNECT target"), true);
    }
    track(Flow.start(ctx, "CONNECT", target.toString()));
    ConnectDecision connect = policy.connect(client, target.host(), target.port());
    track(flow.between(connect.source(), connect.destination()));
    if (connect.verdict().blocked()) {
      return refuse(connect.verdict(), true);
    }
    exchange.tunnelTo(target);
    return null; // counted as allowed once the address it dials is known (proxyToServerRequest)
  }

  private HttpResponse onRequest(FullHttpRequest request) {
    String method = request.method().name();
    RequestRoute route;
    try {
      route = RequestRoute.of(exchange.tunnel(), request.uri());
    } catch (RequestRoute.Unroutable e) {
      return refuse(e.verdict(), true);
    }
    track(Flow.start(ctx, method, route.target()));
    String hostMismatch = HostHeader.problem(request.headers(), exchange, route.defaultPort(), route.destination()::sameAs,
        "Host header does not match the destination");
    if (hostMismatch != null) {
      return refuse(Verdict.block(hostMismatch), true);
    }

    RequestFacts facts = route.facts(client, method);
    BodyVerdict body = offLoop(request, judgedBefore -> judgedBefore.facts().equals(facts));
    judged = body != null ? body.request() : JudgedRequest.of(policy, facts);
    policy = judged.policy();
    exchange.judged(judged);
    RequestDecision decision = judged.decision();
    track(flow.judged(decision).plusRequestBytes(body != null ? body.receivedBytes() : request.content().readableBytes()));
    if (decision.verdict().blocked()) {
      return refuse(decision.verdict(), false);
    }
    Iterable<Map.Entry<CharSequence, CharSequence>> headers = request.headers()::iteratorCharSequence;
    Verdict override = MethodOverride.judge(headers);
    if (override.blocked()) {
      return refuse(override, false);
    }
    decision.notice().ifPresent(source.decisions()::notice);
    if (decision.allowlisted()) {
      return null;
    }
    Verdict verdict = body != null ? body.verdict() : judgeHere(request);
    return verdict.blocked() ? refuse(verdict, false) : null;
  }

  /** The verdict {@code message}'s body was given away from the event loop, if it was reached under {@code sameRequest}. */
  private static BodyVerdict offLoop(FullHttpMessage message, Predicate<JudgedRequest> sameRequest) {
    BodyVerdict verdict = message instanceof BodyVerdict.Carrier carrier ? carrier.bodyVerdict() : null;
    return verdict != null && sameRequest.test(verdict.request()) ? verdict : null;
  }

  @Override
  public HttpResponse proxyToServerRequest(HttpObject object) {
    if (dialling.blocked()) {
      return refuse(dialling, true);
    }
    if (object instanceof HttpRequest request && HttpMethod.CONNECT.equals(request.method())) {
      source.decisions().allowed(flow, 200);
    }
    if (acceptEncoding != null && object instanceof HttpRequest request) {
      AcceptEncoding.offer(request.headers(), acceptEncoding);
    }
    return null;
  }

  @Override
  public HttpObject proxyToClientResponse(HttpObject object) {
    if (object instanceof LastHttpContent) {
      exchange.replied();
    }
    return object;
  }

  /**
   * The response is LittleProxy's to release (its inbound handler does so after this returns), so a
   * refusal replaces it without releasing it; refusals are unpooled heap buffers, left to the GC.
   */
  @Override
  public HttpObject serverToProxyResponse(HttpObject object) {
    if (judged == null) {
      return refuse(Verdict.refuse(502, "response to a request that was not judged"), false);
    }
    if (!(object instanceof FullHttpResponse response)) {
      return refuse(Verdict.refuse(502, "response was not read whole"), false);
    }
    try {
      BodyVerdict body = offLoop(response, judgedBefore -> judgedBefore == judged);
      track(flow.plusResponseBytes(body != null ? body.receivedBytes() : response.content().readableBytes()));
      if (judged.decision().allowlisted()) {
        source.decisions().allowed(flow, response.status().code());
        return response;
      }
      Verdict verdict = judgeResponse(response, body);
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

  /** @param body the verdict given to its body away from the event loop, or null */
  private Verdict judgeResponse(FullHttpResponse response, BodyVerdict body) {
    if (response.decoderResult().isFailure() || response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return Verdict.refuse(502, "malformed response framing");
    }
    return body != null ? body.verdict() : judgeHere(response);
  }

  /** Judges a body that came without a verdict; the body may be swapped for its decoded form. */
  private Verdict judgeHere(FullHttpMessage message) {
    Verdict verdict = source.handlers().judge().judge(message, judged);
    exchange.holds(message);
    return verdict;
  }

  /**
   * The guard resolves the destination itself, as LittleProxy's resolver would, so that the address
   * it checks is the one it dials: a name that resolves to the guard's own admin listener is
   * refused in {@link #proxyToServerRequest}, which LittleProxy asks before it connects.
   */
  @Override
  public InetSocketAddress proxyToServerResolutionStarted(String hostAndPort) {
    Authority destination = Authority.parse(hostAndPort, 443);
    InetAddress address = policy.pinnedAddress(destination.host());
    if (address == null) {
      try {
        address = InetAddress.getByName(destination.host());
      } catch (UnknownHostException e) {
        return null; // LittleProxy's own attempt fails the same way and answers 502
      }
    }
    InetSocketAddress dialled = new InetSocketAddress(address, destination.port());
    dialling = policy.dialling(dialled);
    return dialled;
  }

  /** LittleProxy answers these itself (502, 504); they are recorded so the audit trail has every outcome. */
  @Override
  public void proxyToServerResolutionFailed(String hostAndPort) {
    source.decisions().blocked(flow, Verdict.refuse(502, "cannot resolve the upstream server's name"));
  }

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
    source.handlers().onUpstream(serverCtx.channel(), exchange);
  }

  private FullHttpResponse refuse(Verdict verdict, boolean close) {
    source.decisions().blocked(flow, verdict);
    return Responses.refusal(verdict.status(), verdict.reason(), close);
  }
}
