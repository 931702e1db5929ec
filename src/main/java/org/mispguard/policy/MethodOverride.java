package org.mispguard.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Requests that ask the remote MISP to run another method than the one on the request line (SPEC
 * §6). CakePHP, on which MISP runs, takes the method from an {@code X-HTTP-Method-Override} header
 * or from a {@code _method} field of form data; other frameworks and front ends read
 * {@code X-HTTP-Method} and {@code X-Method-Override}. Any of them would let a request that the
 * catalogue allows as {@code GET /events/view/UUID} delete that event.
 *
 * <p>Form data is refused whole rather than searched for {@code _method}: MISP's sync client sends
 * JSON only, and PHP finds a field under many spellings ({@code %5Fmethod}, {@code _method[]},
 * multipart parts), any of which a search could miss.
 */
public final class MethodOverride {

  private static final Map<String, String> HEADERS = Map.of(
      "x-http-method-override", "X-HTTP-Method-Override",
      "x-http-method", "X-HTTP-Method",
      "x-method-override", "X-Method-Override");
  private static final String CONTENT_TYPE = "content-type";

  /** The lengths of the names looked at: any other header is passed over without spelling it out. */
  private static final Set<Integer> CHECKED_LENGTHS = Stream.concat(HEADERS.keySet().stream(), Stream.of(CONTENT_TYPE))
      .map(String::length).collect(Collectors.toUnmodifiableSet());

  private MethodOverride() {}

  /**
   * @param headers the request's header names and values
   * @return a block when a header overrides the method or the body is form data, else allow
   */
  public static Verdict judge(Iterable<? extends Map.Entry<String, String>> headers) {
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().strip();
      if (!CHECKED_LENGTHS.contains(name.length())) {
        continue;
      }
      // A web server hands X_HTTP_METHOD_OVERRIDE to PHP under the same name as X-HTTP-Method-Override.
      name = name.toLowerCase(Locale.ROOT).replace('_', '-');
      if (HEADERS.containsKey(name)) {
        return Verdict.block("method override header not allowed: " + HEADERS.get(name));
      }
      if (name.equals(CONTENT_TYPE) && isFormData(header.getValue())) {
        return Verdict.block("form data not allowed: CakePHP reads a _method field in it as the request method");
      }
    }
    return Verdict.allow();
  }

  /** PHP parses the body into form fields by the media type before any {@code ;}, {@code ,} or space, in any case. */
  private static boolean isFormData(String contentType) {
    for (String type : contentType.split(",")) {
      String media = beforeParameters(type.strip()).toLowerCase(Locale.ROOT);
      if (media.equals("application/x-www-form-urlencoded") || media.equals("multipart/form-data")) {
        return true;
      }
    }
    return false;
  }

  /** The text before the first {@code ;} or space (a regex split would be compiled anew for each request). */
  private static String beforeParameters(String type) {
    for (int i = 0; i < type.length(); i++) {
      if (type.charAt(i) == ';' || type.charAt(i) == ' ') {
        return type.substring(0, i);
      }
    }
    return type;
  }
}
