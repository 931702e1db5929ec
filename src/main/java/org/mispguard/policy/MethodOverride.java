package org.mispguard.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * By length: whether names of that length are looked at. Any other header is passed over without
   * being spelt out as a String, which Netty's headers would make anew on every request.
   */
  private static final boolean[] CHECKED_LENGTHS =
      byLength(Stream.concat(HEADERS.keySet().stream(), Stream.of(CONTENT_TYPE)).toList());

  private MethodOverride() {}

  /**
   * @param headers the request's header names and values
   * @return a block when a header overrides the method or the body is form data, else allow
   */
  public static Verdict judge(Iterable<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> headers) {
    for (Map.Entry<? extends CharSequence, ? extends CharSequence> header : headers) {
      int length = strippedLength(header.getKey());
      if (length >= CHECKED_LENGTHS.length || !CHECKED_LENGTHS[length]) {
        continue;
      }
      // A web server hands X_HTTP_METHOD_OVERRIDE to PHP under the same name as X-HTTP-Method-Override.
      String name = header.getKey().toString().strip().toLowerCase(Locale.ROOT).replace('_', '-');
      if (HEADERS.containsKey(name)) {
        return Verdict.block("method override header not allowed: " + HEADERS.get(name));
      }
      if (name.equals(CONTENT_TYPE) && isFormData(header.getValue().toString())) {
        return Verdict.block("form data not allowed: CakePHP reads a _method field in it as the request method");
      }
    }
    return Verdict.allow();
  }

  private static boolean[] byLength(List<String> names) {
    boolean[] checked = new boolean[names.stream().mapToInt(String::length).max().orElseThrow() + 1];
    names.forEach(name -> checked[name.length()] = true);
    return checked;
  }

  /**
   * The length {@link String#strip()} leaves. Char by char: no code point outside the BMP is white
   * space, and a surrogate is none either.
   */
  private static int strippedLength(CharSequence name) {
    int start = 0;
    int end = name.length();
    while (start < end && Character.isWhitespace(name.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(name.charAt(end - 1))) {
      end--;
    }
    return end - start;
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
