package org.mispguard.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The admin listener (SPEC §8): plain HTTP on its own socket, apart from the proxy listeners.
 * {@code GET /healthz} answers 200 while the guard serves, 503 otherwise; {@code GET /metrics}
 * is the Prometheus exposition, written by the Prometheus client; anything else is 404. It
 * serves without authentication, which is why every example binds it to loopback.
 */
public final class AdminListener implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(AdminListener.class);

  private final HttpServer server;
  private final ExecutorService threads;

  private AdminListener(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** How long a connection may take to send its request before it is closed. */
  static final int REQUEST_SECONDS = 5;

  /**
   * @param healthy whether the guard serves: its listeners accept and a policy is in force
   * @throws IOException when the address cannot be bound
   */
  public static AdminListener start(InetSocketAddress address, GuardMetrics metrics, BooleanSupplier healthy)
      throws IOException {
    // The JDK's server reads a request on one of its two threads and, by default, waits for it
    // forever: two connections that never finish a request would silence the health check. These
    // bound that wait and the write of an answer (seconds; read once, when the first server starts).
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
    System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "10");
    HttpServer server = HttpServer.create(address, 0);
    MetricsHandler exposition = new MetricsHandler(metrics.registry());
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getRawPath();
        boolean get = "GET".equals(exchange.getRequestMethod());
        if (get && "/metrics".equals(path)) {
          exposition.handle(exchange);
        } else if (get && "/healthz".equals(path)) {
          boolean up = healthy.getAsBoolean();
          answer(exchange, up ? 200 : 503, up ? "ok\n" : "not serving\n");
        } else {
          answer(exchange, 404, "not found: the admin listener serves GET /healthz and GET /metrics\n");
        }
      }
    });
    // Two threads: a health check is not queued behind a scrape.
    ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, "misp-guard-admin");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.start();
    AdminListener listener = new AdminListener(server, threads);
    if (!listener.address().getAddress().isLoopbackAddress()) {
      LOG.warn("the admin listener on {} is not on loopback: anyone who reaches it reads the metrics",
          NetUtil.toSocketAddressString(listener.address()));
    }
    return listener;
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
