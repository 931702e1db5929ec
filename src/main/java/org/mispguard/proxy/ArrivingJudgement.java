package org.mispguard.proxy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mispguard.policy.Verdict;
import org.mispguard.policy.inspect.ArrivingBody;

/**
 * A large body judged while it arrives, on the {@link InspectionPool}'s arriving lane, so that most
 * of its inspection is done by the time its last byte is read (SPEC §6). The verdict still waits
 * for the whole body: it is taken up by the body's ordinary judgement ({@link BodyJudge#judge}),
 * which uses it only for the body it was reached on, under the same judgement of the request, and
 * else judges the whole body itself. A judgement that could not decide (the body stopped arriving,
 * or a value longer than it reads ahead was cut) leaves the body to be judged whole too.
 *
 * <p>The reader holds the body's array but never owns it: the body's owner says how far it has
 * arrived, and abandons the judgement when it lets the body go ({@link BodyAggregator#drop},
 * {@link HeldBody}), which ends the reader's wait.
 */
final class ArrivingJudgement {

  private static final Logger LOG = LogManager.getLogger(ArrivingJudgement.class);
  /** A client that sends nothing for this long has its body judged once whole, not by a waiting thread. */
  static final Duration PATIENCE = Duration.ofSeconds(2);

  private final JudgedRequest judged;
  private final ArrivingBody body;
  private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();

  private ArrivingJudgement(JudgedRequest judged, ArrivingBody body) {
    this.judged = judged;
    this.body = body;
  }

  /**
   * Starts judging the body of {@code length} bytes that will fill {@code array} from its start.
   *
   * @param judgement the verdict on the body as far as it has arrived; null when only the whole
   *     body can decide
   * @return the judgement under way; null when no thread was idle to judge it
   */
  static ArrivingJudgement start(InspectionPool pool, JudgedRequest judged, byte[] array, int length,
      Function<ArrivingBody, Verdict> judgement) {
    ArrivingJudgement arriving = new ArrivingJudgement(judged, ArrivingBody.arriving(array, length, PATIENCE));
    return pool.startOnArrival(() -> arriving.run(judgement)) ? arriving : null;
  }

  private void run(Function<ArrivingBody, Verdict> judgement) {
    Verdict reached = null;
    try {
      reached = judgement.apply(body);
    } catch (Throwable e) {
      LOG.error("a body judged as it arrived is left to be judged whole, after an internal error", e);
    } finally {
      verdict.complete(reached);
    }
  }

  /** Whether the body was read by two threads (a helper's reading was used), once its verdict is in. */
  boolean readByTwo() {
    return body.helped();
  }

  /** The body's owner: the first {@code count} bytes are in the array. */
  void arrived(int count) {
    body.arrived(count);
  }

  /** The body's owner lets it go: the judgement stops, and its verdict is never used. */
  void abandon() {
    body.abandon();
  }

  /**
   * The verdict on the whole body of {@code length} bytes, judged under {@code request}, once the
   * judgement has ended (the body has arrived by then, so it ends soon); null when the body must be
   * judged whole: the judgement could not decide, or was made for another body or another
   * judgement of the request (the policy was reloaded meanwhile).
   */
  Verdict verdictOn(int length, JudgedRequest request) {
    if (length != body.length() || judged.policy() != request.policy() || !judged.facts().equals(request.facts())) {
      abandon();
      return null;
    }
    // the body has arrived: this thread, which would wait, reads its later part meanwhile
    body.help();
    return verdict.join();
  }
}
