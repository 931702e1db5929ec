package org.mispguard.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mispguard.config.ConfigException;
import org.mispguard.config.ConfigLoader;
import org.mispguard.policy.Endpoint.Direction;
import org.mispguard.policy.Policy;
import org.mispguard.policy.inspect.DocumentKind;
import org.mispguard.policy.inspect.Finding;

/**
 * {@code explain}: judge a document offline, as the guard would judge it crossing, and list every
 * reason it would be blocked — so analysts can try rules on real exported events before deploying.
 */
@Parameters(commandDescription = "Dry run: judge a MISP document (file or - for stdin) without any network; exit 0 allow, 3 block")
final class ExplainCommand {

  @Parameter(names = "--config", description = "Configuration file (also: --set config=FILE)")
  Path config = Path.of("config.json");

  @Parameter(names = "--push", description = "Judge it as a push body (the sender's rules)")
  boolean push;

  @Parameter(names = "--pull", description = "Judge it as a pull response (the rules of the server pulled from)")
  boolean pull;

  @Parameter(names = "--from", description = "Instance id of the sending server (instances format, --push)")
  String from;

  @Parameter(names = "--to", description = "Instance id of the server pulled from (instances format, --pull)")
  String to;

  @Parameter(names = "--kind", description = "What the document is: event, proposals, shadow-attribute-index, "
      + "galaxy-cluster-list, galaxy-cluster, analyst-data-index, analyst-data-push")
  String kind = "event";

  @Parameter(description = "DOCUMENT.json")
  List<String> documents = new ArrayList<>();

  private final InputStream stdin;

  ExplainCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  int run(PrintStream out, PrintStream err) {
    if (push == pull) {
      err.println("explain: say --push or --pull");
      return ExitCode.USAGE;
    }
    if (documents.size() != 1) {
      err.println("explain: name one document file, or - for standard input");
      return ExitCode.USAGE;
    }
    DocumentKind documentKind;
    try {
      documentKind = DocumentKind.valueOf(kind.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      err.println("explain: unknown --kind " + kind);
      return ExitCode.USAGE;
    }
    Policy policy;
    byte[] body;
    try {
      policy = Policy.of(ConfigLoader.load(config));
      body = documents.get(0).equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(documents.get(0)));
    } catch (ConfigException e) {
      err.println(config + " is not valid:");
      e.problems().forEach(p -> err.println("  - " + p));
      return ExitCode.USAGE;
    } catch (IOException e) {
      err.println("explain: cannot read " + documents.get(0) + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
    List<Finding> findings;
    try {
      findings = policy.explain(push ? Direction.PUSH : Direction.PULL, Optional.ofNullable(from),
          Optional.ofNullable(to), documentKind, body);
    } catch (IllegalArgumentException e) {
      err.println("explain: " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (findings.isEmpty()) {
      out.println("ALLOW");
      return ExitCode.OK;
    }
    out.println("BLOCK");
    findings.forEach(f -> out.println("  - " + f.reason()));
    return ExitCode.BLOCK;
  }
}
