package org.mispguard.proxy;

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
}
