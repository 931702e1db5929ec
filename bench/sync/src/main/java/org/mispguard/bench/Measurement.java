package org.mispguard.bench;

/** What one scenario measured on one path. */
record Measurement(String scenario, String path, int requests, int failures, String firstFailure,
                   double seconds, Latencies latencies, long guardPeakRssKb) {

  double throughput() {
    return seconds > 0 ? requests / seconds : Double.NaN;
  }

  double p50() {
    return latencies.percentileMillis(50);
  }

  double p99() {
    return latencies.percentileMillis(99);
  }
}
