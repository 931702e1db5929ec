package org.mispguard.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.mispguard.policy.Verdict;

/**
 * The short, stable class of a refusal (SPEC §8), the only label value a refusal gives a metric:
 * a reason text quotes what the client sent (tags, hosts, types), a class never does, so the
 * number of series stays bounded whatever crosses. Three classes are failures of the guard or of
 * the upstream rather than judgements of the traffic; their requests count as outcome
 * {@code error}. A reason that no rule here knows is {@link #OTHER}.
 */
public enum RefusalClass {
  ENDPOINT, PATH, SOURCE, DESTINATION, COMPARTMENT, HOST_HEADER, REQUEST_TARGET, AUTHENTICATION,
  DISTRIBUTION, SHARING_GROUP, USER_ORG, TAG, ATTRIBUTE_TYPE, ATTRIBUTE_CATEGORY, OBJECT_TYPE,
  REQUIRED_TAXONOMY, INDEX_QUERY, INVALID_JSON, DOCUMENT, ENCODING, BODY_SIZE, FRAMING,
  UPSTREAM, UNAVAILABLE, INTERNAL, OTHER;

  /** Status codes that say the class on their own, whatever the wording. */
  private static final Map<Integer, RefusalClass> BY_STATUS =
      Map.of(407, AUTHENTICATION, 413, BODY_SIZE, 503, UNAVAILABLE, 504, UPSTREAM);

  /** The nouns of SPEC §5.7's reasons, each followed by what was blocked and the value as sent. */
  private static final List<String> SUBJECTS = List.of("event has blocked ", "attribute with a blocked ",
      "object with a blocked ", "event report has blocked ", "galaxy cluster has blocked ",
      "analyst data has blocked ");

  private static final List<String> NOUNS =
      List.of("event", "attribute", "object", "event report", "galaxy cluster", "analyst data");

  /**
   * Reasons known by how they start. A reason that carries client text carries it after a fixed
   * beginning, so these are tried first, and a value like a tag name can never select a class.
   */
  private static final List<Map.Entry<String, RefusalClass>> BY_PREFIX = List.of(
      Map.entry("endpoint not allowed", ENDPOINT),
      Map.entry("ambiguous request path", PATH),
      Map.entry("source host ", SOURCE),
      Map.entry("destination host ", DESTINATION),
      Map.entry("destination port ", DESTINATION),
      Map.entry("destination is the guard's", DESTINATION),
      Map.entry("request target does not match the destination", DESTINATION),
      Map.entry("cannot reach compartment", COMPARTMENT),
      Map.entry("user with organisation uuid", USER_ORG),
      Map.entry("{'minimal': 1, 'published': 1} is required", INDEX_QUERY),
      Map.entry("unsupported Content-Encoding", ENCODING),
      Map.entry("invalid JSON body", INVALID_JSON),
      Map.entry("empty message body", INVALID_JSON),
      Map.entry("duplicate key", INVALID_JSON),
      Map.entry("no `Event` property", DOCUMENT),
      Map.entry("no analyst data", DOCUMENT),
      Map.entry("unreadable document", DOCUMENT),
      Map.entry("exactly one Host header", HOST_HEADER),
      Map.entry("malformed Host header", HOST_HEADER),
      Map.entry("Host header does not", HOST_HEADER),
      Map.entry("not a proxy request", REQUEST_TARGET),
      Map.entry("malformed CONNECT target", REQUEST_TARGET),
      Map.entry("malformed destination in request URI", REQUEST_TARGET),
      Map.entry("a tunnelled request must name only a path", REQUEST_TARGET),
      Map.entry("CONNECT is not accepted by the reverse proxy", REQUEST_TARGET),
      Map.entry("the reverse proxy takes only a path", REQUEST_TARGET),
      Map.entry("method override header not allowed", ENDPOINT),
      Map.entry("form data not allowed", ENDPOINT),
      Map.entry("request was not read whole", FRAMING),
      Map.entry("malformed Content-Length", FRAMING),
      Map.entry("unsupported expectation", FRAMING),
      Map.entry("response was not read whole", FRAMING),
      Map.entry("malformed request", FRAMING),
      Map.entry("malformed response framing", FRAMING),
      Map.entry("ambiguous framing", FRAMING),
      Map.entry("pipelined request", FRAMING),
      Map.entry("cannot reach the upstream server", UPSTREAM),
      Map.entry("cannot resolve the upstream server's name", UPSTREAM),
      Map.entry("response to a request that was not judged", INTERNAL),
      Map.entry("unexpected error", INTERNAL),
      Map.entry("internal error", INTERNAL));

  /** What a subject prefix is followed by, per subject noun where it matters (type). */
  private static final List<Map.Entry<String, RefusalClass>> BLOCKED_WHAT = List.of(
      Map.entry("tag: ", TAG),
      Map.entry("distribution level: ", DISTRIBUTION),
      Map.entry("sharing group uuid: ", SHARING_GROUP),
      Map.entry("category: ", ATTRIBUTE_CATEGORY));

  /** Reasons composed by the guard from its own words only, known by how they end. */
  private static final List<Map.Entry<Predicate<String>, RefusalClass>> BY_SHAPE = List.of(
      Map.entry(r -> r.contains("body exceeds the limit of "), BODY_SIZE),
      Map.entry(r -> r.startsWith("malformed ") && (r.endsWith(" request body") || r.endsWith(" response body")),
          ENCODING),
      Map.entry(r -> r.endsWith(" request must not carry a body"), FRAMING),
      Map.entry(r -> r.endsWith(" is not an object") || r.endsWith(" is not a list")
          || r.endsWith(" is not a string") || r.contains(" has no "), DOCUMENT));

  /** The label value: the constant's name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A failure to serve (upstream unreachable or silent, guard unavailable or broken), not a judgement. */
  public boolean isError() {
    return this == UPSTREAM || this == UNAVAILABLE || this == INTERNAL;
  }

  public static RefusalClass of(Verdict verdict) {
    RefusalClass byStatus = BY_STATUS.get(verdict.status());
    return byStatus != null ? byStatus : of(verdict.reason());
  }

  static RefusalClass of(String reason) {
    for (Map.Entry<String, RefusalClass> known : BY_PREFIX) {
      if (reason.startsWith(known.getKey())) {
        return known.getValue();
      }
    }
    RefusalClass rule = ofRuleFinding(reason);
    if (rule != null) {
      return rule;
    }
    for (Map.Entry<Predicate<String>, RefusalClass> shape : BY_SHAPE) {
      if (shape.getKey().test(reason)) {
        return shape.getValue();
      }
    }
    return OTHER;
  }

  /** SPEC §5.7's wording: a subject, what of it was blocked, then the value (and the rule). */
  private static RefusalClass ofRuleFinding(String reason) {
    for (String noun : NOUNS) {
      if (reason.startsWith(noun + " is missing required taxonom")) {
        return REQUIRED_TAXONOMY;
      }
      if (reason.startsWith(noun + " has malformed distribution level")) {
        return DISTRIBUTION;
      }
    }
    for (String subject : SUBJECTS) {
      if (!reason.startsWith(subject)) {
        continue;
      }
      String what = reason.substring(subject.length());
      if (what.startsWith("type: ")) {
        return subject.startsWith("object") ? OBJECT_TYPE : ATTRIBUTE_TYPE;
      }
      for (Map.Entry<String, RefusalClass> blocked : BLOCKED_WHAT) {
        if (what.startsWith(blocked.getKey())) {
          return blocked.getValue();
        }
      }
    }
    return null;
  }
}
