package org.mispguard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an administrator types it: what it prints and how it exits. */
class CliTest {

  @TempDir Path folder;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String content) throws Exception {
    Path file = folder.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void checkPrintsWhatTheShippedConfigBlocks() {
    assertEquals(0, run("check", "--config", "config.json"));
    assertTrue(out().contains("running block rules: no-passports,no-tlp-red"), out());
    assertTrue(out().contains("passport-number"), out());
  }

  @Test
  void checkListsEveryProblemAndExits2() throws Exception {
    Path config = write("bad.json", "{\"block_rules\":[{\"id\":\"r1\",\"blocked_atribute_types\":[\"iban\"]}],"
        + "\"proxy\":{\"host\":\"guard.local\",\"port\":70000}}");

    assertEquals(2, run("check", "--config", config.toString()));
    assertTrue(err().contains("blocked_atribute_types"), err());
    assertTrue(err().contains("did you mean"), err());
    assertTrue(err().contains("proxy.port"), err());
  }

  @Test
  void mitmdumpSpellingOfTheConfigOptionIsAccepted() {
    assertEquals(0, run("check", "--set", "config=config.json"));
  }

  @Test
  void explainAllowsACleanEventWithExit0() throws Exception {
    Path event = write("event.json", "{\"Event\":{\"info\":\"ok\",\"distribution\":\"1\",\"Tag\":[{\"name\":\"tlp:green\"}],"
        + "\"Attribute\":[{\"type\":\"domain\",\"category\":\"Network activity\",\"value\":\"a.example\"}]}}");

    assertEquals(0, run("explain", "--config", "config.json", "--push", event.toString()));
    assertEquals("ALLOW", out().strip());
  }

  @Test
  void explainListsEveryReasonAndExits3() throws Exception {
    Path event = write("event.json", "{\"Event\":{\"info\":\"x\",\"distribution\":\"1\",\"Tag\":[{\"name\":\"TLP:RED\"}],"
        + "\"Attribute\":[{\"type\":\"passport-number\",\"category\":\"Person\",\"value\":\"X1\"}]}}");

    assertEquals(3, run("explain", "--config", "config.json", "--push", event.toString()));
    assertTrue(out().startsWith("BLOCK"), out());
    assertTrue(out().contains("event has blocked tag: TLP:RED. blocked by rule: no-tlp-red"), out());
    assertTrue(out().contains("attribute with a blocked type: passport-number. blocked by rule: no-passports"), out());
  }

  @Test
  void explainNeedsADirectionAndADocument() throws Exception {
    assertEquals(2, run("explain", "--config", "config.json", "nothing.json"));
    assertEquals(2, run("explain", "--config", "config.json", "--pull", folder.resolve("missing.json").toString()));
    assertTrue(err().contains("cannot read"), err());
  }

  @Test
  void explainNeedsTheInstanceWhoseRulesApply() throws Exception {
    Path event = write("event.json", "{\"Event\":{\"info\":\"x\",\"distribution\":\"1\"}}");

    assertEquals(2, run("explain", "--config", "config.instances.example.json", "--push", event.toString()));
    assertTrue(err().contains("--from"), err());
  }

  @Test
  void caIsCreatedOnceAndThenReused() throws Exception {
    Path caDir = folder.resolve("certs");
    assertEquals(0, run("ca", "--ca-dir", caDir.toString()));
    assertTrue(out().contains("Created"), out());
    byte[] first = Files.readAllBytes(caDir.resolve("misp-guard-ca.pem"));

    assertEquals(0, run("ca", "--ca-dir", caDir.toString()));
    assertTrue(out().contains("Using existing"), out());
    assertArrayEquals(first, Files.readAllBytes(caDir.resolve("misp-guard-ca.pem")));
  }

  @Test
  void runRefusesAnInvalidConfigWithExit2() throws Exception {
    Path config = write("bad.json", "{\"instances\": {}}");

    assertEquals(2, run("--config", config.toString(), "--ca-dir", folder.resolve("certs").toString(), "-p", "0"));
    assertTrue(err().contains("cannot start"), err());
  }

  @Test
  void proxyProtocolOrAuthWithoutAForwardListenerIsAUsageError() {
    assertEquals(2, run("--mode", "reverse:https://misp.example:443", "--proxy-protocol"));
    assertTrue(err().contains("--proxy-protocol applies to the forward listener only"), err());
    assertEquals(2, run("--mode", "reverse:https://misp.example:443", "--proxy-auth", "misp:secret"));
    assertTrue(err().contains("--proxy-auth applies to the forward listener only"), err());
  }

  @Test
  void worldReadableProxyAuthFileAndZeroIdleTimeoutAreUsageErrors() throws Exception {
    Path secret = write("proxy-auth", "misp:secret\n");
    Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(2, run("--proxy-auth", "@" + secret));
    assertTrue(err().contains("readable by every user"), err());
    assertEquals(2, run("--idle-timeout", "0"));
    assertTrue(err().contains("--idle-timeout must be at least 1 second"), err());
  }

  @Test
  void adminListenMustBeHostAndPortApartFromTheProxyListeners() {
    for (String bad : new String[] {"9100", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "user@127.0.0.1:9100"}) {
      assertEquals(2, run("--admin-listen", bad), bad);
      assertTrue(err().contains("--admin-listen: '" + bad + "' is not HOST:PORT"), err());
    }
    assertEquals(2, run("--admin-listen", "127.0.0.1:8888", "-p", "8888"));
    assertTrue(err().contains("--admin-listen must not be the address of a proxy listener"), err());
    assertEquals(2, run("--admin-listen", "[::1]:8443", "--reverse-port", "8443"));
    assertTrue(err().contains("--admin-listen must not be the address of a proxy listener"), err());
  }

  @Test
  void anUnknownTlsProviderIsAUsageError() {
    assertEquals(2, run("--tls-provider", "gnutls"));
    assertTrue(err().contains("--tls-provider must be auto, openssl or jdk, not gnutls"), err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, run("--no-such-option"));
    assertTrue(err().contains("--help"), err());
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("explain") && out().contains("check") && out().contains("--max-body-size"), out());
  }
}
