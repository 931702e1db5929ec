package org.mispguard.proxy;

import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.policy.Policy;
import org.mispguard.policy.Verdict;
import org.mispguard.policy.inspect.ArrivingBody;

/**
 * Judges bodies: decodes a body in place (what was judged is what is forwarded) and inspects it
 * under the policy its request was judged by. A message read whole is judged on the
 * {@link InspectionPool} before LittleProxy sees it, and carries its verdict to the filters; what
 * is not worth a trip to the pool (no body, nothing in it the policy reads) is judged by the
 * filters where they are, by the same {@link #judge} method.
 */
final class BodyJudge {

  private static final Logger LOG = LogManager.getLogger(BodyJudge.class);
  /** The user a pull is made for (SPEC §5.6), named by the remote in its response. */
  private static final String USER_ORG_UUID = "X-UserOrgUUID";
  /** 256 KiB of JSON is inspected in about a millisecond. */
  private static final int SMALL_BYTES = 256 * 1024;
  /**
   * Bodies of at least this many bytes are judged as they arrive: judging 1 MiB takes about a
   * millisecond, against some tens of microseconds to hand a judgement over between threads.
   */
  static final int ARRIVING_BYTES = 1024 * 1024;

  private final Supplier<Policy> policy;
  private final Bodies bodies;
  private final InspectionPool pool;

  BodyJudge(Supplier<Policy> policy, Bodies bodies, InspectionPool pool) {
    this.policy = policy;
    this.bodies = bodies;
    this.pool = pool;
  }

  InspectionPool pool() {
    return pool;
  }

  BodyLimits limits() {
    return bodies.limits();
  }

  /**
   * The judgement of {@code message}'s body, to run on the pool: it attaches the verdict to the
   * message. Null when there is nothing to judge away from the event loop: no body, a body the
   * policy does not read and no encoding to undo, or a request that the filters refuse or let
   * through on its request line alone.
   *
   * @param exchange the client connection's: a request's own, or the one a response goes to
   */
  Runnable judgementOf(FullHttpMessage message, Exchange exchange) {
    Runnable judgement = judgementAwayFromLoop(message, exchange);
    if (judgement == null && message.content() instanceof HeldBody held) {
      held.abandonArriving();
    }
    return judgement;
  }

  private Runnable judgementAwayFromLoop(FullHttpMessage message, Exchange exchange) {
    if (!(message instanceof BodyVerdict.Carrier carrier) || !message.content().isReadable()
        || message.decoderResult().isFailure()) {
      return null;
    }
    JudgedRequest judged = message instanceof HttpRequest request ? judgedOnArrival(request, exchange) : exchange.judged();
    if (judged == null || !judged.decision().judgesBodies()) {
      return null;
    }
    if (!reads(message, judged) && !message.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
      return null;
    }
    int received = message.content().readableBytes();
    return () -> carrier.attach(new BodyVerdict(judged, judgeFailingClosed(message, judged, true), received));
  }

  /**
   * Starts judging a body while it arrives into {@code array}, made for its declared length, when
   * that pays: a large body, not encoded, that the policy reads, and a thread idle to read it.
   *
   * @param head the request or response whose body it is
   * @param exchange the client connection's: a request's own, or the one a response goes to
   * @return null when the body is to be judged once whole
   */
  ArrivingJudgement onArrival(HttpMessage head, byte[] array, Exchange exchange) {
    if (array.length < ARRIVING_BYTES || head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
      return null;
    }
    JudgedRequest judged = head instanceof HttpRequest request ? judgedOnArrival(request, exchange) : exchange.judged();
    return judged == null || !reads(head, judged) ? null
        : ArrivingJudgement.start(pool, judged, array, array.length, inspectionOf(head, judged));
  }

  /** Whether the policy reads the body of {@code head} (a request's, or the response's) under {@code judged}. */
  private static boolean reads(HttpMessage head, JudgedRequest judged) {
    return head instanceof HttpRequest ? judged.decision().judgesRequestBody() : judged.decision().judgesResponseBody();
  }

  /** The inspection of {@code head}'s body under {@code judged}, read in place as it arrives (or has arrived). */
  private static Function<ArrivingBody, Verdict> inspectionOf(HttpMessage head, JudgedRequest judged) {
    if (head instanceof HttpRequest) {
      return body -> judged.policy().inspectRequest(judged.decision(), body);
    }
    int status = ((HttpResponse) head).status().code();
    String userOrgUuid = head.headers().get(USER_ORG_UUID);
    return body -> judged.policy().inspectResponse(judged.decision(), status, body, userOrgUuid);
  }

