package org.mispguard.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mispguard.config.GuardConfig;
import org.mispguard.config.Instance;
import org.mispguard.config.RuleDescriber;
import org.mispguard.config.RuleSet;
import org.mispguard.policy.Endpoint.Direction;
import org.mispguard.policy.inspect.ArrivingBody;
import org.mispguard.policy.inspect.DocumentKind;
import org.mispguard.policy.inspect.Finding;
import org.mispguard.policy.inspect.Inspector;

/**
 * Everything the guard decides, built once from a configuration and never changed: a reload
 * builds a new Policy and swaps the reference, so a request is judged by one policy throughout.
 * Every method fails closed: an unexpected error is a block, never an exception to the caller.
 */
public final class Policy {

  static final String ENDPOINT_NOT_ALLOWED = "endpoint not allowed";
  static final String REQUEST_ERROR = "unexpected error, rejecting request";
  static final String RESPONSE_ERROR = "unexpected error, rejecting response";
  static final String RESERVED_DESTINATION = "destination is the guard's own admin listener";

  private final GuardConfig config;
  private final InstanceDirectory directory;
  private final AccessControl access;
  private final AllowlistMatcher allowlist;
  private final RuleSelection rules;
  private final ReservedDestinations reserved;

  private Policy(GuardConfig config, ReservedDestinations reserved) {
    this.config = config;
    this.reserved = reserved;
    this.directory = new InstanceDirectory(config.instances().values());
    this.access = new AccessControl(config, directory);
    this.allowlist = new AllowlistMatcher(config.allowlist());
    this.rules = new RuleSelection(config);
  }

  public static Policy of(GuardConfig config) {
    return new Policy(config, ReservedDestinations.NONE);
  }

  /** A policy that also refuses every request to {@code reserved}, before the allowlist is asked. */
  public static Policy of(GuardConfig config, ReservedDestinations reserved) {
    return new Policy(config, reserved);
  }

  public GuardConfig config() {
    return config;
  }

  /** May {@code client} open a tunnel to {@code host:port}? (SPEC §4.1, §4.2, allowlist). */
  public ConnectDecision connect(InetAddress client, String host, int port) {
    try {
      AccessControl.Access admitted = access.admit(client);
      if (!admitted.verdict().blocked() && isReserved(host, port)) {
        return new ConnectDecision(Verdict.block(RESERVED_DESTINATION), admitted.source(), Optional.empty());
      }
      if (admitted.verdict().blocked() || allowlist.permitsTunnel(host, port)) {
        return new ConnectDecision(admitted.verdict(), admitted.source(), Optional.empty());
      }
      AccessControl.Access reached = access.reach(admitted, host, port);
      return new ConnectDecision(reached.verdict(), reached.source(), reached.destination());
    } catch (RuntimeException e) {
      return new ConnectDecision(Verdict.block(REQUEST_ERROR), Optional.empty(), Optional.empty());
    }
  }

  /** Judges a request line: identity, reachability, path canonicalisation, catalogue, allowlist. */
  public RequestDecision request(RequestFacts facts) {
    try {
      return judge(facts);
    } catch (RuntimeException e) {
      return RequestDecision.blocked(Verdict.block(REQUEST_ERROR), facts, String.valueOf(facts.target()));
    }
  }

