package org.mispguard.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The scenarios of SPEC §10, each run straight to the remote and then through the guard, followed
 * by the check that a big event with a blocked attribute is refused both ways.
 */
final class LoadRun {

  private final Args args;

  LoadRun(Args args) {
    this.args = args;
  }

  int run() throws Exception {
    Path dir = args.path("dir");
    URI upstream = URI.create(args.text("upstream-url"));
    SyncPath direct = SyncPath.direct(upstream, args.path("upstream-ca"));
    String[] guardHostPort = args.text("guard").split(":");
    SyncPath guard = SyncPath.throughGuard(upstream,
        new InetSocketAddress(guardHostPort[0], Integer.parseInt(guardHostPort[1])), args.path("guard-ca"));
    Duration warmup = Duration.ofSeconds(args.number("warmup", 3));
    Duration measure = Duration.ofSeconds(args.number("duration", 10));
    int bigCount = args.number("big-count", 10);
    Duration bigBudget = Duration.ofSeconds(args.number("big-budget", 45));

    byte[] small = EventFiles.read(dir, EventFiles.SMALL_UUID);
    byte[] big = EventFiles.read(dir, EventFiles.BIG_UUID);
    byte[] blocked = EventFiles.read(dir, EventFiles.BLOCKED_UUID);
    Call version = Call.get("/servers/getVersion", 200, -1);
    Call addSmall = Call.post("/events/add", small, 200);
    Call pushBig = Call.post("/events/add", big, 200);
    Call pullBig = Call.get("/events/view/" + EventFiles.BIG_UUID, 200, big.length);

    Report report = new Report(big.length);
    try (RssSampler rss = new RssSampler(Long.parseLong(args.text("guard-pid")))) {
      ScenarioRunner runner = new ScenarioRunner(rss);
      for (SyncPath path : List.of(direct, guard)) {
        report.add(runner.timed("getVersion, 16 clients", path, version, 16, warmup, measure));
      }
      for (SyncPath path : List.of(direct, guard)) {
        report.add(runner.timed("events/add 20 attr, 8 clients", path, addSmall, 8, warmup, measure));
      }
      for (SyncPath path : List.of(direct, guard)) {
        report.add(runner.sequential("push 50k attr, sequential", path, pushBig, 2, bigCount, bigBudget));
      }
      for (SyncPath path : List.of(direct, guard)) {
        report.add(runner.sequential("pull 50k attr, sequential", path, pullBig, 2, bigCount, bigBudget));
      }
      int pushBlocked = ScenarioRunner.status(guard, Call.post("/events/add", blocked, 403));
      int pullBlocked = ScenarioRunner.status(guard, Call.get("/events/view/" + EventFiles.BLOCKED_UUID, 403, -1));
      int pullBlockedDirect = ScenarioRunner.status(direct, Call.get("/events/view/" + EventFiles.BLOCKED_UUID, 200, -1));
      report.blocked(pushBlocked, pullBlocked, pullBlockedDirect);
      report.guardHighWaterMark(rss.highWaterMarkKb());
    }
    report.print(System.out);
    return report.allRequestsSucceeded() ? 0 : 1;
  }
}