  /**
   * Whether {@code message}'s body is judged in a moment: small as it came, and not encoded (a
   * few compressed bytes may decode to the size limit).
   */
  static boolean small(FullHttpMessage message) {
    return message.content().readableBytes() <= SMALL_BYTES
        && !message.headers().contains(HttpHeaderNames.CONTENT_ENCODING);
  }

  /**
   * The request judged by the policy in force now, as it arrives, from the facts the filters will
   * derive too; null for a request the filters refuse before its body matters.
   */
  private JudgedRequest judgedOnArrival(HttpRequest request, Exchange exchange) {
    // A CONNECT has no body to judge; a request while another is being answered is refused as pipelined.
    if (HttpMethod.CONNECT.equals(request.method()) || exchange.busy()) {
      return null;
    }
    try {
      RequestRoute route = RequestRoute.of(exchange.tunnel(), request.uri());
      return JudgedRequest.of(policy.get(), route.facts(exchange.clientAddress(), request.method().name()));
    } catch (RequestRoute.Unroutable refused) {
      return null;
    }
  }

  /**
   * Whatever goes wrong, the verdict is a refusal: the body must be handed back judged. On the event
   * loop too, where an error (a decoded array the heap has no room for) would otherwise leave the
   * filters unanswered and the connection dropped without its 403.
   */
  private Verdict judgeFailingClosed(FullHttpMessage message, JudgedRequest judged, boolean onPool) {
    try {
      return judge(message, judged, onPool);
    } catch (Throwable e) {
      LOG.error("refusing a body after an internal error", e);
      return Verdict.block("internal error");
    }
  }

  /**
   * Decodes the body of {@code message} in place and judges it by the rules for its direction,
   * where the filters are (an event loop): a judgement made while the body arrived is let go, never
   * waited for.
   */
  Verdict judge(FullHttpMessage message, JudgedRequest judged) {
    return judgeFailingClosed(message, judged, false);
  }

  /**
   * @param onPool whether this runs on the inspection pool, where it may wait for the judgement
   *     made while the body arrived, and read the body's later half meanwhile
   */
  private Verdict judge(FullHttpMessage message, JudgedRequest judged, boolean onPool) {
    boolean request = message instanceof HttpRequest;
    Verdict undecodable = bodies.decode(message, request);
    if (undecodable != null) {
      return undecodable;
    }
    Bodies.Bytes body = Bodies.Bytes.of(message.content());
    Verdict reached = reachedOnArrival(message, body.length(), judged, onPool);
    if (reached != null) {
      LOG.debug("a body of {} bytes was judged as it arrived", body.length());
      return reached;
    }
    reached = onPool ? readByTwo(message, body, judged) : null;
    if (reached != null) {
      return reached;
    }
    return request
        ? judged.policy().inspectRequest(judged.decision(), body.array(), body.offset(), body.length())
        : judged.policy().inspectResponse(judged.decision(), ((HttpResponse) message).status().code(),
            body.array(), body.offset(), body.length(), message.headers().get(USER_ORG_UUID));
  }

  /**
   * A large body that was not judged as it arrived (it was decoded or came in chunks, or its
   * judgement as it arrived did not start or could not decide) is read by two threads when the
   * arriving lane has one idle: the judgement made for bodies as they arrive, given the whole body,
   * with this thread reading its later half meanwhile. Null when the body is small, no thread is
   * idle, or that judgement could not decide: the body is then judged whole here.
   */
  private Verdict readByTwo(FullHttpMessage message, Bodies.Bytes body, JudgedRequest judged) {
    if (body.length() < ARRIVING_BYTES || body.offset() != 0 || !reads(message, judged)) {
      return null;
    }
    ArrivingJudgement both = ArrivingJudgement.start(pool, judged, body.array(), body.length(), inspectionOf(message, judged));
    if (both == null) {
      return null;
    }
    Verdict verdict;
    try {
      both.arrived(body.length());
      verdict = both.verdictOn(body.length(), judged);
    } catch (Throwable e) {
      // this thread's share of the reading failed: the other thread stops reading too
      both.abandon();
      throw e;
    }
    if (verdict != null) {
      LOG.debug("a body of {} bytes, read whole before it was judged, was read by {}", body.length(),
          both.readByTwo() ? "two threads" : "one thread");
    }
    return verdict;
  }

  /**
   * The verdict reached while the body of {@code length} bytes arrived, when there is one for it
   * under {@code judged} and this thread may wait for it; else null, the judgement let go.
   */
  private static Verdict reachedOnArrival(FullHttpMessage message, int length, JudgedRequest judged, boolean onPool) {
    ArrivingJudgement arriving = message.content() instanceof HeldBody held ? held.takeArriving() : null;
    if (arriving == null) {
      return null;
    }
    if (!onPool) {
      arriving.abandon();
      return null;
    }
    return arriving.verdictOn(length, judged);
  }
}
