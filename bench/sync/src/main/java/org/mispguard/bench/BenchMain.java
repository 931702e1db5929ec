package org.mispguard.bench;

/**
 * Entry point of the sync benchmark: {@code generate} writes the events, {@code upstream} serves
 * them as a TLS MISP, {@code load} drives both paths (straight and through the guard) and prints
 * the table.
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println("usage: bench-sync.jar generate|upstream|load --name value ...");
      System.exit(2);
    }
    Args args = new Args(argv, 1);
    switch (argv[0]) {
      case "generate" -> EventFiles.generate(args.path("dir"));
      case "upstream" -> MispUpstream.serve(args);
      case "load" -> System.exit(new LoadRun(args).run());
      default -> {
        System.err.println("unknown command: " + argv[0]);
        System.exit(2);
      }
    }
  }
}
