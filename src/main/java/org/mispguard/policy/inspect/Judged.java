package org.mispguard.policy.inspect;

import java.util.List;

/**
 * The outcome of walking one element ahead of time: what it found, and the failure that ended the
 * walk, if one did. Replayed where the walker meets the element, it has the walk's very effect.
 *
 * @param findings in the order the walk found them
 * @param end what the walk threw (a malformed element, an unexpected error), or null
 */
record Judged(List<Finding> findings, Throwable end) {

  static final Judged CLEAN = new Judged(List.of(), null);

  void replay(Findings into) {
    for (int i = 0; i < findings.size(); i++) {
      into.add(findings.get(i).reason(), findings.get(i).ruleId());
    }
    if (end instanceof RuntimeException failure) {
      throw failure;
    }
    if (end instanceof Error failure) {
      throw failure;
    }
  }
}
