package org.mispguard.policy;

import java.util.Optional;

/**
 * Turns the path of a request target into the one string the endpoint catalogue is matched
 * against, or refuses it (SPEC §4.3). The remote web server and CakePHP normalise paths in ways
 * of their own (dot segments, percent-decoding, backslashes, merged slashes); anything that could
 * make the remote route a path other than the one matched here is refused, never repaired.
 *
 * <p>Sync paths only need {@code [A-Za-z0-9_.:-]}, {@code /} and the {@code []} of array named
 * parameters. A client may send those brackets percent-encoded; {@code %5B}/{@code %5D} are the
 * only escapes decoded, because every server on the way reads them as the brackets themselves.
 * Every other escape is refused, so the decoded string has no escapes left and the remote can
 * only see what was matched.
 */
public final class PathCanonicalizer {

  private PathCanonicalizer() {}

  /** The outcome: a canonical path, or why the path is refused. */
  public record Result(Optional<String> path, String refusal) {

    static Result canonical(String path) {
      return new Result(Optional.of(path), "");
    }

    static Result refused(String why) {
      return new Result(Optional.empty(), "ambiguous request path: " + why);
    }

    public boolean refused() {
      return path.isEmpty();
    }
  }

  /** @param rawPath the path and query of the request target, exactly as received */
  public static Result canonicalize(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return Result.refused("not an absolute path");
    }
    StringBuilder decoded = new StringBuilder(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        int value = escapedByte(rawPath, i);
        if (value < 0) {
          return Result.refused("invalid percent-escape");
        }
        if (value != '[' && value != ']') {
          return Result.refused(escapeProblem(value));
        }
        decoded.append((char) value);
        i += 2;
      } else {
        Optional<String> problem = rawCharacterProblem(c);
        if (problem.isPresent()) {
          return Result.refused(problem.get());
        }
        decoded.append(c);
      }
    }
    return segmentProblem(decoded.toString())
        .map(Result::refused)
        .orElseGet(() -> Result.canonical(decoded.toString()));
  }

  private static int escapedByte(String raw, int percentAt) {
    if (percentAt + 2 >= raw.length()) {
      return -1;
    }
    int high = Character.digit(raw.charAt(percentAt + 1), 16);
    int low = Character.digit(raw.charAt(percentAt + 2), 16);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
  }

  private static String escapeProblem(int value) {
    if (value == '.') {
      return "percent-encoded dot";
    }
    if (value == '/' || value == '\\') {
      return "percent-encoded path separator";
    }
    if (value < 0x20 || value == 0x7f) {
      return "percent-encoded control character";
    }
    if (value >= 0x80) {
      return "percent-encoded non-ASCII byte";
    }
    return "percent-encoded character";
  }

  private static Optional<String> rawCharacterProblem(char c) {
    if (c == '?' || c == '#') {
      return Optional.of("query string or fragment");
    }
    if (c == '\\') {
      return Optional.of("backslash");
    }
    if (c < 0x20 || c == 0x7f) {
      return Optional.of("control character");
    }
    if (c > 0x7f) {
      return Optional.of("non-ASCII character");
    }
    if (!isSyncPathCharacter(c)) {
      return Optional.of("character not used by sync paths");
    }
    return Optional.empty();
  }

  private static boolean isSyncPathCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "/_.:-[]".indexOf(c) >= 0;
  }

  /** A segment of dots only: {@code .} and {@code ..} everywhere, and longer runs on some servers. */
  private static Optional<String> segmentProblem(String path) {
    String[] segments = path.substring(1).split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() && segments.length > 1) {
        return Optional.of("empty segment");
      }
      if (!segment.isEmpty() && segment.chars().allMatch(c -> c == '.')) {
        return Optional.of("dot segment");
      }
    }
    return Optional.empty();
  }
}
