package org.mispguard.proxy;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The audit file (SPEC §8): one JSON object per decision and per line, flushed as it is written,
 * so that what was blocked and why can be proven afterwards. Holds no bodies and no credentials:
 * only the fields of {@link Entry}. Appends, so that log rotation by copy-and-truncate works;
 * {@link #reopen} (on SIGHUP) lets rotation by renaming work too.
 */
public final class AuditLog implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(AuditLog.class);
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

  private final Path file;
  private BufferedWriter out;
  private boolean failed;

  private AuditLog(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  public static AuditLog open(Path file) throws IOException {
    return new AuditLog(file, writerFor(file));
  }

  private static BufferedWriter writerFor(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  /**
   * Continues in a file opened anew at the same path, after logrotate has renamed the old one.
   * When the path cannot be opened, the guard keeps writing where it wrote before: no line is lost.
   */
  public synchronized void reopen() {
    BufferedWriter next;
    try {
      next = writerFor(file);
    } catch (IOException e) {
      LOG.error("cannot reopen the audit log {}, still writing to the file open before: {}", file, e.getMessage());
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("closing the previous audit log failed: {}", e.getMessage());
    }
    out = next;
    LOG.info("audit log reopened: {}", file);
  }

  /**
   * One decision. Strings a client controls are cleaned of control characters before they get here.
   *
   * @param verdict "allow" or "block"
   * @param status  the status the client got (0 when the connection was closed)
   * @param bytes   size of the judged body (request for pushes, response for pulls)
   */
  public record Entry(String time, String clientIp, String source, String destination, String method,
      String path, String verdict, int status, String reason, String rule, long bytes, long ms) {

    static Entry of(String clientIp, String source, String destination, String method, String path,
        boolean allowed, int status, String reason, String rule, long bytes, long ms) {
      return new Entry(Instant.now().toString(), clientIp, source, destination, method, path,
          allowed ? "allow" : "block", status, reason, rule, bytes, ms);
    }
  }

  public synchronized void write(Entry entry) {
    try {
      out.write(GSON.toJson(entry));
      out.newLine();
      out.flush();
      failed = false;
    } catch (IOException e) {
      if (!failed) {
        LOG.error("cannot write the audit log: {}", e.getMessage());
      }
      failed = true;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
