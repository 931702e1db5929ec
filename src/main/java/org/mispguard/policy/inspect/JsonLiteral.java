package org.mispguard.policy.inspect;

/** Values of the document tree that are not data the rules read. */
enum JsonLiteral {
  /** JSON {@code null}. */
  NULL,
  /** A value the rules never read; it was still parsed strictly (duplicate keys included). */
  SKIPPED;

  @Override
  public String toString() {
    return this == NULL ? "null" : "";
  }
}
