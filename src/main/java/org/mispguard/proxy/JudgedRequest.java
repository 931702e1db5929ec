package org.mispguard.proxy;

import java.util.Optional;
import org.mispguard.policy.Endpoint;
import org.mispguard.policy.Policy;
import org.mispguard.policy.RequestDecision;
import org.mispguard.policy.RequestFacts;

/**
 * A request as the policy in force when it arrived judged it. Its body, and the response to it,
 * are judged under that same policy, whenever and on whichever thread that happens, so that a
 * reload half-way through a request never changes the rules it is judged by.
 *
 * @param facts what the decision was made on: a judgement reached elsewhere is used only for a
 *     request with the same facts
 */
record JudgedRequest(Policy policy, RequestFacts facts, RequestDecision decision) {

  static JudgedRequest of(Policy policy, RequestFacts facts) {
    return new JudgedRequest(policy, facts, policy.request(facts));
  }

  /** Whether its bodies are judged at all: an allowed request outside the allowlist. */
  boolean judgesBodies() {
    return decision.verdict().allowed() && !decision.allowlisted();
  }

  /**
   * Whether the policy reads this request's body: its endpoint has something in it to judge.
   * Any other body is judged without being read.
   */
  boolean readsRequestBody() {
    return endpoint().map(e -> e.indexQuery() || e.requestBody().isPresent()).orElse(false);
  }

  /** As {@link #readsRequestBody()}, for the response to this request. */
  boolean readsResponseBody() {
    return endpoint().map(e -> e.responseBody().isPresent()).orElse(false);
  }

  private Optional<Endpoint> endpoint() {
    return judgesBodies() ? decision.endpoint() : Optional.empty();
  }
}
