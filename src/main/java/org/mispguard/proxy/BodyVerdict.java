package org.mispguard.proxy;

import io.netty.buffer.ByteBuf;
import org.mispguard.policy.Verdict;

/**
 * The verdict on one body, reached away from the event loop before LittleProxy saw the message, and
 * the judgement of the request it was reached under. The filters use it only for that very request.
 *
 * @param receivedBytes the body's size as it arrived, before any decoding
 */
record BodyVerdict(JudgedRequest request, Verdict verdict, int receivedBytes) {

  /**
   * A message read whole ({@link GuardedRequest}, {@link GuardedResponse}): it can carry the verdict
   * on its body, and its body can be swapped for the decoded form that was judged.
   */
  interface Carrier {
    /** Puts {@code decoded} (count 1, now the message's) in place of the body, which is released. */
    void replaceBody(ByteBuf decoded);

    /** @return the verdict, or null when the body was not judged before the message reached the filters */
    BodyVerdict bodyVerdict();

    void attach(BodyVerdict verdict);
  }
}
