package org.mispguard.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scenario table: one scenario a line, columns separated by {@code |}, a header line,
 * and {@code #} comment lines. Kept as plain text so that the table reads like the specification.
 */
final class ScenarioTable {

  private static final int COLUMNS = 10;

  private ScenarioTable() {}

  static List<Scenario> read(String resource) {
    List<Scenario> scenarios = new ArrayList<>();
    boolean header = true;
    for (String line : text(resource).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      scenarios.add(scenario(line, resource));
    }
    return scenarios;
  }

  private static Scenario scenario(String line, String resource) {
    String[] cells = line.split("\\|", -1);
    if (cells.length != COLUMNS) {
      throw new IllegalArgumentException(resource + ": expected " + COLUMNS + " columns in «" + line + "»");
    }
    String verdict = cells[8].strip();
    if (!verdict.equals("allow") && !verdict.equals("block")) {
      throw new IllegalArgumentException(resource + ": verdict must be allow or block in «" + line + "»");
    }
    return new Scenario(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip(),
        cells[4].strip(), optional(cells[5]), optional(cells[6]), optional(cells[7]),
        verdict.equals("allow"), optional(cells[9]));
  }

  private static String optional(String cell) {
    return cell.isBlank() ? null : cell.strip();
  }

  static String text(String resource) {
    try (InputStream in = ScenarioTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] document(String name) {
    return name == null ? new byte[0] : text("/compat/documents/" + name).getBytes(StandardCharsets.UTF_8);
  }
}
