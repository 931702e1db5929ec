package org.mispguard.policy.inspect;

/** A JSON number kept as its literal text, so PHP-like readings and log output see what was sent. */
record JsonNumber(String literal) {

  @Override
  public String toString() {
    return literal;
  }
}
