package org.mispguard.e2e;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Programs the tests run beside the guard (HAProxy, Prometheus, the guard itself), on loopback ports. */
final class LocalPrograms {

  private LocalPrograms() {}

  static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** Waits until {@code process} accepts connections on {@code address}; fails with its output if it dies or takes too long. */
  static void awaitListening(InetSocketAddress address, Process process, Path output) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(address, 500);
        return;
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline || !process.isAlive()) {
          throw new IllegalStateException(process.info().command().orElse("program") + " did not start: "
              + Files.readString(output));
        }
        Thread.sleep(50);
      }
    }
  }

  static void stop(Process process) throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
