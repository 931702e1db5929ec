package org.mispguard.policy.inspect;

/** The kind of element a block reason speaks of, with the reference addon's wording (SPEC §5.7). */
enum Subject {
  EVENT("event", "event has blocked "),
  ATTRIBUTE("attribute", "attribute with a blocked "),
  OBJECT("object", "object with a blocked "),
  EVENT_REPORT("event report", "event report has blocked "),
  GALAXY_CLUSTER("galaxy cluster", "galaxy cluster has blocked "),
  ANALYST_DATA("analyst data", "analyst data has blocked ");

  final String noun;
  private final String blockedPrefix;

  Subject(String noun, String blockedPrefix) {
    this.noun = noun;
    this.blockedPrefix = blockedPrefix;
  }

  /** e.g. {@code blocked("tag", "tlp:red")} gives {@code event has blocked tag: tlp:red}. */
  String blocked(String what, String value) {
    return blockedPrefix + what + ": " + value;
  }
}
