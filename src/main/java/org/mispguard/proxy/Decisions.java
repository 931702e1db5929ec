package org.mispguard.proxy;

import java.net.InetAddress;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.policy.Verdict;

/**
 * Where every decision is reported. Wording of refusals is kept compatible with the reference
 * addon so that existing log parsers keep working: {@code request blocked: [METHOD]PATH - REASON}.
 */
final class Decisions {

  private static final Logger LOG = LogManager.getLogger(Decisions.class);

  void blocked(InetAddress client, String method, String path, Verdict verdict) {
    blockedLine("[" + LogText.clean(method) + "]" + LogText.clean(path), verdict);
    LOG.debug("blocked request came from {}", client == null ? "?" : client.getHostAddress());
  }

  /** @param request {@code [METHOD]PATH}, already cleaned */
  void blockedLine(String request, Verdict verdict) {
    LOG.error("request blocked: {} - {}", request, LogText.clean(verdict.reason()));
  }

  void notice(String text) {
    LOG.info(LogText.clean(text));
  }

  void allowed(InetAddress client, String method, String path) {
    LOG.debug("request allowed: [{}]{} from {}", LogText.clean(method), LogText.clean(path),
        client == null ? "?" : client.getHostAddress());
  }
}
