package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigWatcherTest extends ConfigFileTest {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration SETTLE = Duration.ofMillis(50);

  private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
  private ConfigWatcher watcher;

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private static String seed(String ruleId) {
    return "{\"block_rules\": [{\"id\": \"" + ruleId + "\", \"blocked_tags\": [\"tlp:red\"]}]}";
  }

  private Path watch(boolean useNotices) {
    Path file = files.write(seed("first"));
    watcher = ConfigWatcher.start(file, POLL, SETTLE, useNotices, outcomes::add, outcomes::add);
    return file;
  }

  private Object next() throws InterruptedException {
    return outcomes.poll(10, TimeUnit.SECONDS);
  }

  private static String ruleId(Object outcome) {
    return assertInstanceOf(GuardConfig.class, outcome).blockRules().get(0).id();
  }

  @Test
  void validEditIsDelivered() throws Exception {
    Path file = watch(true);
    Files.writeString(file, seed("second"));
    assertEquals("second", ruleId(next()));
  }

  @Test
  void invalidEditReportsItsProblems() throws Exception {
    Path file = watch(true);
    Files.writeString(file, "{\"block_rules\": [{\"id\": \"x\", \"blocked_tag\": []}]}");
    ConfigException problem = assertInstanceOf(ConfigException.class, next());
    assertEquals("block_rules[0].blocked_tag: unknown key; did you mean `blocked_tags`?", problem.problems().get(0));
  }

  @Test
  void replacementByRenameIsDelivered() throws Exception {
    Path file = watch(true);
    Path temporary = Files.writeString(folder.resolve(".config.json.swp"), seed("renamed"));
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals("renamed", ruleId(next()));
  }

  @Test
  void pollingFindsChangesWithoutNotices() throws Exception {
    Path file = watch(false);
    Files.writeString(file, seed("polled"));
    assertEquals("polled", ruleId(next()));
  }

  @Test
  void aBurstOfWritesIsLoadedOnceInItsFinalState() throws Exception {
    Path file = watch(true);
    Files.writeString(file, "{\"block_rules\": [");
    Files.writeString(file, seed("final"));
    assertEquals("final", ruleId(next()));
    assertNull(outcomes.poll(500, TimeUnit.MILLISECONDS));
  }

  @Test
  void touchingWithoutChangingTheContentLoadsNothing() throws Exception {
    Path file = watch(true);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Files.writeString(file, seed("first"));
    assertNull(outcomes.poll(600, TimeUnit.MILLISECONDS));
  }

  @Test
  void aFailingCallbackDoesNotStopTheWatcher() throws Exception {
    Path file = files.write(seed("first"));
    watcher = ConfigWatcher.start(file, POLL, SETTLE, true, config -> {
      outcomes.add(config);
      throw new IllegalStateException("handler bug");
    }, outcomes::add);
    Files.writeString(file, seed("second"));
    assertEquals("second", ruleId(next()));
    Files.writeString(file, seed("third"));
    assertEquals("third", ruleId(next()));
  }

  @Test
  void deletedFileIsReportedAndItsReturnIsLoaded() throws Exception {
    Path file = watch(true);
    Files.delete(file);
    assertTrue(assertInstanceOf(ConfigException.class, next()).getMessage().endsWith("file not found"));
    Files.writeString(file, seed("back"));
    assertEquals("back", ruleId(next()));
  }

  @Test
  void nothingIsDeliveredAfterClose() throws Exception {
    Path file = watch(true);
    watcher.close();
    Files.writeString(file, seed("late"));
    assertNull(outcomes.poll(500, TimeUnit.MILLISECONDS));
  }
}
