package org.mispguard.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a configuration file of either format (SPEC §3). The format is told
 * apart by its keys: {@code instances} or {@code compartments_rules} mean the instances
 * format, {@code block_rules} alone the seed format.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * @throws ConfigException listing every problem with its JSON path
   */
  public static GuardConfig load(Path file) throws ConfigException {
    return parse(read(file), file);
  }

  /** The file's bytes, so that a caller can tell one version of the file from the next. */
  static byte[] read(Path file) throws ConfigException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": file not found"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read the file (" + e.getMessage() + ")"));
    }
  }

  /** Validates the bytes of one version of {@code source}. */
  static GuardConfig parse(byte[] content, Path source) throws ConfigException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(List.of(source + ": the file is not UTF-8 text"));
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Problems problems = new Problems();
    JsonElement root = StrictJsonParser.parse(text, problems);
    if (!root.isJsonObject()) {
      throw new ConfigException(List.of("(top level): must be a JSON object {…}"));
    }
    JsonObject top = root.getAsJsonObject();
    FieldReader fields = new FieldReader(problems);
    GuardConfig config = null;
    if (top.has("instances") || top.has("compartments_rules")) {
      config = new InstancesFormatReader(fields, source).read(top);
    } else if (top.has("block_rules")) {
      config = new SeedFormatReader(fields).read(top, source);
    } else {
      Set<String> anyFormat = new HashSet<>(SeedFormatReader.KEYS);
      anyFormat.addAll(InstancesFormatReader.KEYS);
      fields.checkKeys(top, "", anyFormat, Map.of());
      problems.add("", "cannot tell the format: give `block_rules` (seed format) or `instances` and"
          + " `compartments_rules` (instances format)");
    }
    problems.throwIfAny();
    return config;
  }
}
