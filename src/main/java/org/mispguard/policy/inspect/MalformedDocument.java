package org.mispguard.policy.inspect;

/**
 * A document the guard cannot judge (bad JSON, wrong shape, unreadable value). Always ends in a
 * block; carries only the short reason, never document content beyond the offending key or value.
 */
final class MalformedDocument extends RuntimeException {

  MalformedDocument(String reason) {
    super(reason, null, false, false);
  }
}
