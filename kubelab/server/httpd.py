"""The transport: HTTPS/1.1 on the loopback address, one thread per connection.

What a hostile or careless client can do is bounded here: a body over 3 MiB is
refused before it is read, a client that sends nothing for a while is dropped
(socket timeout), a watch whose client went away ends at its next tick, and
past :data:`MAX_CONNECTIONS` open connections new ones get ``429`` at once.
The cluster itself is only reached through :class:`~.app.ApiServer`, under its lock.
"""
from __future__ import annotations

import select
import socket
import ssl
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from ..api import errors
from .app import ApiServer, Request, Response, encode, status_response
from .bodies import MAX_BODY, too_large
from .websocket import RawStream, WebSocket

#: Open connections beyond which new ones are refused with 429 (the apiserver's
#: --max-requests-inflight is 400; watches count here too).
MAX_CONNECTIONS = 512
#: Seconds a client may stay silent in the middle of a request, or between requests.
IDLE_TIMEOUT = 60
#: How much of a refused oversized body is read and thrown away before answering.
DRAIN_LIMIT = 64 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kubelab-apiserver"
    sys_version = ""
    timeout = IDLE_TIMEOUT

    server: "Server"

    def log_message(self, format: str, *args) -> None:     # quiet, as a server in a notebook must be
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        if not self.server.slots.acquire(blocking=False):
            self._send(status_response(errors.ApiError(429, "TooManyRequests",
                                                       "Too many requests, please try again later.",
                                                       {"retryAfterSeconds": 1})), close=True)
            return
        try:
            body = self._read_body()
            if body is None:
                return
            url = urlsplit(self.path)
            headers: dict[str, str] = {}
            for k, v in self.headers.items():       # a repeated header: its values joined, as HTTP allows
                k = k.lower()
                headers[k] = f"{headers[k]}, {v}" if k in headers else v
            req = Request(method, url.path, dict(parse_qsl(url.query, keep_blank_values=True)), headers, body,
                          url.query)
            resp = self.server.api.handle(req)
            if resp.upgrade is not None:
                self._upgrade(resp)
                return
            self._send(resp)
        except (ConnectionError, socket.timeout, ssl.SSLError, OSError):
            self.close_connection = True
        finally:
            self.server.slots.release()

    def _upgrade(self, resp: Response) -> None:
        """Hand the connection to a WebSocket session; it ends with the session."""
        self.close_connection = True
        if resp.spdy:
            self._upgrade_spdy(resp)
            return
        raw = self.raw_requestline + b"".join(f"{k}: {v}\r\n".encode("latin-1", "replace")
                                              for k, v in self.headers.items()) + b"\r\n"
        try:
            ws = WebSocket(self.connection, raw, resp.protocol)
        except ValueError as err:
            self._send(status_response(errors.bad_request(str(err))), close=True)
            return
        try:
            resp.upgrade(ws)
        except Exception:             # a bug of ours ends this session, never the server
            traceback.print_exc()
            ws.close(1011)

    def _upgrade_spdy(self, resp: Response) -> None:
        """``Upgrade: SPDY/3.1``: 101, then the connection carries SPDY frames."""
        head = ("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                f"X-Stream-Protocol-Version: {resp.protocol}\r\n\r\n")
        try:
            self.wfile.write(head.encode())
            self.wfile.flush()
        except (OSError, ssl.SSLError):
            return
        stream = RawStream(self.connection, resp.protocol)
        try:
            resp.upgrade(stream)
        except Exception:             # a bug of ours ends this session, never the server
            traceback.print_exc()
        stream.close()

    def _read_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._send(status_response(errors.bad_request("invalid Content-Length")), close=True)
            return None
        if length > MAX_BODY:
            # Read past it without keeping it (up to a bound), so the client, still
            # sending, gets the 413 rather than a broken pipe; then close.
            left = min(length, DRAIN_LIMIT)
            while left > 0:
                got = self.rfile.read(min(left, 1 << 16))
                if not got:
                    break
                left -= len(got)
            self._send(status_response(too_large()), close=True)
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes | None:
        parts, total = [], 0
        while True:
            line = self.rfile.readline(65537)
            try:
                size = int(line.split(b";")[0].strip() or b"0", 16)
            except ValueError:
                self._send(status_response(errors.bad_request("malformed chunked encoding")), close=True)
                return None
            if size == 0:
                self.rfile.readline()
                return b"".join(parts)
            total += size
            if total > MAX_BODY:
                self._send(status_response(too_large()), close=True)
                return None
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def _send(self, resp: Response, close: bool = False) -> None:
        self.send_response(resp.code)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Cache-Control", "no-cache, private")
        for name, value in resp.headers:
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        if resp.stream is None:
            self.send_header("Content-Length", str(len(resp.body)))
            self._headers_buffer.append(b"\r\n")        # end_headers, written with the body in one go
            self.wfile.write(b"".join(self._headers_buffer) + resp.body)
            self._headers_buffer = []
            self.wfile.flush()
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        try:
            for chunk in resp.stream:
                if chunk is None:
                    if self._client_gone():
                        break
                    continue
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            else:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
                return
        finally:
            close_stream = getattr(resp.stream, "close", None)
            if close_stream is not None:
                close_stream()
        self.close_connection = True

    def _client_gone(self) -> bool:
        """A client that closed its end makes the socket readable with nothing to read."""
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return False
            if isinstance(sock, ssl.SSLSocket) and sock.pending():
                return False
            return sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError, ssl.SSLError):
            return True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, port: int, api: ApiServer, context: ssl.SSLContext):
        self.api = api
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.context = context
        super().__init__(("127.0.0.1", port), Handler)

    def get_request(self):
        sock, addr = super().get_request()
        sock.settimeout(IDLE_TIMEOUT)
        # Small answers go out at once: with Nagle's algorithm a header and a body
        # written separately wait for the client's delayed ACK (40 ms a request).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # The TLS handshake happens in the connection's own thread (do_handshake_on_connect
        # would run it here, where a silent client would stall every other one).
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address) -> None:
        pass      # a client that vanished or spoke no TLS: nothing to report


def tls_context(cert_file: str, key_file: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert_file, key_file)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


__all__ = ["Server", "tls_context", "encode"]
