package org.mispguard.policy;

import java.net.InetAddress;

/**
 * What the proxy knows of one HTTP request before its body: the flow as data.
 *
 * @param client  the source address (TCP peer, or the PROXY protocol source)
 * @param method  the request method as sent
 * @param scheme  "https" after CONNECT or on the reverse listener, else "http"
 * @param host    the destination: CONNECT authority host, absolute-URI host, or reverse upstream host
 * @param port    the destination port
 * @param target  the request target exactly as received, origin-form ({@code /events/add}) or
 *                absolute-form ({@code http://h:80/events/add}) — canonicalisation is policy's job
 */
public record RequestFacts(
    InetAddress client, String method, String scheme, String host, int port, String target) {}
