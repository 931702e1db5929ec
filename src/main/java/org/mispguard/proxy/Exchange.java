package org.mispguard.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.util.List;

/**
 * What the guard knows about one client connection, kept in one place for the connection's
 * life: where its requests go, the request in progress, and the bodies it holds. Created when
 * the connection is set up ({@link ChannelSetup}); every hook of every request on the
 * connection finds it through {@link #of(Channel)}.
 *
 * <p>Fields are written by the client connection's thread and read by the upstream connection's
 * thread too (a response, or an oversized one, is handled there), hence volatile.
 */
final class Exchange {

  private static final AttributeKey<Exchange> KEY = AttributeKey.valueOf("misp-guard.exchange");

  private final Channel client;
  private volatile InetAddress clientAddress;
  private volatile Authority tunnel;
  private volatile Flow flow;
  private volatile boolean busy;
  private volatile JudgedRequest judged;
  private final RecentResults<HostHeaderText, Authority> hostHeaders =
      new RecentResults<>(host -> Authority.parse(host.text(), host.defaultPort()));
  private final RecentResults<List<String>, String> acceptEncodings = new RecentResults<>(AcceptEncoding::restrict);
  private InflightBudget.Reservation requestBody;
  private InflightBudget.Reservation responseBody;

  private Exchange(Channel client) {
    this.client = client;
  }

  /** The exchange of a client connection; made on first use when the connection was set up elsewhere. */
  static Exchange of(Channel client) {
    Exchange known = client.attr(KEY).get();
    if (known != null) {
      return known;
    }
    Exchange fresh = new Exchange(client);
    Exchange existing = client.attr(KEY).setIfAbsent(fresh);
    if (existing != null) {
      return existing;
    }
    client.closeFuture().addListener(closed -> fresh.closed());
    return fresh;
  }

  Channel client() {
    return client;
  }

  /**
   * The address the client is identified by ({@link ClientAddress}), looked up at the first request
   * and kept: a PROXY protocol header comes before any request, and nothing changes it after. A
   * client identified by none (null, refused) is looked up again at each request.
   */
  InetAddress clientAddress() {
    InetAddress known = clientAddress;
    if (known == null) {
      known = ClientAddress.of(client);
      clientAddress = known;
    }
    return known;
  }

  /** @return the CONNECT target (forward) or the upstream (reverse) every request goes to; null for plain proxy requests */
  Authority tunnel() {
    return tunnel;
  }

  void tunnelTo(Authority target) {
    tunnel = target;
  }

  /** The request in progress, or the last one; a placeholder before the first. */
  Flow flow() {
    Flow current = flow;
    return current != null ? current : Flow.start(Listener.of(client), null, "?", "?");
  }

  void flow(Flow current) {
    flow = current;
  }

  /** The request in progress as the policy judged it, whose response is judged by the same judgement; null before the first. */
  JudgedRequest judged() {
    return judged;
  }

  void judged(JudgedRequest request) {
    judged = request;
  }

  /**
   * The authority a Host header names, as {@link Authority#parse} reads it; parsing took about a
   * microsecond of every small call.
   *
   * @throws IllegalArgumentException when the text is no plain {@code host[:port]}
   */
  Authority hostHeader(String text, int defaultPort) {
    return hostHeaders.of(new HostHeaderText(text, defaultPort));
  }

  private record HostHeaderText(String text, int defaultPort) {}

  /** What {@link AcceptEncoding#restrict} makes of the Accept-Encoding values a request carries. */
  String acceptEncoding(List<String> offered) {
    // a copy of its own: the memory must not see a list its caller changes
    return acceptEncodings.of(List.copyOf(offered));
  }

  /**
   * A request reached the guard and its reply has not yet been handed to the client. A second
   * request in that time was pipelined: LittleProxy would judge the first one's reply with the
   * second one's filters, so the guard refuses it.
   */
  boolean busy() {
    return busy;
  }

  void requestStarted() {
    busy = true;
  }

  void replied() {
    busy = false;
  }

  /**
   * The body {@code message} carries is LittleProxy's now (handed on, or swapped for its decoded
   * form by the filters). Its bytes leave the budget when Netty has written them; if LittleProxy
   * keeps a reference it never drops (as it does when an upstream connection fails), they leave it
   * at the latest when the next body of its direction is handed on or the connection closes. Not
   * before: a body being judged is its judging's, which lets go of it itself.
   */
  synchronized void holds(FullHttpMessage message) {
    if (!(message.content() instanceof HeldBody body)) {
      return;
    }
    if (message instanceof HttpRequest) {
      requestBody = replaced(requestBody, body.reservation());
    } else {
      responseBody = replaced(responseBody, body.reservation());
    }
  }

  private static InflightBudget.Reservation replaced(InflightBudget.Reservation held, InflightBudget.Reservation next) {
    if (held != next) {
      release(held);
    }
    return next;
  }

  private synchronized void closed() {
    busy = false;
    release(requestBody);
    release(responseBody);
    requestBody = null;
    responseBody = null;
  }

  private static void release(InflightBudget.Reservation reservation) {
    if (reservation != null) {
      reservation.release();
    }
  }
}
