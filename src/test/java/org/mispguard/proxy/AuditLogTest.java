package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by renaming (logrotate's default): after a reopen the next line goes to a new file. */
class AuditLogTest {

  @TempDir Path folder;

  private static AuditLog.Entry entry(String path) {
    return AuditLog.Entry.of("127.0.0.3", "inst_a", "inst_b", "GET", path, true, 200, "", "", 0, 1);
  }

  @Test
  void aReopenedLogContinuesInANewFileAtThePath() throws Exception {
    Path file = folder.resolve("audit.jsonl");
    Path rotated = folder.resolve("audit.jsonl.1");
    try (AuditLog audit = AuditLog.open(file)) {
      audit.write(entry("/servers/getVersion"));
      Files.move(file, rotated);
      audit.write(entry("/events/index"));

      audit.reopen();
      audit.write(entry("/users/view/me.json"));
    }

    List<String> old = Files.readAllLines(rotated);
    assertEquals(2, old.size(), "lines written before the reopen stay in the renamed file");
    List<String> current = Files.readAllLines(file);
    assertEquals(1, current.size());
    assertTrue(current.get(0).contains("/users/view/me.json"), current.get(0));
  }

  @Test
  void aPathThatCannotBeReopenedKeepsTheOpenFile() throws Exception {
    Path dir = folder.resolve("logs");
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog audit = AuditLog.open(file)) {
      Path moved = folder.resolve("moved");
      Files.move(dir, moved);
      Files.writeString(dir.getParent().resolve("logs"), "a file where the folder was");

      audit.reopen();
      audit.write(entry("/servers/getVersion"));

      assertEquals(1, Files.readAllLines(moved.resolve("audit.jsonl")).size(), "no line is lost");
    }
  }
}