  private RequestDecision judge(RequestFacts facts) {
    Optional<RequestTarget> parsed = RequestTarget.parse(facts.target());
    if (parsed.isEmpty()) {
      return RequestDecision.blocked(Verdict.block(ENDPOINT_NOT_ALLOWED), facts, facts.target());
    }
    RequestTarget target = parsed.get();
    String rawPath = target.pathAndQuery();
    if (!namesSameDestination(target, facts)) {
      return RequestDecision.blocked(
          Verdict.block("request target does not match the destination"), facts, rawPath);
    }
    AccessControl.Access admitted = access.admit(facts.client());
    if (admitted.verdict().blocked()) {
      return RequestDecision.blocked(admitted.verdict(), facts, rawPath);
    }
    if (isReserved(facts.host(), facts.port())) {
      return RequestDecision.blocked(Verdict.block(RESERVED_DESTINATION), facts, rawPath);
    }
    Optional<String> notice = allowlist.notice(facts.scheme(), facts.host(), facts.port(), rawPath);
    if (notice.isPresent()) {
      return new RequestDecision(Verdict.allow(), facts.method(), rawPath, Optional.empty(),
          admitted.source(), directory.destination(facts.host()), true, notice);
    }
    AccessControl.Access reached = access.reach(admitted, facts.host(), facts.port());
    PathCanonicalizer.Result canonical = PathCanonicalizer.canonicalize(rawPath);
    Verdict verdict;
    Optional<Endpoint> endpoint = Optional.empty();
    if (reached.verdict().blocked()) {
      verdict = reached.verdict();
    } else if (canonical.refused()) {
      verdict = Verdict.block(canonical.refusal());
    } else {
      endpoint = EndpointCatalogue.match(facts.method(), canonical.path().get());
      verdict = endpoint.isPresent() ? Verdict.allow() : Verdict.block(ENDPOINT_NOT_ALLOWED);
    }
    return new RequestDecision(verdict, facts.method(), canonical.path().orElse(rawPath), endpoint,
        reached.source(), reached.destination(), false, Optional.empty());
  }

  /**
   * Refuses the address the guard is about to connect to when it is one of its own listeners (the
   * name of an allowed destination may resolve to one).
   */
  public Verdict dialling(InetSocketAddress address) {
    return reserved.covers(address) ? Verdict.block(RESERVED_DESTINATION) : Verdict.allow();
  }

  private boolean isReserved(String host, int port) {
    return reserved.reservesPort(port) && reserved.covers(host, port, directory.pinnedAddress(host).orElse(null));
  }

  /** An absolute-form target must name the host and port the guard is about to connect to. */
  private static boolean namesSameDestination(RequestTarget target, RequestFacts facts) {
    return target.authorityHost().isEmpty()
        || (HostNames.canonical(target.authorityHost().get()).equals(HostNames.canonical(facts.host()))
            && target.authorityPort() == facts.port());
  }

  /**
   * Judges a decoded request body of an allowed request (push bodies, index queries), held in
   * {@code array[offset, offset + length)} and read in place: nothing outside that range is read,
   * and nothing is copied. No body is an empty one.
   */
  public Verdict inspectRequest(RequestDecision decision, byte[] array, int offset, int length) {
    return failClosed(REQUEST_ERROR, () -> requestBody(decision, ArrivingBody.whole(array, offset, length)));
  }

  /**
   * {@link #inspectRequest(RequestDecision, byte[], int, int)} on a body that may still be arriving,
   * judged while it is read.
   *
   * @return the verdict the whole body gets; null when only the whole body can decide
   */
  public Verdict inspectRequest(RequestDecision decision, ArrivingBody body) {
    return leftToWholeBody(() -> requestBody(decision, body));
  }

  private Verdict requestBody(RequestDecision decision, ArrivingBody body) {
    if (!decision.judgesRequestBody()) {
      return withoutBody(decision);
    }
    Endpoint endpoint = decision.endpoint().orElseThrow();
    List<Finding> findings = endpoint.indexQuery()
        ? Inspector.requireMinimalPublished(body, decision.path())
        : Inspector.inspect(endpoint.requestBody().orElseThrow(), body, rulesFor(decision), null, false);
    return findings == null ? null : verdictOf(findings);
  }

  /**
   * Judges a decoded response body of an allowed request (pull responses), held in
   * {@code array[offset, offset + length)} and read in place: nothing outside that range is read,
   * and nothing is copied. Every reply that carries a body is inspected, whatever its status, as
   * the reference addon does: a remote could otherwise send a document under an error status. A
   * bodiless reply (a 304 to an index query, an empty 404) has nothing to judge.
   */
  public Verdict inspectResponse(
      RequestDecision decision, int status, byte[] array, int offset, int length, String userOrgUuid) {
    return failClosed(RESPONSE_ERROR,
        () -> responseBody(decision, status, ArrivingBody.whole(array, offset, length), userOrgUuid));
  }

