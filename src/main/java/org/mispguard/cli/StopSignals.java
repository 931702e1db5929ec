package org.mispguard.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (systemd, docker stop, supervisord) and SIGINT (Ctrl-C) ask the guard to stop
 * gracefully. They are caught here instead of letting the JVM shut down, because LittleProxy
 * registers its own shutdown hook that aborts every connection at once. SIGHUP, which would
 * otherwise end the JVM too, is logrotate's request to reopen the log files.
 */
final class StopSignals {

  private StopSignals() {}

  /**
   * @return false when SIGTERM cannot be caught (then only the shutdown hook stops the guard). SIGINT
   *     is caught where it can be; a shell starts a background job with it ignored.
   */
  static boolean onStop(Runnable stop) {
    caught("INT", stop);
    return caught("TERM", stop);
  }

  /** @return false when this JVM does not let SIGHUP be caught */
  static boolean onHangup(Runnable reopen) {
    return caught("HUP", reopen);
  }

  /**
   * @return false when the signal cannot be caught: the JVM does not allow it, or the process was
   *     started with it ignored ({@code nohup} ignores SIGHUP), which the JVM then leaves as it is
   */
  private static boolean caught(String name, Runnable action) {
    try {
      return Signal.handle(new Signal(name), signal -> action.run()) != SignalHandler.SIG_IGN;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      return false;
    }
  }
}
