package org.mispguard.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mispguard.proxy.NettyDefaults;

/** Entry point: {@code run} (the default), {@code check}, {@code explain}, {@code ca}. */
public final class Main {

  private static final Set<String> COMMANDS = Set.of("run", "check", "ca", "explain");

  private Main() {}

  public static void main(String[] args) {
    NettyDefaults.apply();
    int code = run(args, System.out, System.err);
    if (code != ExitCode.OK) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    HelpOption help = new HelpOption();
    RunCommand run = new RunCommand();
    CheckCommand check = new CheckCommand();
    CaCommand ca = new CaCommand();
    ExplainCommand explain = new ExplainCommand(System.in);
    JCommander commander = JCommander.newBuilder()
        .programName("./run.sh")
        .addObject(help)
        .addCommand("run", run)
        .addCommand("check", check)
        .addCommand("ca", ca)
        .addCommand("explain", explain)
        .build();
    try {
      commander.parse(normalise(args));
    } catch (ParameterException e) {
      err.println(e.getMessage());
      err.println("Try ./run.sh --help");
      return ExitCode.USAGE;
    }
    if (help.help) {
      StringBuilder usage = new StringBuilder();
      commander.getUsageFormatter().usage(usage);
      out.print(usage);
      return ExitCode.OK;
    }
    String command = commander.getParsedCommand();
    return switch (command) {
      case "check" -> check.run(out, err);
      case "ca" -> ca.run(out, err);
      case "explain" -> explain.run(out, err);
      default -> run.run(out, err);
    };
  }

  /**
   * {@code run} may be omitted, and mitmdump's {@code --set config=FILE} means {@code --config FILE},
   * so that the reference addon's command lines keep working.
   */
  static String[] normalise(String[] args) {
    List<String> out = new ArrayList<>();
    boolean wantsHelp = List.of(args).contains("--help") || List.of(args).contains("-h");
    if (args.length == 0 || !COMMANDS.contains(args[0])) {
      if (!(wantsHelp && args.length == 1)) {
        out.add("run");
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--set") && i + 1 < args.length && args[i + 1].startsWith("config=")) {
        out.add("--config");
        out.add(args[++i].substring("config=".length()));
      } else if (arg.startsWith("--set=config=")) {
        out.add("--config");
        out.add(arg.substring("--set=config=".length()));
      } else {
        out.add(arg);
      }
    }
    if (wantsHelp) {
      out.removeIf(a -> a.equals("--help") || a.equals("-h"));
      out.add(0, "--help");
    }
    return out.toArray(String[]::new);
  }

  static final class HelpOption {
    @com.beust.jcommander.Parameter(names = {"-h", "--help"}, help = true, description = "Show this help")
    boolean help;
  }
}
