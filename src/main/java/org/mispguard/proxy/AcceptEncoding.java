package org.mispguard.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code Accept-Encoding} a request carries upstream (SPEC §6): what the client accepts, less
 * every coding the guard cannot decode, so a remote never answers in a coding the guard would have
 * to refuse. {@code *} (any coding) becomes the codings the guard reads. A client that sends no
 * header accepts any coding too, but gets {@code identity}: that is what remotes send it anyway,
 * and a reply the guard passes on undecoded (allowlisted) must stay readable to a client that
 * named no coding.
 */
final class AcceptEncoding {

  private static final Pattern WEIGHT = Pattern.compile(";\\s*q\\s*=\\s*(0(\\.\\d{0,3})?|1(\\.0{0,3})?)\\s*");

  /** Compiled once: String.replaceAll compiles its pattern on every call, and this runs on every request. */
  private static final Pattern WHITESPACE = Pattern.compile("\\s");

  private AcceptEncoding() {}

  /**
   * Takes the header off a request about to go upstream.
   *
   * @param restricting {@link #restrict}, or a memory of what it gave
   * @return the value to put back with {@link #offer} once LittleProxy has rewritten the headers:
   *     LittleProxy runs two regexes over every Accept-Encoding (to drop {@code sdch}, which the
   *     guard's value never has), a cost on each request for nothing
   */
  static String take(HttpHeaders headers, Function<List<String>, String> restricting) {
    String restricted = restricting.apply(headers.getAll(HttpHeaderNames.ACCEPT_ENCODING));
    headers.remove(HttpHeaderNames.ACCEPT_ENCODING);
    return restricted;
  }

  /** Puts a value from {@link #take} on the request as it goes upstream. */
  static void offer(HttpHeaders headers, String restricted) {
    headers.set(HttpHeaderNames.ACCEPT_ENCODING, restricted);
  }

  /**
   * @param offered every {@code Accept-Encoding} value the client sent, in order
   * @return the codings of {@code offered} the guard decodes, with their weights; {@code identity}
   *     when none is left
   */
  static String restrict(List<String> offered) {
    if (offered.isEmpty()) {
      return "identity";
    }
    List<String> kept = new ArrayList<>();
    Set<String> named = new HashSet<>();
    String anyOther = null;
    for (String value : offered) {
      for (String element : value.split(",")) {
        int semicolon = element.indexOf(';');
        String coding = (semicolon < 0 ? element : element.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        String parameters = semicolon < 0 ? "" : element.substring(semicolon);
        if (!parameters.isEmpty() && !WEIGHT.matcher(parameters).matches()) {
          continue; // anything but a weight has no meaning here, and may mean something else to the remote
        }
        String weight = parameters.isEmpty() ? "" : WHITESPACE.matcher(parameters).replaceAll("");
        if (coding.equals("*")) {
          anyOther = weight;
        } else if (coding.equals("identity") || BodyDecoder.CODINGS.contains(coding)) {
          kept.add(coding + weight);
          named.add(coding);
        }
      }
    }
    if (anyOther != null) {
      for (String coding : BodyDecoder.CODINGS) {
        if (!named.contains(coding)) {
          kept.add(coding + anyOther);
        }
      }
    }
    return kept.isEmpty() ? "identity" : String.join(", ", kept);
  }
}
