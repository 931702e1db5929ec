package org.mispguard.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * libcurl, the HTTP library behind MISP's own client (CurlClient), driven as the {@code curl}
 * command through the guard's forward listener: from a source address of its own, trusting the
 * guard's CA, offering every coding it decodes (MISP sets {@code CURLOPT_ACCEPT_ENCODING} to
 * {@code ""}, as {@code --compressed} does), HTTP/2 offered by ALPN as libcurl does by default.
 * The calls of one {@link #session} run in one curl process, one after the other, reusing the
 * connection as MISP's shared handle does.
 */
final class Curl {

  /**
   * One request.
   *
   * @param options further curl options for this request alone (e.g. {@code -L}, {@code --http2})
   */
  record Call(String method, String path, Map<String, String> headers, byte[] body, List<String> options) {
    Call(String method, String path, Map<String, String> headers, byte[] body) {
      this(method, path, headers, body, List.of());
    }

    Call with(String... more) {
      List<String> all = new ArrayList<>(options);
      all.addAll(List.of(more));
      return new Call(method, path, headers, body, all);
    }
  }

  /**
   * What curl saw of one call.
   *
   * @param headers the last response's headers, names in lower case (after a followed redirect: the final one)
   * @param body    the body as curl delivered it, decoded
   * @param connectsMade how many new connections curl opened for this call (0: it reused one)
   * @param interim      the statuses of the responses before the final one (100 Continue, a followed redirect)
   */
  record Answer(int status, String httpVersion, Map<String, String> headers, byte[] body, int connectsMade,
      List<Integer> interim) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Path folder;
  private final String sourceIp;
  private final InetSocketAddress guard;
  private final Path trustedCa;
  private final String origin;

  /** @param origin the remote MISP's URL, {@code https://host:port} */
  Curl(Path folder, String sourceIp, InetSocketAddress guard, Path trustedCa, String origin) {
    this.folder = folder;
    this.sourceIp = sourceIp;
    this.guard = guard;
    this.trustedCa = trustedCa;
    this.origin = origin;
  }

  /** Runs {@code calls} in one curl process; fails when curl fails or takes over a minute. */
  List<Answer> session(List<Call> calls) throws IOException, InterruptedException {
    Path run = Files.createTempDirectory(Files.createDirectories(folder), "curl");
    List<String> command = new ArrayList<>(List.of("curl", "--disable"));
    for (int i = 0; i < calls.size(); i++) {
      if (i > 0) {
        command.add("--next");
      }
      command.addAll(arguments(calls.get(i), run.resolve(Integer.toString(i))));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    builder.environment().put("HOME", run.toString());
    builder.redirectError(run.resolve("stderr").toFile());
    Process curl = builder.start();
    String written = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (!curl.waitFor(60, TimeUnit.SECONDS)) {
      curl.destroyForcibly();
      throw new AssertionError("curl did not finish within a minute: " + Files.readString(run.resolve("stderr")));
    }
    if (curl.exitValue() != 0) {
      throw new AssertionError("curl exited with " + curl.exitValue() + ": " + Files.readString(run.resolve("stderr")));
    }
    String[] lines = written.split("\n");
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      String[] outcome = lines[i].split(" ");
      Path files = run.resolve(Integer.toString(i));
      List<Integer> statuses = new ArrayList<>();
      Map<String, String> headers = lastHeaders(files.resolve("head"), statuses);
      statuses.remove(statuses.size() - 1);
      answers.add(new Answer(Integer.parseInt(outcome[0]), outcome[1], headers,
          Files.readAllBytes(files.resolve("body")), Integer.parseInt(outcome[2]), statuses));
    }
    return answers;
  }

  private List<String> arguments(Call call, Path files) throws IOException {
    Files.createDirectories(files);
    Files.write(files.resolve("body"), new byte[0]);
    List<String> arguments = new ArrayList<>(List.of("--silent", "--show-error", "--globoff", "--suppress-connect-headers",
        "--proxy", "http://" + guard.getHostString() + ":" + guard.getPort(), "--interface", sourceIp,
        "--cacert", trustedCa.toString(), "--compressed",
        "--output", files.resolve("body").toString(), "--dump-header", files.resolve("head").toString(),
        "--write-out", "%{http_code} %{http_version} %{num_connects}\\n"));
    call.headers().forEach((name, value) -> arguments.addAll(List.of("--header", name + ": " + value)));
    if (call.body() != null) {
      Path body = files.resolve("request");
      Files.write(body, call.body());
      arguments.addAll(List.of("--data-binary", "@" + body));
    }
    switch (call.method()) {
      case "HEAD" -> arguments.add("--head");
      case "GET" -> { }
      default -> arguments.addAll(List.of("--request", call.method()));
    }
    arguments.addAll(call.options());
    arguments.add(origin + call.path());
    return arguments;
  }

  /**
   * The header block of the final response in a {@code --dump-header} file (100 Continue and
   * redirects come before it); the status of every response is added to {@code statuses}.
   */
  private static Map<String, String> lastHeaders(Path file, List<Integer> statuses) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      if (line.startsWith("HTTP/")) {
        headers.clear();
        statuses.add(Integer.parseInt(line.split(" ")[1]));
      }
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("HTTP/")) {
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    return headers;
  }
}
