package org.mispguard.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmark (JMH command-line options pass through) and restates each score as MB/s of
 * event JSON (10^6 bytes), the unit of SPEC §10.
 */
public final class InspectionThroughput {

  private InspectionThroughput() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    var options = new OptionsBuilder().parent(new CommandLineOptions(args)).include(InspectionBenchmark.class.getName());
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    System.out.println("Inspection throughput on one thread (SPEC §10 target: >= 600 MB/s)");
    for (RunResult result : results) {
      var document = InspectionBenchmark.Document.valueOf(result.getParams().getParam("document"));
      int size = document.bytes().length;
      double opsPerSecond = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      System.out.printf(
          Locale.ROOT, "%-14s %12d bytes %10.1f ops/s %9.1f MB/s (± %.1f)%n",
          document, size, opsPerSecond, opsPerSecond * size / 1e6, Double.isNaN(error) ? 0 : error * size / 1e6);
    }
  }
}
