package org.mispguard.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.littleshoot.proxy.ActivityTrackerAdapter;
import org.littleshoot.proxy.FlowContext;
import org.littleshoot.proxy.ProxyAuthenticator;
import org.mispguard.policy.Verdict;

/**
 * Basic proxy authentication of the forward listener. LittleProxy checks it once per connection,
 * on its first request, and answers 407 with {@code Proxy-Authenticate} itself, telling no one
 * which request it refused. It writes that 407 while it reads the request, inside the guard's
 * hand-over of it ({@link RequestBeingRead}), so the refusal is recorded right then, for that
 * request, with the address the client is identified by ({@link ClientAddress}): the one a PROXY
 * protocol header announced, not what LittleProxy gives its trackers (the socket's peer, or
 * nothing before the connection has an upstream).
 */
final class ProxyAuthentication extends ActivityTrackerAdapter implements ProxyAuthenticator {

  private static final String REALM = "misp-guard";

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

  /**
   * A 407 sent outside the reading of a request is not LittleProxy's refusal (an upstream's answer
   * relayed, read from the upstream connection): it is not recorded as one.
   */
  @Override
  public void responseSentToClient(FlowContext flowContext, HttpResponse response) {
    if (HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED.equals(response.status())) {
      Flow refused = RequestBeingRead.flow(Listener.FORWARD);
      if (refused != null) {
        decisions.blocked(refused, Verdict.refuse(407, "proxy authentication failed"));
      }
    }
  }
}
