package org.mispguard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Optional;
import org.mispguard.policy.Verdict;

/**
 * The steps between a body read whole and its judgement: decoding it in place, so that the bytes
 * judged are the bytes forwarded, and handing the inspection those bytes without a copy.
 */
final class Bodies {

  private final BodyLimits limits;
  private final BodyDecoder decoder;

  Bodies(BodyLimits limits) {
    this.limits = limits;
    this.decoder = new BodyDecoder(limits.maxBodyBytes());
  }

  BodyLimits limits() {
    return limits;
  }

  /**
   * Replaces an encoded body of {@code message} (read by {@link BodyAggregator}) with its decoded
   * form, counted in the budget as it is decoded, like the body it replaces.
   *
   * @return null when the body is ready to judge, else the refusal
   */
  Verdict decode(FullHttpMessage message, boolean request) {
    Bytes body = Bytes.of(message.content());
    InflightBudget.Reservation reservation = limits.budget().reserve(0);
    try {
      Optional<BodyDecoder.Decoded> layersUndone = decoder.decode(
          message.headers().getAll(HttpHeaderNames.CONTENT_ENCODING), body.array(), body.offset(), body.length(),
          reservation);
      if (layersUndone.isEmpty()) {
        return null;
      }
      BodyDecoder.Decoded decoded = layersUndone.get();
      ((BodyVerdict.Carrier) message).replaceBody(new HeldBody(decoded.array(), decoded.length(), reservation));
      // from here the decoded body's HeldBody gives the reservation back, once the message lets it go
      reservation = null;
      message.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
      message.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, decoded.length());
      return null;
    } catch (BodyDecoder.Undecodable e) {
      return e.refusal(request, limits);
    } finally {
      // on every other way out, an Error included, what decoding counted goes back
      if (reservation != null) {
        reservation.release();
      }
    }
  }

  /** Where a body's bytes are: in its own array, read in place (every body the guard holds), else in a copy. */
  record Bytes(byte[] array, int offset, int length) {
    static Bytes of(ByteBuf body) {
      return body.hasArray()
          ? new Bytes(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes())
          : new Bytes(ByteBufUtil.getBytes(body), 0, body.readableBytes());
    }
  }
}
