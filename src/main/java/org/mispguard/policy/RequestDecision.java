package org.mispguard.policy;

import java.util.Optional;
import org.mispguard.config.Instance;

/**
 * The verdict on a request line plus what the body checks need later. Immutable; the proxy
 * keeps it for the request's lifetime so that the body is judged under the same policy.
 *
 * @param verdict     allowed, or why not
 * @param path        the canonical path, or the raw one when it was refused
 *                    (for logs: {@code request blocked: [METHOD]PATH - REASON})
 * @param endpoint    the catalogue row that matched; empty when blocked or allowlisted
 * @param source      the source instance (instances format)
 * @param destination the destination instance (instances format)
 * @param allowlisted true when the allowlist let it through (no body rules)
 * @param notice      a line for the log about an allowed request, e.g.
 *                    {@code url X was allowed by the allowlist}
 */
public record RequestDecision(
    Verdict verdict,
    String method,
    String path,
    Optional<Endpoint> endpoint,
    Optional<Instance> source,
    Optional<Instance> destination,
    boolean allowlisted,
    Optional<String> notice) {

  /** The shape before {@code notice} existed, kept so that code written against it still compiles. */
  public RequestDecision(Verdict verdict, String method, String path, Optional<Endpoint> endpoint,
      Optional<Instance> source, Optional<Instance> destination, boolean allowlisted) {
    this(verdict, method, path, endpoint, source, destination, allowlisted, Optional.empty());
  }

  /**
   * Whether the request's body decides anything: an allowed request outside the allowlist, to an
   * endpoint with a body to judge or an index query to check.
   */
  public boolean judgesRequestBody() {
    return judgesBodies() && (endpoint.orElseThrow().indexQuery() || endpoint.orElseThrow().requestBody().isPresent());
  }

  /** As {@link #judgesRequestBody()}, for the response to the request. */
  public boolean judgesResponseBody() {
    return judgesBodies() && endpoint.orElseThrow().responseBody().isPresent();
  }

  /** Whether its bodies are judged at all: an allowed request outside the allowlist (which has an endpoint). */
  public boolean judgesBodies() {
    return verdict.allowed() && !allowlisted;
  }

  static RequestDecision blocked(Verdict verdict, RequestFacts facts, String path) {
    return new RequestDecision(verdict, facts.method(), path, Optional.empty(), Optional.empty(),
        Optional.empty(), false, Optional.empty());
  }
}
