package org.mispguard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Repeats one call on one path, either for a fixed time with several clients, or a number of times in a row. */
final class ScenarioRunner {

  private final RssSampler guardRss;

  ScenarioRunner(RssSampler guardRss) {
    this.guardRss = guardRss;
  }

  /** {@code concurrency} keep-alive clients in a loop; only requests that start and end inside the measured window count. */
  Measurement timed(String scenario, SyncPath path, Call call, int concurrency, Duration warmup, Duration measure)
      throws InterruptedException {
    long start = System.nanoTime() + warmup.toNanos();
    long end = start + measure.toNanos();
    Failures failures = new Failures();
    List<Latencies> perClient = new ArrayList<>();
    List<Thread> clients = new ArrayList<>();
    guardRss.takePeakKb();
    for (int i = 0; i < concurrency; i++) {
      Latencies latencies = new Latencies();
      perClient.add(latencies);
      Thread client = new Thread(() -> {
        for (long t0 = System.nanoTime(); t0 < end; t0 = System.nanoTime()) {
          boolean ok = exchange(path, call, failures, t0 >= start);
          long t1 = System.nanoTime();
          if (ok && t0 >= start && t1 <= end) {
            latencies.add(t1 - t0);
          }
        }
      }, "client-" + i);
      clients.add(client);
      client.start();
    }
    for (Thread client : clients) {
      client.join();
    }
    Latencies all = new Latencies();
    perClient.forEach(all::addAll);
    return new Measurement(scenario, path.name(), all.count(), failures.count.get(), failures.first.get(),
        measure.toNanos() / 1e9, all, guardPeak(path));
  }

  /** One request at a time: {@code warmups} unmeasured, then {@code count} measured or as many as fit in {@code budget}. */
  Measurement sequential(String scenario, SyncPath path, Call call, int warmups, int count, Duration budget) {
    Failures failures = new Failures();
    for (int i = 0; i < warmups; i++) {
      exchange(path, call, failures, false);
    }
    guardRss.takePeakKb();
    Latencies latencies = new Latencies();
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    for (int i = 0; i < count && (i == 0 || System.nanoTime() < deadline); i++) {
      long t0 = System.nanoTime();
      if (exchange(path, call, failures, true)) {
        latencies.add(System.nanoTime() - t0);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Measurement(scenario, path.name(), latencies.count(), failures.count.get(), failures.first.get(),
        seconds, latencies, guardPeak(path));
  }

  /** The status a single request gets (0 when it failed without one). */
  static int status(SyncPath path, Call call) {
    try {
      return path.send(call).status();
    } catch (Exception e) {
      return 0;
    }
  }

  private long guardPeak(SyncPath path) {
    return "guard".equals(path.name()) ? guardRss.takePeakKb() : 0;
  }

  private static boolean exchange(SyncPath path, Call call, Failures failures, boolean counted) {
    String problem;
    try {
      problem = call.mismatch(path.send(call));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    } catch (Exception e) {
      problem = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    if (problem != null && counted) {
      failures.count.incrementAndGet();
      failures.first.compareAndSet(null, problem);
    }
    return problem == null;
  }

  private static final class Failures {
    final AtomicInteger count = new AtomicInteger();
    final AtomicReference<String> first = new AtomicReference<>();
  }
}
