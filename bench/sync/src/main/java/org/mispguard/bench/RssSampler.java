package org.mispguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Reads the guard's resident set size every 100 ms and keeps the peak since the last reset. */
final class RssSampler implements AutoCloseable {

  private final Path status;
  private final AtomicLong peakKb = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "rss-sampler");
    thread.setDaemon(true);
    return thread;
  });

  RssSampler(long pid) {
    this.status = Path.of("/proc", Long.toString(pid), "status");
    timer.scheduleAtFixedRate(() -> peakKb.accumulateAndGet(read("VmRSS:"), Math::max), 0, 100, TimeUnit.MILLISECONDS);
  }

  /** The peak since the previous call, in kB. */
  long takePeakKb() {
    return Math.max(peakKb.getAndSet(0), read("VmRSS:"));
  }

  /** The kernel's own high-water mark of the process since it started, in kB. */
  long highWaterMarkKb() {
    return read("VmHWM:");
  }

  private long read(String field) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
