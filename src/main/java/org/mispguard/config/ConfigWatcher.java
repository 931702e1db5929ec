package org.mispguard.config;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reloads the configuration file when its content changes (SPEC §3.3). Change notices from
 * the file system are used when there are any, but the content is also compared on a timer,
 * because editors replace files by rename and some file systems (network shares, container
 * mounts) send no notices. A burst of writes is loaded once, after it has settled. A valid
 * file goes to {@code onValid}, an invalid one to {@code onInvalid}; the watcher itself never
 * throws and never stops the program.
 */
public final class ConfigWatcher implements Closeable {

  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SETTLE = Duration.ofMillis(300);

  private static final Logger LOG = LogManager.getLogger(ConfigWatcher.class);
  /** A file that keeps changing is loaded anyway after this many settle periods. */
  private static final int MAX_SETTLE_ROUNDS = 20;
  private static final byte[] UNREADABLE = new byte[0];

  private final Path file;
  private final Duration poll;
  private final Duration settle;
  private final Consumer<GuardConfig> onValid;
  private final Consumer<ConfigException> onInvalid;
  private final WatchService notices;
  private final Thread thread;
  private volatile boolean closed;
  private byte[] lastHash;

  private ConfigWatcher(Path file, Duration poll, Duration settle, boolean useNotices,
      Consumer<GuardConfig> onValid, Consumer<ConfigException> onInvalid) {
    this.file = file.toAbsolutePath().normalize();
    this.poll = poll;
    this.settle = settle;
    this.onValid = onValid;
    this.onInvalid = onInvalid;
    this.notices = useNotices ? registerNotices(this.file) : null;
    this.lastHash = hash(readOrNull());
    this.thread = new Thread(this::run, "config-watcher");
    this.thread.setDaemon(true);
  }

  /** Watches {@code file}, taking its present content as the one already in force. */
  public static ConfigWatcher start(Path file, Consumer<GuardConfig> onValid, Consumer<ConfigException> onInvalid) {
    return start(file, DEFAULT_POLL, DEFAULT_SETTLE, true, onValid, onInvalid);
  }

  static ConfigWatcher start(Path file, Duration poll, Duration settle, boolean useNotices,
      Consumer<GuardConfig> onValid, Consumer<ConfigException> onInvalid) {
    ConfigWatcher watcher = new ConfigWatcher(file, poll, settle, useNotices, onValid, onInvalid);
    watcher.thread.start();
    return watcher;
  }

  private static WatchService registerNotices(Path file) {
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      file.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
      return service;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("no change notices for {} ({}); checking it every few seconds instead", file, e.getMessage());
      return null;
    }
  }

  private void run() {
    while (!closed) {
      try {
        awaitChange();
        checkForChange();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("watching {} failed once, will keep watching", file, e);
      }
    }
  }

  /** Returns on a notice about the file or when the poll interval has passed. */
  private void awaitChange() throws InterruptedException {
    if (notices == null) {
      Thread.sleep(poll.toMillis());
      return;
    }
    WatchKey key = notices.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
    if (key != null) {
      key.pollEvents();
      key.reset();
    }
  }

  private void checkForChange() throws InterruptedException {
    byte[] content = readOrNull();
    if (Arrays.equals(hash(content), lastHash) || closed) {
      return;
    }
    for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      Thread.sleep(settle.toMillis());
      drainNotices();
      byte[] later = readOrNull();
      if (Arrays.equals(hash(later), hash(content))) {
        break;
      }
      content = later;
    }
    byte[] settled = hash(content);
    if (Arrays.equals(settled, lastHash) || closed) {
      return;
    }
    lastHash = settled;
    deliver(content);
  }

  private void drainNotices() {
    WatchKey key;
    while (notices != null && (key = notices.poll()) != null) {
      key.pollEvents();
      key.reset();
    }
  }

  private void deliver(byte[] content) {
    LOG.info("{} changed, reloading", file);
    try {
      GuardConfig config = content == null
          ? ConfigLoader.load(file)
          : ConfigLoader.parse(content, file);
      onValid.accept(config);
    } catch (ConfigException e) {
      onInvalid.accept(e);
    } catch (RuntimeException e) {
      LOG.error("applying the changed {} failed; the previous configuration stays in force", file, e);
    }
  }

  private byte[] readOrNull() {
    try {
      return ConfigLoader.read(file);
    } catch (ConfigException e) {
      return null;
    }
  }

  private static byte[] hash(byte[] content) {
    if (content == null) {
      return UNREADABLE;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    if (notices != null) {
      try {
        notices.close();
      } catch (IOException e) {
        LOG.debug("closing the change notices of {} failed", file, e);
      }
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
