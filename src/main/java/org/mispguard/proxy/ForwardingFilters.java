package org.mispguard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.littleshoot.proxy.HttpFilters;

/**
 * Passes every hook on to the filters it wraps, so that a listener can add a step in front of the
 * guard's judgement without the judgement losing any hook it relies on now or later.
 */
abstract class ForwardingFilters implements HttpFilters {

  protected final HttpFilters inner;

  ForwardingFilters(HttpFilters inner) {
    this.inner = inner;
  }

  @Override
  public HttpResponse clientToProxyRequest(HttpObject httpObject) {
    return inner.clientToProxyRequest(httpObject);
  }

  @Override
  public HttpResponse proxyToServerRequest(HttpObject httpObject) {
    return inner.proxyToServerRequest(httpObject);
  }

  @Override
  public void proxyToServerRequestSending() {
    inner.proxyToServerRequestSending();
  }

  @Override
  public void proxyToServerRequestSent() {
    inner.proxyToServerRequestSent();
  }

  @Override
  public HttpObject serverToProxyResponse(HttpObject httpObject) {
    return inner.serverToProxyResponse(httpObject);
  }

  @Override
  public void serverToProxyResponseTimedOut() {
    inner.serverToProxyResponseTimedOut();
  }

  @Override
  public void serverToProxyResponseReceiving() {
    inner.serverToProxyResponseReceiving();
  }

  @Override
  public void serverToProxyResponseReceived() {
    inner.serverToProxyResponseReceived();
  }

  @Override
  public HttpObject proxyToClientResponse(HttpObject httpObject) {
    return inner.proxyToClientResponse(httpObject);
  }

  @Override
  public void proxyToServerConnectionQueued() {
    inner.proxyToServerConnectionQueued();
  }

  @Override
  public InetSocketAddress proxyToServerResolutionStarted(String resolvingServerHostAndPort) {
    return inner.proxyToServerResolutionStarted(resolvingServerHostAndPort);
  }

  @Override
  public void proxyToServerResolutionFailed(String hostAndPort) {
    inner.proxyToServerResolutionFailed(hostAndPort);
  }

  @Override
  public void proxyToServerResolutionSucceeded(String serverHostAndPort, InetSocketAddress resolvedRemoteAddress) {
    inner.proxyToServerResolutionSucceeded(serverHostAndPort, resolvedRemoteAddress);
  }

  @Override
  public void proxyToServerConnectionStarted() {
    inner.proxyToServerConnectionStarted();
  }

  @Override
  public void proxyToServerConnectionSSLHandshakeStarted() {
    inner.proxyToServerConnectionSSLHandshakeStarted();
  }

  @Override
  public void proxyToServerConnectionFailed() {
    inner.proxyToServerConnectionFailed();
  }

  @Override
  public void proxyToServerConnectionSucceeded(ChannelHandlerContext serverCtx) {
    inner.proxyToServerConnectionSucceeded(serverCtx);
  }

  @Override
  public boolean proxyToServerAllowMitm() {
    return inner.proxyToServerAllowMitm();
  }

  @Override
  public void webSocketFrameReceived(Supplier<byte[]> frameBytes, boolean fromClient) {
    inner.webSocketFrameReceived(frameBytes, fromClient);
  }
}
