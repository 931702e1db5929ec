package org.mispguard.policy.inspect;

import java.util.List;
import java.util.Map;
import org.mispguard.config.RuleSet;

/** Judges decoded MISP documents against rule sets. Knows nothing of the network. */
public final class Inspector {

  /**
   * From this size on, and for any body read as it arrives, an event's attributes and objects are
   * judged as they are read ({@link EarlyJudgement}), which keeps a large event's trees from piling
   * up. A smaller event read whole is walked once read, which is quicker: a 25 kB event is judged
   * in a tenth less time.
   */
  static final int JUDGED_WHILE_READ = 1024 * 1024;

  private Inspector() {}

  /**
   * Inspects one decoded body. Never throws: anything it cannot read is a finding (fail closed).
   *
   * @param body the whole body; null is an empty one
   * @param userOrgUuid the X-UserOrgUUID of a pull response (SPEC §5.6), or null
   * @param allFindings false: stop at the first finding (the proxy); true: collect every one (explain)
   * @return the findings; empty means the document may cross
   */
  public static List<Finding> inspect(
      DocumentKind kind, byte[] body, List<RuleSet> rules, String userOrgUuid, boolean allFindings) {
    return inspect(kind, body == null ? new byte[0] : body, 0, body == null ? 0 : body.length, rules, userOrgUuid,
        allFindings);
  }

  /**
   * Inspects the decoded body held in {@code array[offset, offset + length)} in place; nothing
   * outside that range is read, so a caller may pass a buffer longer than its body.
   */
  public static List<Finding> inspect(DocumentKind kind, byte[] array, int offset, int length,
      List<RuleSet> rules, String userOrgUuid, boolean allFindings) {
    return inspect(kind, ArrivingBody.whole(array, offset, length), rules, userOrgUuid, allFindings);
  }

  /**
   * Inspects a body that may still be arriving ({@link ArrivingBody}), as the whole body would be
   * inspected.
   *
   * @return the findings, as for the whole body; null when only the whole body can decide (the
   *     body stopped arriving, or something was cut by the end of what had arrived)
   */
  public static List<Finding> inspect(DocumentKind kind, ArrivingBody body, List<RuleSet> rules,
      String userOrgUuid, boolean allFindings) {
    return inspect(kind, body, rules, userOrgUuid, allFindings,
        body.readWhileArriving() || body.length() >= JUDGED_WHILE_READ);
  }

  /** @param judgeWhileRead whether an event's attributes and objects are judged as they are read */
  static List<Finding> inspect(DocumentKind kind, ArrivingBody body, List<RuleSet> rules, String userOrgUuid,
      boolean allFindings, boolean judgeWhileRead) {
    Findings findings = new Findings(allFindings);
    try {
      StrictJson.ListElements early =
          kind == DocumentKind.EVENT && judgeWhileRead ? new EarlyJudgement(rules, userOrgUuid) : null;
      Object root = StrictJson.parse(body, early);
      walk(kind, root, new DocumentWalker(new RuleChecks(rules, userOrgUuid, findings)));
    } catch (Findings.Enough e) {
      // the first finding decides: it was read whole, as any element is before it is judged
    } catch (MalformedDocument e) {
      if (!body.readToEnd()) {
        return null;
      }
      findings.end(e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      if (!body.readToEnd()) {
        return null;
      }
      findings.end("unreadable document, rejecting");
    }
    return findings.list();
  }

  private static void walk(DocumentKind kind, Object root, DocumentWalker walker) {
    switch (kind) {
      case EVENT -> {
        if (!(root instanceof Map<?, ?> document) || !document.containsKey("Event")) {
          throw new MalformedDocument("no `Event` property in request body");
        }
        walker.event(Shapes.object(document.get("Event"), "Event"));
      }
      case PROPOSALS, SHADOW_ATTRIBUTE_INDEX -> walker.proposals(root);
      case GALAXY_CLUSTER -> walker.clusterDocument(Shapes.object(root, "galaxy cluster document"));
      case GALAXY_CLUSTER_LIST -> {
        for (Object document : Shapes.documents(root, "galaxy cluster list")) {
          walker.clusterDocument(Shapes.object(document, "galaxy cluster document"));
        }
      }
      case ANALYST_DATA_INDEX, ANALYST_DATA_PUSH -> {
        for (Object document : Shapes.documents(root, "analyst data list")) {
          walker.analystDataDocument(Shapes.object(document, "analyst data document"));
        }
      }
    }
  }

  /**
   * The /events/index and /galaxy_clusters/restSearch request check: the JSON body must hold
   * {@code minimal} = 1 and {@code published} = 1 (PHP-loose: 1, "1", true).
   *
   * @return empty when the body passes, else the reason
   *     ({@code {'minimal': 1, 'published': 1} is required for PATH requests})
   */
  public static List<Finding> requireMinimalPublished(byte[] body, String path) {
    return requireMinimalPublished(body == null ? new byte[0] : body, 0, body == null ? 0 : body.length, path);
  }

  /** {@link #requireMinimalPublished(byte[], String)} on the body in {@code array[offset, offset + length)}. */
  public static List<Finding> requireMinimalPublished(byte[] array, int offset, int length, String path) {
    return requireMinimalPublished(ArrivingBody.whole(array, offset, length), path);
  }

  /** {@link #requireMinimalPublished(byte[], String)} on a body that may still be arriving; null as for {@link #inspect(DocumentKind, ArrivingBody, List, String, boolean)}. */
  public static List<Finding> requireMinimalPublished(ArrivingBody body, String path) {
    Object root;
    try {
      root = StrictJson.parse(body, null);
    } catch (MalformedDocument e) {
      return body.readToEnd() ? List.of(new Finding(e.getMessage(), "")) : null;
    } catch (RuntimeException | StackOverflowError e) {
      return body.readToEnd() ? List.of(new Finding(StrictJson.INVALID, "")) : null;
    }
    if (root instanceof Map<?, ?> params && isOne(params.get("minimal")) && isOne(params.get("published"))) {
      return List.of();
    }
    return List.of(
        new Finding(
            "{'minimal': 1, 'published': 1} is required for " + ControlCharacters.strip(path) + " requests", ""));
  }

  private static boolean isOne(Object value) {
    return value != null && PhpNumbers.smallInteger(value, 1) == 1;
  }
}
