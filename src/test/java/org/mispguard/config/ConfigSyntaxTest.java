package org.mispguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mispguard.config.ConfigFiles.json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigSyntaxTest extends ConfigFileTest {

  @Test
  void invalidJsonNamesLineAndColumn() {
    assertEquals(List.of("invalid JSON at line 3 column 1: the file ends too early; is a } or ] missing?"),
        files.problems("{\n  \"block_rules\": []\n"));
  }

  @Test
  void lenientJsonIsRefusedWithTheReason() {
    assertEquals(List.of("invalid JSON at line 1 column 22: not JSON (single quotes, comments, unquoted names"
            + " and trailing commas are not allowed)"),
        files.problems("{\"block_rules\": [], // rules\n}"));
  }

  @Test
  void duplicateKeysAreReportedWithEveryOtherProblem() {
    assertEquals(List.of(
            "block_rules[0].blocked_tags: duplicate key; keep only one of them",
            "block_rules: duplicate key; keep only one of them",
            "block_rules[0].id: rule id `Bad` must match ^[a-z0-9_-]+$"),
        files.problems(json("{'block_rules': [{'id': 'x', 'blocked_tags': [], 'blocked_tags': ['tlp:red']}],"
            + " 'block_rules': [{'id': 'Bad'}]}")));
  }

  @Test
  void emptyFileAndNonObjectTopLevel() {
    assertEquals(List.of("the file is empty; it must hold one JSON object"), files.problems(" \n"));
    assertEquals(List.of("(top level): must be a JSON object {…}"), files.problems("[]"));
  }

  @Test
  void trailingContentIsRefused() {
    assertEquals(1, files.problems("{\"block_rules\": []} {}").size());
  }

  @Test
  void missingFileIsNamed() {
    Path absent = folder.resolve("absent.json");
    assertEquals(List.of(absent + ": file not found"),
        assertThrows(ConfigException.class, () -> ConfigLoader.load(absent)).problems());
  }

  @Test
  void byteOrderMarkIsAcceptedAndInvalidUtf8IsNot() throws Exception {
    Path file = folder.resolve("bom.json");
    Files.write(file, ("\uFEFF{\"block_rules\": []}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(GuardConfig.Format.SEED, ConfigLoader.load(file).format());
    Files.write(file, new byte[] {'{', (byte) 0xC3, '}'});
    assertEquals(List.of(file + ": the file is not UTF-8 text"),
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).problems());
  }

  @Test
  void oddKeysGetQuotedPaths() {
    assertEquals(List.of("allowlist[\"my key\"]: unknown key; known keys here: domains, urls"),
        files.problems(json("{'block_rules': [], 'allowlist': {'my key': []}}")));
  }
}
