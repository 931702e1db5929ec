package org.mispguard.config;

/** A {@code host}/{@code port} pair as the seed format's {@code misp} and {@code proxy} blocks hold it. */
public record HostPort(String host, int port) {}
