package org.mispguard.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one configuration file so that all of them can be reported at once. */
final class Problems {

  private final List<String> messages = new ArrayList<>();

  void add(String path, String message) {
    messages.add(JsonPath.display(path) + ": " + message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  void throwIfAny() throws ConfigException {
    if (!messages.isEmpty()) {
      throw new ConfigException(messages);
    }
  }
}
