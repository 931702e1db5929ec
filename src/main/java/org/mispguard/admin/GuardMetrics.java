package org.mispguard.admin;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.security.cert.X509Certificate;
import java.util.function.LongSupplier;
import org.mispguard.policy.Verdict;

/**
 * The guard's metrics (SPEC §8) and the JVM's, in a registry of their own. Label values are
 * listener names, instance ids from the configuration, outcomes and {@link RefusalClass}es: never
 * text a client sent, so the number of series is bounded by the configuration.
 */
public final class GuardMetrics {

  /** Stands for an instance the guard could not, or need not, identify; no instance id can be spelt so. */
  static final String UNIDENTIFIED = "-";

  /** From a getVersion on loopback (milliseconds) to a 28 MB event from a slow remote (a minute). */
  private static final double[] DURATION_BUCKETS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Counter refusals;
  private final Histogram duration;
  private final Counter bodyBytes;
  private final Counter reloads;

  /**
   * @param ca                the guard's CA, whose expiry is exported
   * @param inflightBodyBytes how many body bytes the guard holds right now, read at each scrape
   */
  public GuardMetrics(X509Certificate ca, LongSupplier inflightBodyBytes) {
    requests = Counter.builder().name("misp_guard_requests_total")
        .help("Requests decided, by listener, source and destination instance, and outcome (allowed, blocked, error)")
        .labelNames("listener", "source", "destination", "outcome")
        .register(registry);
    refusals = Counter.builder().name("misp_guard_blocked_total")
        .help("Requests refused, by reason class (outcomes blocked and error)")
        .labelNames("reason")
        .register(registry);
    duration = Histogram.builder().name("misp_guard_request_duration_seconds")
        .help("Time from a request's arrival to the guard's decision, response inspection included")
        .unit(Unit.SECONDS)
        .labelNames("destination", "outcome")
        .classicOnly()
        .classicUpperBounds(DURATION_BUCKETS)
        .register(registry);
    bodyBytes = Counter.builder().name("misp_guard_body_bytes_total")
        .help("Body bytes read and judged, by direction (request: from the client, response: from the upstream)")
        .labelNames("direction")
        .register(registry);
    reloads = Counter.builder().name("misp_guard_config_reloads_total")
        .help("Configuration changes seen while running, by result (applied, rejected)")
        .labelNames("result")
        .register(registry);
    GaugeWithCallback.builder().name("misp_guard_inflight_body_bytes")
        .help("Body bytes held by the guard right now")
        .callback(callback -> callback.call(inflightBodyBytes.getAsLong()))
        .register(registry);
    double caExpiry = ca.getNotAfter().toInstant().getEpochSecond();
    GaugeWithCallback.builder().name("misp_guard_ca_expiry_timestamp_seconds")
        .help("When the guard's CA certificate expires (Unix time)")
        .callback(callback -> callback.call(caExpiry))
        .register(registry);
    // Series that exist before their first event, so that rate() and alerts see their first increase.
    for (RefusalClass reason : RefusalClass.values()) {
      refusals.labelValues(reason.label());
    }
    bodyBytes.labelValues("request");
    bodyBytes.labelValues("response");
    reloads.labelValues("applied");
    reloads.labelValues("rejected");
    JvmMetrics.builder().register(registry);
  }

  public void allowed(Exchange exchange) {
    count(exchange, "allowed");
  }

  public void refused(Exchange exchange, Verdict verdict) {
    RefusalClass reason = RefusalClass.of(verdict);
    refusals.labelValues(reason.label()).inc();
    count(exchange, reason.isError() ? "error" : "blocked");
  }

  public void configApplied() {
    reloads.labelValues("applied").inc();
  }

  public void configRejected() {
    reloads.labelValues("rejected").inc();
  }

  PrometheusRegistry registry() {
    return registry;
  }

  private void count(Exchange exchange, String outcome) {
    String destination = orUnidentified(exchange.destination());
    requests.labelValues(exchange.listener(), orUnidentified(exchange.source()), destination, outcome).inc();
    duration.labelValues(destination, outcome).observe(exchange.nanos() / 1e9);
    if (exchange.requestBytes() > 0) {
      bodyBytes.labelValues("request").inc(exchange.requestBytes());
    }
    if (exchange.responseBytes() > 0) {
      bodyBytes.labelValues("response").inc(exchange.responseBytes());
    }
  }

  private static String orUnidentified(String instance) {
    return instance.isEmpty() ? UNIDENTIFIED : instance;
  }
}
