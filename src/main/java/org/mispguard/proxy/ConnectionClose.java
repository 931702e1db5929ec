package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import org.littleshoot.proxy.HttpFilters;
import org.littleshoot.proxy.HttpFiltersSource;

/**
 * Closes the client's connection after the reply to a request that asked for it ({@code Connection:
 * close}, or HTTP/1.0 without keep-alive), refusals included (SPEC §6), and says so in the reply.
 *
 * <p>LittleProxy 2.8 decides by itself only in part. After a reply of its filters it closes when
 * that reply says {@code Connection: close}, whatever the request said. After a proxied reply it
 * asks the request, but the copy it asks is the one it sent upstream, from which it has already
 * stripped {@code Connection} as a hop-by-hop header, so an HTTP/1.1 client's close was never
 * seen. Hence: a refusal to such a request is marked close, and so is the request sent upstream
 * (which also lets the remote close its side).
 */
final class ConnectionClose {

  private ConnectionClose() {}

  /** The filters of {@code source}, honouring each request's wish to close. */
  static HttpFiltersSource honoured(HttpFiltersSource source) {
    return new WrappingFiltersSource(source) {
      @Override
      protected HttpFilters wrap(HttpFilters filters, ChannelHandlerContext ctx) {
        return new Honouring(filters);
      }
    };
  }

  private static final class Honouring extends ForwardingFilters {
    private boolean requested;

    Honouring(HttpFilters inner) {
      super(inner);
    }

    @Override
    public HttpResponse clientToProxyRequest(HttpObject object) {
      // A CONNECT's connection becomes the tunnel: its own Connection header does not end it.
      if (object instanceof HttpRequest request && !HttpMethod.CONNECT.equals(request.method())) {
        requested = !HttpUtil.isKeepAlive(request);
      }
      return closing(super.clientToProxyRequest(object));
    }

    @Override
    public HttpResponse proxyToServerRequest(HttpObject object) {
      HttpResponse refusal = super.proxyToServerRequest(object);
      if (refusal == null && requested && object instanceof HttpRequest request) {
        HttpUtil.setKeepAlive(request, false);
      }
      return closing(refusal);
    }

    @Override
    public HttpObject proxyToClientResponse(HttpObject object) {
      HttpObject response = super.proxyToClientResponse(object);
      if (requested && response instanceof HttpResponse reply) {
        HttpUtil.setKeepAlive(reply, false);
      }
      return response;
    }

    private HttpResponse closing(HttpResponse refusal) {
      if (refusal != null && requested) {
        HttpUtil.setKeepAlive(refusal, false);
      }
      return refusal;
    }
  }
}
