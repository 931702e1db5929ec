package org.mispguard.compat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.mispguard.config.ConfigException;
import org.mispguard.config.ConfigLoader;
import org.mispguard.config.Instance;
import org.mispguard.policy.ConnectDecision;
import org.mispguard.policy.Policy;
import org.mispguard.policy.RequestDecision;
import org.mispguard.policy.RequestFacts;
import org.mispguard.policy.Verdict;

/**
 * Plays a scenario through the policy as the proxy does with one flow: the request line, then the
 * request body, then the remote's 200 response — stopping at the first block, as the reference does.
 */
final class TrafficReplay {

  /** What the guard decided, and the allowlist notice it would log for an allowed request. */
  record Outcome(Verdict verdict, Optional<String> notice) {}

  /** Where a scenario's request goes. */
  record Destination(String scheme, String host, int port) {

    static Destination parse(String to) {
      URI uri = URI.create(to.contains("://") ? to : "https://" + to);
      int port = uri.getPort() > 0 ? uri.getPort() : (uri.getScheme().equals("http") ? 80 : 443);
      return new Destination(uri.getScheme(), uri.getHost(), port);
    }
  }

  private final Policy policy;

  TrafficReplay(Policy policy) {
    this.policy = policy;
  }

  static TrafficReplay ofResource(String resource) throws ConfigException {
    try {
      return new TrafficReplay(Policy.of(ConfigLoader.load(Path.of(TrafficReplay.class.getResource(resource).toURI()))));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  Outcome replay(Scenario scenario) {
    Destination to = Destination.parse(scenario.to());
    RequestDecision decision = policy.request(new RequestFacts(client(scenario), scenario.method(), to.scheme(),
        to.host(), to.port(), scenario.path()));
    Verdict verdict = decision.verdict();
    if (verdict.allowed()) {
      byte[] request = ScenarioTable.document(scenario.requestBody());
      verdict = policy.inspectRequest(decision, request, 0, request.length);
    }
    if (verdict.allowed()) {
      byte[] response = ScenarioTable.document(scenario.responseBody());
      verdict = policy.inspectResponse(decision, 200, response, 0, response.length, scenario.userOrgUuid());
    }
    return new Outcome(verdict, decision.notice());
  }

  /** The CONNECT that would precede the scenario's request. */
  ConnectDecision tunnel(Scenario scenario) {
    Destination to = Destination.parse(scenario.to());
    return policy.connect(client(scenario), to.host(), to.port());
  }

  private InetAddress client(Scenario scenario) {
    Instance instance = policy.config().instances().get(scenario.from());
    try {
      return InetAddress.getByName(instance == null ? scenario.from() : instance.ip());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("scenario " + scenario + ": `from` is neither an instance nor an ip", e);
    }
  }
}
