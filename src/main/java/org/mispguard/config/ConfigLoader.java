package org.mispguard.config;

import java.nio.file.Path;

/** Reads and validates a configuration file of either format (SPEC §3). */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * @throws ConfigException listing every problem with its JSON path
   */
  public static GuardConfig load(Path file) throws ConfigException {
    throw new ConfigException(java.util.List.of(file + ": loading is not implemented"));
  }
}
