package org.mispguard.proxy;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mispguard.policy.Verdict;

/**
 * The threads bodies are decoded and inspected on, apart from the event loops that move the bytes
 * (SPEC §6): judging a large event takes long enough to stall every connection of the loop it ran
 * on. Two lanes with threads of their own, so that a small body, judged in a millisecond, never
 * waits behind large ones that take seconds. Each lane is bounded twice: a fixed number of
 * threads, and a queue of bodies waiting for one. A body that finds its queue full is refused
 * (503, retry later) instead of waiting without bound; each waiting body is counted in the
 * in-flight budget already, so the queue bounds the wait, not the memory.
 *
 * <p>A third lane judges large bodies while they arrive ({@link ArrivingJudgement}). It has no
 * queue: a body is judged there only when one of its threads is idle the moment the body starts,
 * else it is judged once whole like any other. So it only ever adds: its threads wait on clients,
 * never the other lanes' bodies.
 */
final class InspectionPool implements AutoCloseable {

  /** Bodies that may wait in a lane when the setting says nothing: a few hundred small ones wait milliseconds. */
  static final int DEFAULT_QUEUE = 256;

  /** A body handed to the pool: it is run once, or abandoned (its body let go) when the pool stops first. */
  interface Job extends Runnable {
    void abandon();

    /** Whether it is judged in a moment, in the lane of small bodies. */
    boolean small();
  }

  private final ThreadPoolExecutor large;
  private final ThreadPoolExecutor small;
  private final ThreadPoolExecutor arriving;
  private final int threads;
  private final int queue;

  /** @param threads per lane */
  InspectionPool(int threads, int queue) {
    if (threads < 1 || queue < 1) {
      throw new IllegalArgumentException("an inspection pool needs at least one thread and one place in its queue");
    }
    this.threads = threads;
    this.queue = queue;
    this.large = lane("misp-guard-inspect", threads, queue);
    this.small = lane("misp-guard-inspect-small", threads, queue);
    this.arriving = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
        new DefaultThreadFactory("misp-guard-inspect-arriving", true), new ThreadPoolExecutor.AbortPolicy());
  }

  private static ThreadPoolExecutor lane(String name, int threads, int queue) {
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        new DefaultThreadFactory(name, true), new ThreadPoolExecutor.AbortPolicy());
  }

  /** One thread per core in each lane: inspection is all computation. */
  static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  int threads() {
    return threads;
  }

  int queue() {
    return queue;
  }

  /** @return false, having run nothing, when the job's queue is full or the pool has stopped */
  boolean offer(Job job) {
    try {
      (job.small() ? small : large).execute(job);
      return true;
    } catch (RejectedExecutionException full) {
      return false;
    }
  }

  /**
   * Starts judging a body while it arrives, on a thread idle right now.
   *
   * @return false, having run nothing, when no such thread is idle or the pool has stopped
   */
  boolean startOnArrival(Runnable judgement) {
    try {
      arriving.execute(judgement);
      return true;
    } catch (RejectedExecutionException busy) {
      return false;
    }
  }

  /** The refusal of a body that found its queue full. */
  Verdict full() {
    return Verdict.refuse(503, "too many bodies waiting for inspection (limit " + queue + "): retry later");
  }

  /**
   * Stops the threads; the jobs still waiting are abandoned, so their bodies are let go. A body
   * judged as it arrives is interrupted, and left to be judged whole, which no longer happens.
   */
  @Override
  public void close() {
    arriving.shutdownNow();
    for (ThreadPoolExecutor lane : new ThreadPoolExecutor[] {large, small}) {
      for (Runnable waiting : lane.shutdownNow()) {
        ((Job) waiting).abandon();
      }
    }
  }
}
