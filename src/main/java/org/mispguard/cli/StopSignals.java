package org.mispguard.cli;

import sun.misc.Signal;

/**
 * SIGTERM (systemd, docker stop, supervisord) and SIGINT (Ctrl-C) ask the guard to stop
 * gracefully. They are caught here instead of letting the JVM shut down, because LittleProxy
 * registers its own shutdown hook that aborts every connection at once. SIGHUP, which would
 * otherwise end the JVM too, is logrotate's request to reopen the log files.
 */
final class StopSignals {

  private StopSignals() {}

  /** @return false when this JVM does not let signals be caught (then only the shutdown hook stops the guard) */
  static boolean onStop(Runnable stop) {
    try {
      Signal.handle(new Signal("TERM"), signal -> stop.run());
      Signal.handle(new Signal("INT"), signal -> stop.run());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      return false;
    }
  }

  /** @return false when this JVM does not let SIGHUP be caught */
  static boolean onHangup(Runnable reopen) {
    try {
      Signal.handle(new Signal("HUP"), signal -> reopen.run());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      return false;
    }
  }
}
