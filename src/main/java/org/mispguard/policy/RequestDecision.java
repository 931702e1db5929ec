package org.mispguard.policy;

import java.util.Optional;
import org.mispguard.config.Instance;

/**
 * The verdict on a request line plus what the body checks need later. Immutable; the proxy
 * keeps it for the request's lifetime so that the body is judged under the same policy.
 *
 * @param verdict     allowed, or why not
 * @param path        the canonical path (for logs: {@code request blocked: [METHOD]PATH - REASON})
 * @param endpoint    the catalogue row that matched; empty when blocked or allowlisted
 * @param source      the source instance (instances format)
 * @param destination the destination instance (instances format)
 * @param allowlisted true when the allowlist let it through (no body rules)
 * @param notice      an informational line for the log (e.g. what the allowlist let through)
 */
public record RequestDecision(
    Verdict verdict,
    String method,
    String path,
    Optional<Endpoint> endpoint,
    Optional<Instance> source,
    Optional<Instance> destination,
    boolean allowlisted,
    Optional<String> notice) {}
