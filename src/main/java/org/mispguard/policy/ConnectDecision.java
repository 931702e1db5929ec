package org.mispguard.policy;

import java.util.Optional;
import org.mispguard.config.Instance;

/** The verdict on a {@code CONNECT host:port}, before any TLS handshake. */
public record ConnectDecision(Verdict verdict, Optional<Instance> source, Optional<Instance> destination) {}
