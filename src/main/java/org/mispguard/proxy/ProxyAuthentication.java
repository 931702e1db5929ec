package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.littleshoot.proxy.ActivityTrackerAdapter;
import org.littleshoot.proxy.FlowContext;
import org.littleshoot.proxy.HttpFilters;
import org.littleshoot.proxy.HttpFiltersSource;
import org.littleshoot.proxy.ProxyAuthenticator;
import org.mispguard.policy.Verdict;

/**
 * Basic proxy authentication of the forward listener. LittleProxy checks it once per connection,
 * on its first request, and answers 407 with {@code Proxy-Authenticate} itself, telling no one
 * which request it refused. So the request is noted as it is read; LittleProxy then, on the same
 * event loop thread and before reading anything else, either writes its 407 (a refusal to record)
 * or hands the request to the filters (authenticated: forget it). The refusal is recorded with
 * the address the client is identified by ({@link ClientAddress}): the one a PROXY protocol header
 * announced, not what LittleProxy gives its trackers (the socket's peer, or nothing before the
 * connection has an upstream).
 */
final class ProxyAuthentication extends ActivityTrackerAdapter implements ProxyAuthenticator {

  private static final String REALM = "misp-guard";
  private static final ThreadLocal<Flow> BEING_READ = new ThreadLocal<>();

  private final ProxyCredentials credentials;
  private final Decisions decisions;

  ProxyAuthentication(ProxyCredentials credentials, Decisions decisions) {
    this.credentials = credentials;
    this.decisions = decisions;
  }

  @Override
  public boolean authenticate(String user, String password) {
    return credentials.matches(user, password);
  }

  @Override
  public String getRealm() {
    return REALM;
  }

  @Override
  public void requestReceivedFromClient(FlowContext flowContext, HttpRequest request) {
    Exchange reading = RequestBeingRead.exchange();
    BEING_READ.set(Flow.start(Listener.FORWARD, reading == null ? null : reading.clientAddress(),
        request.method().name(), request.uri()));
  }

  @Override
  public void responseSentToClient(FlowContext flowContext, HttpResponse response) {
    Flow refused = BEING_READ.get();
    BEING_READ.remove();
    if (refused != null && HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED.equals(response.status())) {
      decisions.blocked(refused, Verdict.refuse(407, "proxy authentication failed"));
    }
  }

  @Override
  public void connectionExceptionCaught(FlowContext flowContext, Throwable cause) {
    BEING_READ.remove();
  }

  /** The filters of {@code inner}, reached only by requests that passed authentication. */
  HttpFiltersSource admitting(HttpFiltersSource inner) {
    return new WrappingFiltersSource(inner) {
      @Override
      protected HttpFilters wrap(HttpFilters filters, ChannelHandlerContext ctx) {
        BEING_READ.remove();
        return filters;
      }
    };
  }
}
