package org.mispguard.proxy;

import java.net.InetAddress;
import org.mispguard.policy.RequestFacts;
import org.mispguard.policy.Verdict;

/**
 * Where a request goes and what it names there, read from its request target and the tunnel it
 * came through (a CONNECT target, or the reverse listener's upstream). Whoever judges a request
 * reads it here, so that the filters and the judgement of its body name the same request.
 *
 * @param scheme      "https" inside a tunnel, "http" for a plain proxy request
 * @param destination the server the request goes to
 * @param target      the request target as the policy judges it: origin-form
 */
record RequestRoute(String scheme, Authority destination, String target) {

  /** A request target that names no destination the guard can judge; the verdict says why. */
  static final class Unroutable extends Exception {
    private final transient Verdict verdict;

    private Unroutable(Verdict verdict) {
      super(verdict.reason(), null, false, false);
      this.verdict = verdict;
    }

    Verdict verdict() {
      return verdict;
    }
  }

  /**
   * @param tunnel the CONNECT target or reverse upstream every request of the connection goes to;
   *     null on a plain proxy connection
   * @param uri    the request target as received
   */
  static RequestRoute of(Authority tunnel, String uri) throws Unroutable {
    if (tunnel != null) {
      if (!uri.startsWith("/")) {
        throw new Unroutable(Verdict.refuse(400, "a tunnelled request must name only a path"));
      }
      return new RequestRoute("https", tunnel, uri);
    }
    if (!uri.regionMatches(true, 0, "http://", 0, 7)) {
      throw new Unroutable(Verdict.block("not a proxy request: use http://HOST/PATH or CONNECT"));
    }
    int slash = uri.indexOf('/', 7);
    String authority = slash < 0 ? uri.substring(7) : uri.substring(7, slash);
    try {
      return new RequestRoute("http", Authority.parse(authority, 80), slash < 0 ? "" : uri.substring(slash));
    } catch (IllegalArgumentException e) {
      throw new Unroutable(Verdict.refuse(400, "malformed destination in request URI"));
    }
  }

  /** The port a Host header without one means. */
  int defaultPort() {
    return "https".equals(scheme) ? 443 : 80;
  }

  /** What the policy judges of a request by {@code method} from {@code client} on this route. */
  RequestFacts facts(InetAddress client, String method) {
    return new RequestFacts(client, method, scheme, destination.host(), destination.port(), target);
  }
}
