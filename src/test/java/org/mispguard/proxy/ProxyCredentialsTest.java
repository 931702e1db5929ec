package org.mispguard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCredentialsTest {

  @TempDir Path folder;

  private Path file(String content, String permissions) throws Exception {
    Path file = folder.resolve("proxy-auth");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void pairOnTheCommandLine() {
    ProxyCredentials credentials = ProxyCredentials.parse("misp:pa:ss");

    assertTrue(credentials.matches("misp", "pa:ss"), "the password may hold a colon");
    assertFalse(credentials.matches("misp", "pa:s"));
    assertFalse(credentials.matches("MISP", "pa:ss"));
    assertFalse(credentials.matches(null, null));
    assertEquals("ProxyCredentials[hidden]", credentials.toString());
  }

  @Test
  void pairInAPrivateFile() throws Exception {
    Path file = file("misp:secret\n", "rw-r-----");

    assertTrue(ProxyCredentials.parse("@" + file).matches("misp", "secret"));
  }

  @Test
  void worldReadableFileIsRefused() throws Exception {
    Path file = file("misp:secret\n", "rw-r--r--");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxyCredentials.parse("@" + file));
    assertTrue(e.getMessage().contains("readable by every user"), e.getMessage());
  }

  @Test
  void malformedValuesAreRefusedWithoutEchoingThem() throws Exception {
    for (String bad : new String[] {"nocolon", ":secret", "misp:"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxyCredentials.parse(bad));
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
    Path twoLines = file("a:b\nc:d\n", "rw-------");
    assertThrows(IllegalArgumentException.class, () -> ProxyCredentials.parse("@" + twoLines));
    assertThrows(IllegalArgumentException.class, () -> ProxyCredentials.parse("@" + folder.resolve("absent")));
  }
}
