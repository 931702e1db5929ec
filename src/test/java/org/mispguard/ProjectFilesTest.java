package org.mispguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a newcomer meets before the guard runs: the deployment files and the first build. */
class ProjectFilesTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  /** {@code README.md ("Docker")} or {@code README.md, "Docker"}: a file, then the section on the same line. */
  private static final Pattern REFERENCE = Pattern.compile("(README[\\w.-]*\\.md)\\W{0,4}(\"([^\"]+)\")?");

  @Test
  void everyReadmeTheDeploymentFilesPointAtExistsWithItsSection() throws Exception {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("Dockerfile")));
    try (var deploy = Files.walk(ROOT.resolve("deploy"))) {
      deploy.filter(Files::isRegularFile).forEach(files::add);
    }
    int references = 0;
    for (Path file : files) {
      Matcher reference = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (reference.find()) {
        references++;
        Path readme = ROOT.resolve(reference.group(1));
        assertTrue(Files.exists(readme), file.getFileName() + " points at " + reference.group(1) + ", which does not exist");
        if (reference.group(3) != null) {
          String section = reference.group(3);
          assertTrue(Files.readAllLines(readme).stream().anyMatch(line -> line.matches("#+ " + Pattern.quote(section))),
              file.getFileName() + " points at section \"" + section + "\" of " + reference.group(1) + ", which has none");
        }
      }
    }
    assertTrue(references >= 3, "the Dockerfile and both service definitions say where to read more");
  }

  /**
   * Debian's Maven 3.8 with jansi 2 wrote colour resets around everything, even with -B -q: run.sh's
   * first build printed stray escape codes. Any Maven start shows it; the version is the quickest.
   */
  @Test
  void mavenPrintsNoTerminalEscapeCodesInThisProject() throws Exception {
    Process maven = new ProcessBuilder("mvn", "-B", "-q", "-v").directory(ROOT.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(maven.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, maven.exitValue(), output);
    assertFalse(output.contains("\u001b"), () -> "escape codes in: " + output.replace("\u001b", "ESC"));
  }
}
