package org.mispguard.policy.inspect;

import java.util.ArrayList;
import java.util.List;

/** Collects findings; for the proxy, the first one ends the inspection (nothing more to learn). */
final class Findings {

  /** Unwinds the walk once the verdict is known; carries nothing. */
  static final class Enough extends RuntimeException {
    private static final Enough INSTANCE = new Enough();

    private Enough() {
      super(null, null, false, false);
    }
  }

  private final boolean all;
  private final List<Finding> found = new ArrayList<>();

  Findings(boolean all) {
    this.all = all;
  }

  void add(String reason, String ruleId) {
    found.add(new Finding(reason, ruleId));
    if (!all) {
      throw Enough.INSTANCE;
    }
  }

  /** A structural failure ends the inspection in every mode: nothing after it can be trusted. */
  void end(String reason) {
    found.add(new Finding(reason, ""));
  }

  List<Finding> list() {
    return List.copyOf(found);
  }

  /** The findings so far, which are then forgotten. */
  List<Finding> take() {
    if (found.isEmpty()) {
      return List.of();
    }
    List<Finding> taken = list();
    found.clear();
    return taken;
  }
}
