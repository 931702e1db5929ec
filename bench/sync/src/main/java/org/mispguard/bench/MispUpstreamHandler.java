package org.mispguard.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Answers once the request body has been drained: pushed bodies are counted, not parsed. */
final class MispUpstreamHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final byte[] VERSION = json(
      "{\"version\":\"2.5.2\",\"pymisp_recommended_version\":\"2.5.2\",\"perm_sync\":true,"
      + "\"perm_sighting\":true,\"perm_galaxy_editor\":true,\"perm_analyst_data\":true,"
      + "\"request_encoding\":[\"gzip\"],\"filter_sighting\":true}");
  private static final byte[] NOT_FOUND = json("{\"name\":\"Not Found\",\"message\":\"Not Found\",\"url\":\"/\"}");

  private final Map<String, byte[]> events;
  private HttpMethod method;
  private String path;
  private boolean keepAlive;
  private long received;

  MispUpstreamHandler(Map<String, byte[]> events) {
    this.events = events;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
    if (message instanceof HttpRequest request) {
      method = request.method();
      path = request.uri();
      keepAlive = HttpUtil.isKeepAlive(request);
      received = 0;
    }
    if (message instanceof HttpContent content) {
      received += content.content().readableBytes();
    }
    if (message instanceof LastHttpContent) {
      FullHttpResponse response = answer();
      HttpUtil.setContentLength(response, response.content().readableBytes());
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      if (keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private FullHttpResponse answer() {
    if (HttpMethod.GET.equals(method) && "/servers/getVersion".equals(path)) {
      return ok(VERSION);
    }
    if (HttpMethod.POST.equals(method) && (path.startsWith("/events/add") || path.startsWith("/events/edit/"))) {
      return ok(json("{\"Event\":{\"id\":\"4711\",\"published\":true,\"received_bytes\":" + received + "}}"));
    }
    if (HttpMethod.GET.equals(method) && path.startsWith("/events/view/")) {
      byte[] event = events.get(path.substring("/events/view/".length()));
      if (event != null) {
        return ok(event);
      }
    }
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.wrappedBuffer(NOT_FOUND));
  }

  private static FullHttpResponse ok(byte[] body) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
