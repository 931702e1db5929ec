package org.mispguard.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Gives each test a folder of its own to write configuration files into. */
abstract class ConfigFileTest {

  @TempDir Path folder;
  ConfigFiles files;

  @BeforeEach
  void createFiles() {
    files = new ConfigFiles(folder);
  }
}
