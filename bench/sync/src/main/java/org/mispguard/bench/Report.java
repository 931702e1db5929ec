package org.mispguard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The table of figures, guard against direct per scenario, and the SPEC §10 targets next to them. */
final class Report {

  private final List<Measurement> rows = new ArrayList<>();
  private final int bigEventBytes;
  private int pushBlocked;
  private int pullBlocked;
  private int pullBlockedDirect;
  private long guardHighWaterMarkKb;

  Report(int bigEventBytes) {
    this.bigEventBytes = bigEventBytes;
  }

  void add(Measurement measurement) {
    rows.add(measurement);
    System.out.printf("  done: %-30s %-6s %6d requests, %d failed%n", measurement.scenario(), measurement.path(),
        measurement.requests(), measurement.failures());
  }

  void blocked(int push, int pull, int pullDirect) {
    this.pushBlocked = push;
    this.pullBlocked = pull;
    this.pullBlockedDirect = pullDirect;
  }

  void guardHighWaterMark(long kb) {
    this.guardHighWaterMarkKb = kb;
  }

  boolean allRequestsSucceeded() {
    return rows.stream().allMatch(m -> m.failures() == 0 && m.requests() > 0) && blockedAsExpected();
  }

  void print(PrintStream out) {
    out.println();
    out.printf("big event: %.1f MB (%d attributes)%n%n", bigEventBytes / 1e6, EventFiles.BIG_ATTRIBUTES);
    out.printf("%-30s %-13s %8s %5s %9s %9s %9s %12s%n",
        "scenario", "path", "requests", "fail", "req/s", "p50 ms", "p99 ms", "guard RSS MB");
    for (int i = 0; i + 1 < rows.size(); i += 2) {
      Measurement direct = rows.get(i);
      Measurement guard = rows.get(i + 1);
      row(out, direct);
      row(out, guard);
      out.printf("%-30s %-13s %8s %5s %8.2fx %8.2fx %8.2fx%n", "", "guard/direct", "", "",
          guard.throughput() / direct.throughput(), guard.p50() / direct.p50(), guard.p99() / direct.p99());
    }
    rows.stream().filter(m -> m.firstFailure() != null).forEach(m ->
        out.printf("first failure in %s (%s): %s%n", m.scenario(), m.path(), m.firstFailure()));

    out.println();
    out.printf("%-44s %12s %10s %10s  %s%n", "SPEC §10 target", "measured", "target", "reference", "");
    double versionRatio = ratio(0, Measurement::throughput);
    target(out, "getVersion throughput, guard/direct", String.format("%.2fx", versionRatio), ">= 0.70x", "0.12x",
        versionRatio >= 0.7);
    double pushRatio = ratio(4, Measurement::p50);
    target(out, "28 MB push median latency, guard/direct", String.format("%.2fx", pushRatio), "<= 2.00x", "~10x",
        pushRatio <= 2.0);
    double pullRatio = ratio(6, Measurement::p50);
    target(out, "28 MB pull median latency, guard/direct", String.format("%.2fx", pullRatio), "<= 2.00x", "~10x",
        pullRatio <= 2.0);
    long peakKb = Math.max(guardHighWaterMarkKb,
        rows.stream().mapToLong(Measurement::guardPeakRssKb).max().orElse(0));
    target(out, "guard peak RSS (VmHWM / 100 ms samples)", String.format("%d MB", peakKb / 1024), "<= 350 MB",
        "577 MB", peakKb <= 350 * 1024);
    target(out, "blocked big event via guard: push / pull", pushBlocked + " / " + pullBlocked, "403 / 403", "",
        blockedAsExpected());
    out.printf("(the same blocked event pulled straight from the remote: %d)%n", pullBlockedDirect);
  }

  private boolean blockedAsExpected() {
    return pushBlocked == 403 && pullBlocked == 403;
  }

  /** guard / direct; NaN when either side measured nothing, which no target counts as met. */
  private double ratio(int directRow, ToDoubleFunction<Measurement> figure) {
    double direct = figure.applyAsDouble(rows.get(directRow));
    double guarded = figure.applyAsDouble(rows.get(directRow + 1));
    return direct > 0 && guarded > 0 && Double.isFinite(direct) && Double.isFinite(guarded) ? guarded / direct : Double.NaN;
  }

  private static void row(PrintStream out, Measurement m) {
    out.printf("%-30s %-13s %8d %5d %9.1f %9.1f %9.1f %12s%n", m.scenario(), m.path(), m.requests(), m.failures(),
        m.throughput(), m.p50(), m.p99(), m.guardPeakRssKb() > 0 ? Long.toString(m.guardPeakRssKb() / 1024) : "-");
  }

  private static void target(PrintStream out, String what, String measured, String target, String reference, boolean met) {
    out.printf("%-44s %12s %10s %10s  %s%n", what, measured, target, reference, met ? "met" : "NOT MET");
  }
}
