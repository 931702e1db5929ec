package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

  private final Map<String, String> before = new HashMap<>();

  @BeforeEach
  void remember() {
    NettyDefaults.SETTINGS.keySet().forEach(name -> before.put(name, System.getProperty(name)));
  }

  @AfterEach
  void restore() {
    before.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }

  @Test
  void setsWhatTheJvmWasNotGivenAndKeepsWhatItWas() {
    System.clearProperty("io.netty.allocator.type");
    System.setProperty("io.netty.leakDetection.samplingInterval", "1");

    NettyDefaults.apply();

    assertEquals("pooled", System.getProperty("io.netty.allocator.type"));
    assertEquals("1", System.getProperty("io.netty.leakDetection.samplingInterval"));
  }
}
