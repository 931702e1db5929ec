package org.mispguard.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one generated event to a file for the end-to-end scripts ({@code bench/run.sh},
 * {@code bench/faults.sh}), so that they send the same documents the inspection benchmark judges:
 * {@code java -cp benchmarks.jar org.mispguard.bench.EventFile ATTRIBUTES clean|blocked FILE}.
 */
public final class EventFile {

  private EventFile() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !(args[1].equals("clean") || args[1].equals("blocked"))) {
      System.err.println("usage: EventFile ATTRIBUTES clean|blocked FILE");
      System.exit(2);
    }
    Path file = Path.of(args[2]);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      EventGenerator.write(writer, Integer.parseInt(args[0]), args[1].equals("blocked"));
    }
  }
}
