package org.mispguard.cli;

/** Exit codes of SPEC §9 (and 3 for a document {@code explain} would block). */
final class ExitCode {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int BLOCK = 3;

  private ExitCode() {}
}
