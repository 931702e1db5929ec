package org.mispguard.policy;

import java.util.Optional;
import org.mispguard.policy.inspect.DocumentKind;

/**
 * One row of the endpoint catalogue (SPEC §4.3).
 *
 * @param method        HTTP method, upper case
 * @param pattern       the path as the catalogue writes it, e.g. {@code /events/view/UUID{named}}
 *                      (placeholders: see {@link PathPattern})
 * @param direction     push bodies are judged by the source's rules, pull responses by the destination's
 * @param requestBody   what the request body holds, if it is inspected
 * @param responseBody  what the response body holds, if it is inspected
 * @param indexQuery    true when the request JSON must carry minimal = 1 and published = 1
 */
public record Endpoint(
    String method,
    String pattern,
    Direction direction,
    Optional<DocumentKind> requestBody,
    Optional<DocumentKind> responseBody,
    boolean indexQuery) {

  public enum Direction { HANDSHAKE, PUSH, PULL }
}
