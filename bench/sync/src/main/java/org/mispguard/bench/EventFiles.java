package org.mispguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The event documents of a run: written once by {@code generate}, read by the upstream and the load client. */
final class EventFiles {

  static final String BIG_UUID = "8c4d2f6a-1b3e-4f70-9a25-6e1d0b7c3f48";
  static final String BLOCKED_UUID = "e17a9b30-5c2d-4e8f-b6a1-3d9f0c2e7b15";
  static final String SMALL_UUID = "3a5f7c91-2d4b-4e6a-8c0f-1b2d3e4f5a6b";
  static final int BIG_ATTRIBUTES = 50_000;
  static final int SMALL_ATTRIBUTES = 20;

  private EventFiles() {
  }

  static void generate(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir, SMALL_UUID, EventGenerator.event(SMALL_UUID, SMALL_ATTRIBUTES, false));
    write(dir, BIG_UUID, EventGenerator.event(BIG_UUID, BIG_ATTRIBUTES, false));
    write(dir, BLOCKED_UUID, EventGenerator.event(BLOCKED_UUID, BIG_ATTRIBUTES, true));
  }

  static byte[] read(Path dir, String uuid) throws IOException {
    return Files.readAllBytes(file(dir, uuid));
  }

  private static void write(Path dir, String uuid, byte[] event) throws IOException {
    Files.write(file(dir, uuid), event);
    System.out.printf("generated event %s: %,d bytes%n", uuid, event.length);
  }

  private static Path file(Path dir, String uuid) {
    return dir.resolve("event-" + uuid + ".json");
  }
}
