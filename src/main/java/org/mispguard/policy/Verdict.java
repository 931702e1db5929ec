package org.mispguard.policy;

import java.util.Objects;

/**
 * What the guard decided about one request, CONNECT or body.
 *
 * @param status  the HTTP status the client gets when blocked (403, 400, 413, 502)
 * @param reason  the log wording of SPEC §5.7 / §4 (rule suffix included); empty when allowed
 * @param ruleId  the rule that matched, or empty
 */
public record Verdict(boolean allowed, int status, String reason, String ruleId) {

  private static final Verdict ALLOW = new Verdict(true, 200, "", "");

  public Verdict {
    Objects.requireNonNull(reason);
    Objects.requireNonNull(ruleId);
  }

  public static Verdict allow() {
    return ALLOW;
  }

  public static Verdict block(String reason) {
    return new Verdict(false, 403, reason, "");
  }

  public static Verdict block(String reason, String ruleId) {
    return new Verdict(false, 403, reason, ruleId);
  }

  public static Verdict refuse(int status, String reason) {
    return new Verdict(false, status, reason, "");
  }

  public boolean blocked() {
    return !allowed;
  }
}