  /**
   * {@link #inspectResponse(RequestDecision, int, byte[], int, int, String)} on a body that may
   * still be arriving, judged while it is read.
   *
   * @return the verdict the whole body gets; null when only the whole body can decide
   */
  public Verdict inspectResponse(RequestDecision decision, int status, ArrivingBody body, String userOrgUuid) {
    return leftToWholeBody(() -> responseBody(decision, status, body, userOrgUuid));
  }

  private Verdict responseBody(RequestDecision decision, int status, ArrivingBody body, String userOrgUuid) {
    if (!decision.judgesResponseBody()) {
      return withoutBody(decision);
    }
    if ((status < 200 || status > 299) && body.length() == 0) {
      return Verdict.allow();
    }
    DocumentKind kind = decision.endpoint().orElseThrow().responseBody().orElseThrow();
    List<Finding> findings = Inspector.inspect(kind, body, rulesFor(decision), userOrgUuid, false);
    return findings == null ? null : verdictOf(findings);
  }

  /** The verdict when the body decides nothing: the request's own (a refusal stays one), else allowed. */
  private static Verdict withoutBody(RequestDecision decision) {
    return decision.verdict().blocked() || decision.allowlisted() ? decision.verdict() : Verdict.allow();
  }

  /**
   * The offline {@code explain} command: every finding the rules of this configuration raise on
   * one document. Instances format: a push is judged by {@code fromInstance}'s rules, a pull by
   * {@code toInstance}'s (both plus the global block rules).
   *
   * @throws IllegalArgumentException when the instance the direction needs is missing or unknown
   */
  public List<Finding> explain(Direction direction, Optional<String> fromInstance,
      Optional<String> toInstance, DocumentKind kind, byte[] body) {
    List<RuleSet> selected =
        rules.rulesFor(direction, rules.instance(fromInstance), rules.instance(toInstance));
    return Inspector.inspect(kind, body, selected, null, true);
  }

  /** The address the guard must connect to for {@code host}: an instance's configured ip, else null (use DNS). */
  public InetAddress pinnedAddress(String host) {
    return directory.pinnedAddress(host).orElse(null);
  }

  /** The name a server must prove in TLS when a client names it {@code host}: an instance's host name, even when reached by its ip. */
  public String upstreamName(String host) {
    return directory.destination(host).map(Instance::host).orElse(host);
  }

  /** The client certificate to present to {@code host} when its instance demands mutual TLS. */
  public Optional<java.nio.file.Path> clientCertificateFor(String host) {
    return directory.destination(host).flatMap(Instance::clientCert);
  }

  /** One line for the start-up log: {@code running block rules: id1,id2} or the instances summary. */
  public String summary() {
    return RuleDescriber.summary(config);
  }

  /** Plain-words description of what each rule set blocks, for {@code check}. */
  public List<String> describe() {
    return RuleDescriber.describe(config);
  }

  private List<RuleSet> rulesFor(RequestDecision decision) {
    Direction direction = decision.endpoint().orElseThrow().direction();
    return rules.rulesFor(direction, decision.source(), decision.destination());
  }

  private static Verdict verdictOf(List<Finding> findings) {
    if (findings.isEmpty()) {
      return Verdict.allow();
    }
    Finding first = findings.get(0);
    return Verdict.block(first.reason(), first.ruleId());
  }

  /**
   * A judgement made while a body arrives that fails is no verdict: the whole body is judged
   * again, under {@link #failClosed}, which refuses what it cannot judge.
   */
  private static Verdict leftToWholeBody(Supplier<Verdict> judgement) {
    try {
      return judgement.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Verdict failClosed(String reason, Supplier<Verdict> judgement) {
    try {
      return judgement.get();
    } catch (RuntimeException e) {
      return Verdict.block(reason);
    }
  }
}
