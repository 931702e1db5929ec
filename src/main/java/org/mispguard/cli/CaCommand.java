package org.mispguard.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code ca}: create the guard's CA if missing, and say where it is and how to trust it. */
@Parameters(commandDescription = "Create the CA if missing; print its path, fingerprint and how to trust it")
final class CaCommand {

  @Parameter(names = "--ca-dir", description = "Folder of the guard's CA")
  Path caDir = Path.of("certs");

  int run(PrintStream out, PrintStream err) {
    err.println("ca: not available yet");
    return ExitCode.FAILURE;
  }
}
