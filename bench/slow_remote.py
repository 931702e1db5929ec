#!/usr/bin/env python3
"""The remote MISP of bench/faults.sh: HTTPS on a loopback address, one thread per connection.

POST /events/add          reads the whole body, then waits --delay seconds before it answers
                          (a remote slower than the client's timeout)
POST /events/edit/UUID    reads the whole body and answers at once
GET  /events/view/UUID    the event file given with --event
GET  /servers/getVersion  a small JSON

Prints "listening PORT" once it accepts connections (port 0 picks a free one). One line per request
goes to stderr: method, path, status, body bytes read, seconds.
"""
import argparse
import http.server
import json
import re
import ssl
import sys
import time

VERSION = json.dumps({"version": "2.5.2", "perm_sync": True, "perm_sighting": True}).encode()
SAVED = json.dumps({"Event": {"id": "4711", "published": True}}).encode()
CHUNK = 1 << 20


class Remote(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, Expect: 100-continue answered by the base class
    timeout = 60
    event = b""
    delay = 3.0

    def setup(self):
        super().setup()
        self.request.do_handshake()  # in this connection's thread, so a slow client holds up no other
        self.begin()

    def begin(self):
        self.started = time.monotonic()
        self.body_read = 0

    def do_GET(self):
        self.begin()
        if self.path == "/servers/getVersion":
            self.answer(200, VERSION)
        elif re.fullmatch(r"/events/view/[0-9a-f-]{36}", self.path):
            self.answer(200, self.event)
        else:
            self.answer(404, b'{"message":"not found"}')

    def do_POST(self):
        self.begin()
        delayed = self.path == "/events/add"
        if not (delayed or re.fullmatch(r"/events/edit/[0-9a-f-]{36}", self.path)):
            self.answer(404, b'{"message":"not found"}')
            return
        if not self.read_body():
            self.log_request("-")  # the sender left before the end of the body
            self.close_connection = True
            return
        if delayed:
            time.sleep(self.delay)
        self.answer(200, SAVED)

    def read_body(self):
        """Reads the whole body (Content-Length or chunked); False when the connection ended first."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return True
                if not self.read_exactly(size) or not self.rfile.readline():
                    return False
        return self.read_exactly(int(self.headers.get("Content-Length", "0")))

    def read_exactly(self, length):
        while length > 0:
            piece = self.rfile.read(min(CHUNK, length))
            if not piece:
                return False
            self.body_read += len(piece)
            length -= len(piece)
        return True

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        sys.stderr.write("%s %s %s %d %.3f\n" % (self.command, self.path, code, self.body_read,
                                                 time.monotonic() - self.started))

    def log_message(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # a client (the guard) that leaves mid-request is part of the scenario, not an error
        sys.stderr.write("connection from %s ended: %s\n" % (client_address[0], sys.exc_info()[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bind", default="127.0.0.2")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", required=True, help="PEM certificate chain")
    parser.add_argument("--key", required=True, help="PEM private key")
    parser.add_argument("--event", required=True, help="the event served by /events/view/UUID")
    parser.add_argument("--delay", type=float, default=3.0, help="seconds /events/add waits before answering")
    args = parser.parse_args()
    with open(args.event, "rb") as event:
        Remote.event = event.read()
    Remote.delay = args.delay
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server = Server((args.bind, args.port), Remote)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print("listening %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
