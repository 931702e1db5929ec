package org.mispguard.policy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.mispguard.config.RuleSet;

/** Test vocabulary: documents written with single quotes, judged the way the proxy judges them. */
final class Check {

  private Check() {}

  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** An event with the given members beside a harmless distribution. */
  static String event(String members) {
    return "{'Event':{'info':'demo','distribution':1" + (members.isEmpty() ? "" : "," + members) + "}}";
  }

  /** An attribute with the given members beside a harmless type and category. */
  static String attribute(String members) {
    return "{'type':'ip-src','category':'Network activity','value':'198.51.100.7'"
        + (members.isEmpty() ? "" : "," + members) + "}";
  }

  static List<Finding> findings(DocumentKind kind, String singleQuoted, RuleSet... rules) {
    return Inspector.inspect(kind, bytes(singleQuoted), List.of(rules), null, false);
  }

  /** The proxy's verdict: the first reason, or "" when the document may cross. */
  static String reason(DocumentKind kind, String singleQuoted, Rules... rules) {
    RuleSet[] sets = new RuleSet[rules.length];
    for (int i = 0; i < rules.length; i++) {
      sets[i] = rules[i].build();
    }
    List<Finding> found = findings(kind, singleQuoted, sets);
    return found.isEmpty() ? "" : found.get(0).reason();
  }

  static String eventReason(String singleQuoted, Rules... rules) {
    return reason(DocumentKind.EVENT, singleQuoted, rules);
  }

  /** Rules that block a tlp:red tag and passport numbers, for documents judged more than one way. */
  static final List<RuleSet> RED_AND_PASSPORTS =
      List.of(Rules.instance("inst_a").tags("tlp:red").types("passport-number").build());

  /** What a parse gives: the tree, or the refusal. */
  static Object outcome(Supplier<Object> parse) {
    try {
      return parse.get();
    } catch (MalformedDocument e) {
      return e;
    }
  }

  static byte[] bytes(String singleQuoted) {
    return json(singleQuoted).getBytes(StandardCharsets.UTF_8);
  }
}
