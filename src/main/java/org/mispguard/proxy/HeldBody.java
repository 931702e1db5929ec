package org.mispguard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * The bytes of one body, as the guard holds them: a plain heap array, read in place by the
 * inspection and written out as is. See {@link BodyAggregator} for who owns it when.
 *
 * <p>The array is never pooled. Netty and LittleProxy count references on the message that
 * carries it, and LittleProxy 2.8 miscounts on some of its paths (it keeps one too many when an
 * upstream connection fails, and has released its own copies twice under load). With a pooled
 * buffer the first strands memory until a restart, the second hands memory still queued for
 * writing to another user (corrupted TLS records). Here a count left over costs garbage the
 * collector takes, and a count dropped early can only empty this buffer, never another one.
 */
final class HeldBody extends UnpooledHeapByteBuf {

  private final InflightBudget.Reservation reservation;
  /** Let go with the bytes: LittleProxy may hold on to the message, and so to this, long after. */
  private ArrivingJudgement arriving;

  /** The first {@code length} bytes of {@code array}, counted against {@code reservation}. */
  HeldBody(byte[] array, int length, InflightBudget.Reservation reservation) {
    this(array, length, reservation, null);
  }

  /** As {@link #HeldBody(byte[], int, InflightBudget.Reservation)}, judged as it arrived by {@code arriving} (or null). */
  HeldBody(byte[] array, int length, InflightBudget.Reservation reservation, ArrivingJudgement arriving) {
    super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
    setIndex(0, length);
    this.reservation = reservation;
    this.arriving = arriving;
  }

  InflightBudget.Reservation reservation() {
    return reservation;
  }

  /**
   * The judgement of these bytes made while they arrived, handed to the caller: this body no longer
   * holds it, so what it read (a large event's elements read ahead) goes as soon as the caller is
   * done with it, not when the body has been sent on. Null when there is none, or it was taken.
   */
  synchronized ArrivingJudgement takeArriving() {
    ArrivingJudgement taken = arriving;
    arriving = null;
    return taken;
  }

  /** Nobody will wait for the judgement made while these bytes arrived: its thread stops now. */
  void abandonArriving() {
    ArrivingJudgement taken = takeArriving();
    if (taken != null) {
      taken.abandon();
    }
  }

  /**
   * Releases {@code old} for {@code decoded} (count 1, handed over): the references held on the
   * message that carried {@code old} carry over to {@code decoded}, which is returned.
   */
  static ByteBuf replace(ByteBuf old, ByteBuf decoded) {
    int held = old.refCnt();
    if (held > 1) {
      decoded.retain(held - 1);
    }
    old.release(held);
    return decoded;
  }

  /** Netty is done with the bytes (written, or the message dropped): they leave the budget, and nobody judges them any more. */
  @Override
  protected void deallocate() {
    super.deallocate();
    reservation.release();
    abandonArriving();
  }
}
