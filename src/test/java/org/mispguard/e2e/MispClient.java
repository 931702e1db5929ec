package org.mispguard.e2e;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.mispguard.tls.TlsFixtures;

/**
 * A MISP server as the guard sees it: a socket from its own loopback address to the guard, a
 * CONNECT (forward mode; none in reverse mode), a TLS handshake that must verify against the
 * guard's CA, then raw HTTP/1.1 bytes —
 * raw so that tests control framing exactly. Replies are parsed by Netty's decoder.
 */
final class MispClient {

  private final InetAddress source;
  private final InetSocketAddress guard;
  private final X509Certificate trustedCa;
  /** Trusts the guard's CA alone, so that a handshake the guard did not make fails. */
  private final SSLContext trusting;
  private final byte[] preface;
  private final String connectHeaders;

  MispClient(String sourceIp, InetSocketAddress guard, X509Certificate trustedCa) {
    this(address(sourceIp), guard, trustedCa, new byte[0], "");
  }

  private MispClient(InetAddress source, InetSocketAddress guard, X509Certificate trustedCa, byte[] preface,
      String connectHeaders) {
    this.source = source;
    this.guard = guard;
    this.trustedCa = trustedCa;
    try {
      this.trusting = TlsFixtures.trustingOnly(trustedCa);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    this.preface = preface;
    this.connectHeaders = connectHeaders;
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The same client, writing {@code bytes} first on every connection (a PROXY protocol header). */
  MispClient withPreface(String bytes) {
    return new MispClient(source, guard, trustedCa, bytes.getBytes(StandardCharsets.US_ASCII), connectHeaders);
  }

  /** The same client, adding a header line to every CONNECT (e.g. {@code Proxy-Authorization}). */
  MispClient withConnectHeader(String name, String value) {
    return new MispClient(source, guard, trustedCa, preface, connectHeaders + name + ": " + value + "\r\n");
  }

  /** Opens a plain connection to the guard (for absolute-form HTTP requests). */
  Connection plain() throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(guard, 5000);
    socket.setSoTimeout(30_000); // generous: the suite runs with Netty's paranoid leak detector on a shared machine
    socket.getOutputStream().write(preface);
    return new Connection(socket);
  }

  /** Sends CONNECT; on 200 the returned connection speaks TLS with the guard's leaf for {@code host}. */
  Tunnel connect(String host, int port) throws IOException {
    return connect(host + ":" + port, host, port);
  }

  /** Sends {@code CONNECT authority}; on 200 the TLS handshake expects a certificate for {@code tlsHost}. */
  Tunnel connect(String authority, String tlsHost, int port) throws IOException {
    return connect(authority, tlsHost, port, "http/1.1");
  }

  /** As above, offering {@code alpn} protocols in the handshake. */
  Tunnel connect(String authority, String tlsHost, int port, String... alpn) throws IOException {
    Connection plain = plain();
    Reply reply = plain.connectExchange(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority
        + "\r\n" + connectHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
    if (reply.status() != 200) {
      plain.close();
      return new Tunnel(reply, null);
    }
    return new Tunnel(reply, new Connection(handshake(plain.socket, tlsHost, port, alpn)));
  }

  /**
   * Connects straight to a reverse listener, as a MISP server whose server URL names the guard: TLS
   * that must verify for {@code serverName}, then origin-form requests.
   */
  Connection direct(String serverName) throws IOException {
    Connection plain = plain();
    return new Connection(handshake(plain.socket, serverName, guard.getPort(), "http/1.1"));
  }

  private SSLSocket handshake(Socket socket, String tlsHost, int port, String... alpn) throws IOException {
    SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(socket, tlsHost, port, true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setApplicationProtocols(alpn);
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    return tls;
  }

  /** A response decoder told when the request was HEAD, which the raw bytes alone cannot say. */
  private static final class HeadAwareDecoder extends HttpResponseDecoder {
    volatile boolean expectEmpty;

    @Override
    protected boolean isContentAlwaysEmpty(io.netty.handler.codec.http.HttpMessage msg) {
      return expectEmpty || super.isContentAlwaysEmpty(msg);
    }
  }

  record Tunnel(Reply connectReply, Connection connection) {
    boolean established() {
      return connection != null;
    }

    /** The protocol the guard chose in the TLS handshake ("" when none). */
    String negotiatedProtocol() {
      return ((SSLSocket) connection.socket).getApplicationProtocol();
    }
  }

  /** One client connection; requests on it are sent one after the other (keep-alive). */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final HeadAwareDecoder head = new HeadAwareDecoder();
    private final EmbeddedChannel decoder = new EmbeddedChannel(head, new HttpObjectAggregator(64 * 1024 * 1024));

    Connection(Socket socket) {
      this.socket = socket;
    }

    Reply send(String method, String target, String host, Map<String, String> headers, byte[] body)
        throws IOException {
      return exchange(request(method, target, host, headers, body), "HEAD".equals(method));
    }

    /** The bytes of a request as {@link #send} writes them. */
    static byte[] request(String method, String target, String host, Map<String, String> headers, byte[] body) {
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: ").append(host).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = new byte[start.length + (body == null ? 0 : body.length)];
      System.arraycopy(start, 0, all, 0, start.length);
      if (body != null) {
        System.arraycopy(body, 0, all, start.length, body.length);
      }
      return all;
    }

    /** Reads what has arrived, at most {@code max} bytes, waiting up to {@code timeoutMillis}: a reader that stops early. */
    int readSome(int max, int timeoutMillis) throws IOException {
      socket.setSoTimeout(timeoutMillis);
      try {
        return socket.getInputStream().read(new byte[max]);
      } catch (java.net.SocketTimeoutException e) {
        return 0;
      }
    }

    /** Writes raw bytes without reading anything. */
    void write(byte[] raw) throws IOException {
      socket.getOutputStream().write(raw);
      socket.getOutputStream().flush();
    }

    /** Writes raw bytes and reads one response. */
    Reply exchange(byte[] raw, boolean head) throws IOException {
      OutputStream out = socket.getOutputStream();
      if (raw.length < 64 * 1024) {
        out.write(raw);
        out.flush();
        return read(head);
      }
      // A large body is written while the reply is read, as HTTP clients do: the guard may answer
      // (413) and close before the whole body is written, and that answer must still be read.
      Thread writer = new Thread(() -> {
        try {
          out.write(raw);
          out.flush();
        } catch (IOException refusedMidway) {
          // the reply says why
        }
      }, "misp-client-writer");
      writer.start();
      try {
        return read(head);
      } finally {
        try {
          writer.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /**
     * A CONNECT reply is read byte by byte up to the end of its head, so that nothing of the TLS
     * stream that follows is consumed; a refusal's body is then read as usual.
     */
    Reply connectExchange(byte[] raw) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(raw);
      out.flush();
      InputStream in = socket.getInputStream();
      java.io.ByteArrayOutputStream headBytes = new java.io.ByteArrayOutputStream();
      int last4 = 0;
      while (last4 != 0x0d0a0d0a) {
        int b = in.read();
        if (b < 0) {
          return new Reply(-1, Map.of(), new byte[0]);
        }
        headBytes.write(b);
        last4 = (last4 << 8) | b;
      }
      String statusLine = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      if (status == 200) {
        return new Reply(200, Map.of(), new byte[0]);
      }
      decoder.writeInbound(Unpooled.wrappedBuffer(headBytes.toByteArray()));
      return read(false);
    }

    /** Reads one response; a closed connection before a whole response reads as status -1. */
    Reply read(boolean bodiless) throws IOException {
      head.expectEmpty = bodiless;
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[65536];
      while (true) {
        FullHttpResponse response = decoder.readInbound();
        if (response != null) {
          try {
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            return new Reply(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
          } finally {
            response.release();
          }
        }
        int n;
        try {
          n = in.read(buffer);
        } catch (java.net.SocketTimeoutException e) {
          throw e;
        } catch (IOException e) {
          n = -1;
        }
        if (n < 0) {
          decoder.finish();
          FullHttpResponse last = decoder.readInbound();
          if (last != null) {
            try {
              return new Reply(last.status().code(), Map.of(), ByteBufUtil.getBytes(last.content()));
            } finally {
              last.release();
            }
          }
          return new Reply(-1, Map.of(), new byte[0]);
        }
        decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
      }
    }

    boolean isClosedByPeer() throws IOException {
      socket.setSoTimeout(2000);
      try {
        return socket.getInputStream().read() < 0;
      } catch (java.net.SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      decoder.finishAndReleaseAll();
      socket.close();
    }
  }
}
