package org.mispguard.proxy;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.admin.GuardMetrics;
import org.mispguard.policy.Verdict;

/**
 * Where every decision is reported: the log, and the metrics and the audit file when there are.
 * Refusals keep the reference addon's wording so that existing log parsers keep working:
 * {@code request blocked: [METHOD]PATH - REASON}.
 */
final class Decisions {

  private static final Logger LOG = LogManager.getLogger(Decisions.class);
  private static final String NOT_ALLOWED = "endpoint not allowed";

  private final AuditLog audit;
  private final GuardMetrics metrics;

  /**
   * @param audit the audit file, or null for none
   * @param metrics the metrics the admin listener serves, or null when there is no admin listener
   */
  Decisions(AuditLog audit, GuardMetrics metrics) {
    this.audit = audit;
    this.metrics = metrics;
  }

  void blocked(Flow flow, Verdict verdict) {
    String reason = LogText.clean(verdict.reason());
    if (NOT_ALLOWED.equals(reason)) {
      LOG.error("rejecting non allowed request to {}", flow.path());
    }
    LOG.error("request blocked: {} - {}", flow.request(), reason);
    LOG.debug("blocked request came from {}", flow.clientIp());
    if (metrics != null) {
      metrics.refused(flow.exchange(), verdict);
    }
    record(flow, false, verdict.status(), reason, verdict.ruleId());
  }

  /**
   * An opened tunnel is no request of its own: the requests inside it are counted. (Counted as
   * allowed, tunnels would hide from the metrics a remote to which every request is refused.)
   */
  void allowed(Flow flow, int status) {
    LOG.debug("request allowed: {} from {} ({})", flow.request(), flow.clientIp(), status);
    if (metrics != null && !"CONNECT".equals(flow.method())) {
      metrics.allowed(flow.exchange());
    }
    record(flow, true, status, "", "");
  }

  void notice(String text) {
    LOG.info(LogText.clean(text));
  }

  private void record(Flow flow, boolean allowed, int status, String reason, String rule) {
    if (audit != null) {
      audit.write(AuditLog.Entry.of(flow.clientIp(), flow.source(), flow.destination(), flow.method(),
          flow.path(), allowed, status, reason, LogText.clean(rule), flow.bytes(), flow.elapsedMillis()));
    }
  }
}
