package org.mispguard.policy;

import java.net.InetAddress;
import java.util.List;
import org.mispguard.config.GuardConfig;

/**
 * Everything the guard decides, built once from a configuration and never changed: a reload
 * builds a new Policy and swaps the reference, so a request is judged by one policy throughout.
 */
public final class Policy {

  private final GuardConfig config;

  private Policy(GuardConfig config) {
    this.config = config;
  }

  public static Policy of(GuardConfig config) {
    return new Policy(config);
  }

  public GuardConfig config() {
    return config;
  }

  /** May {@code client} open a tunnel to {@code host:port}? (SPEC §4.1, §4.2, allowlist). */
  public ConnectDecision connect(InetAddress client, String host, int port) {
    return new ConnectDecision(Verdict.block("not implemented"), java.util.Optional.empty(), java.util.Optional.empty());
  }

  /** Judges a request line: identity, reachability, path canonicalisation, catalogue, allowlist. */
  public RequestDecision request(RequestFacts facts) {
    return new RequestDecision(Verdict.block("not implemented"), facts.method(), facts.target(),
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), false,
        java.util.Optional.empty());
  }

  /** Judges a decoded request body of an allowed request (push bodies, index queries). */
  public Verdict inspectRequest(RequestDecision decision, byte[] body) {
    return Verdict.block("not implemented");
  }

  /** Judges a decoded response body of an allowed request (pull responses). */
  public Verdict inspectResponse(RequestDecision decision, int status, byte[] body, String userOrgUuid) {
    return Verdict.block("not implemented");
  }

  /** The address the guard must connect to for {@code host}: an instance's configured ip, else null (use DNS). */
  public InetAddress pinnedAddress(String host) {
    return null;
  }

  /** One line for the start-up log: {@code running block rules: id1,id2} or the instances summary. */
  public String summary() {
    return "";
  }

  /** Plain-words description of what each rule set blocks, for {@code check}. */
  public List<String> describe() {
    return List.of();
  }
}
