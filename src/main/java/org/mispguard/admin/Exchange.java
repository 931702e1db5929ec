package org.mispguard.admin;

/**
 * One request as the metrics count it, once the guard has decided about it.
 *
 * @param listener      {@code forward} or {@code reverse}
 * @param source        the source instance's id, empty when unknown (seed format, unidentified client)
 * @param destination   the destination instance's id, empty when unknown
 * @param nanos         from the first byte of the request to the decision
 * @param requestBytes  size of the request body read
 * @param responseBytes size of the response body read
 */
public record Exchange(String listener, String source, String destination, long nanos, long requestBytes,
    long responseBytes) {}
