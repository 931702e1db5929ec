package org.mispguard.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One MISP server of the instances format (SPEC §3.2).
 *
 * @param ip          the address the guard connects to and the source address it recognises
 * @param host        the name MISP uses for it (compared case-insensitively)
 * @param clientCert  PEM (key + chain) presented upstream when this instance demands mutual TLS
 */
public record Instance(
    String id,
    String ip,
    String host,
    int port,
    String compartmentId,
    String affiliation,
    RuleSet rules,
    Optional<Path> clientCert) {}
