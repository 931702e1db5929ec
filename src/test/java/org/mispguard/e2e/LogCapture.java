package org.mispguard.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects what the guard logs while a test runs, as "LEVEL message" lines. On a test class
 * ({@code @RegisterExtension final LogCapture logs = LogCapture.eachTest();}) it collects each
 * test's lines, from before its set-up to after its tear-down; {@link #attach} collects from now
 * until {@link #close}.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable, BeforeEachCallback,
    AfterEachCallback {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LogCapture() {
    super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
  }

  public static LogCapture attach() {
    LogCapture capture = new LogCapture();
    capture.register();
    return capture;
  }

  /** For one test: attached before it, closed after it. */
  public static LogCapture eachTest() {
    return new LogCapture();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    register();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  private void register() {
    start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage()
        + (event.getThrown() == null ? "" : " " + event.getThrown()));
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Forgets the lines collected so far: what follows is looked for on its own. */
  public void clear() {
    lines.clear();
  }

  /** Waits briefly, because a refusal may be logged on another thread just after the reply is written. */
  public boolean contains(String fragment) {
    long deadline = System.currentTimeMillis() + 2000;
    do {
      if (lines.stream().anyMatch(l -> l.contains(fragment))) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    } while (System.currentTimeMillis() < deadline);
    return false;
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
