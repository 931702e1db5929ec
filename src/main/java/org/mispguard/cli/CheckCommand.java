package org.mispguard.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.nio.file.Path;
import org.mispguard.config.ConfigException;
import org.mispguard.config.ConfigLoader;
import org.mispguard.policy.Policy;

/** {@code check}: validate a configuration and say in plain words what it blocks. */
@Parameters(commandDescription = "Validate a configuration file and print what its rules block")
final class CheckCommand {

  @Parameter(names = "--config", description = "Configuration file (also: --set config=FILE)")
  Path config = Path.of("config.json");

  int run(PrintStream out, PrintStream err) {
    Policy policy;
    try {
      policy = Policy.of(ConfigLoader.load(config));
    } catch (ConfigException e) {
      err.println(config + " is not valid:");
      e.problems().forEach(p -> err.println("  - " + p));
      return ExitCode.USAGE;
    }
    out.println(config + " is valid.");
    out.println(policy.summary());
    policy.describe().forEach(line -> out.println("  " + line));
    return ExitCode.OK;
  }
}
