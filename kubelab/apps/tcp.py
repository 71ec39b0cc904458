"""A TCP connection a simulated program has accepted: bytes in, bytes out.

``kubectl port-forward`` carries a byte stream to a port inside the pod (the
runtime dials ``localhost:PORT`` in the pod's network namespace and copies in
both directions); what the bytes mean is the program's business.  A program
answers a connection through :meth:`kubelab.apps.base.App.connect`: most
simulated programs are HTTP/1.1 servers (:class:`HttpConnection` reads the
bytes for them: the one place HTTP is read off a byte stream), redis speaks RESP
(:class:`kubelab.apps.redis.RespConnection`).

A connection's ``receive(data)`` takes what the client sent and returns what
the program writes back (possibly nothing yet: a request may arrive in
pieces); ``closed`` says the program has closed its side.

>>> from kubelab.apps.base import App, Response
>>> class Hello(App):
...     def http(self, req):
...         return Response(200, f"{req.method} {req.path} {req.body}\\n", {"Content-Type": "text/plain"})
>>> conn = HttpConnection(Hello(None), 80)
>>> conn.receive(b"POST /x HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 2\\r\\n\\r\\nh")
b''
>>> print(conn.receive(b"i").decode())
HTTP/1.1 200 OK
Content-Type: text/plain
Content-Length: 11
<BLANKLINE>
POST /x hi
<BLANKLINE>
>>> conn.receive(b"GET / HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n").startswith(b"HTTP/1.1 200 OK"), conn.closed
(True, True)
"""
from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Protocol

from .base import Request, Response

if TYPE_CHECKING:
    from .base import App

#: What a server keeps of a request still arriving before it gives up on the
#: client (nginx's large_client_header_buffers are 4 x 8k; bodies may be larger).
MAX_PENDING = 4 * 1024 * 1024


class Connection(Protocol):
    closed: bool

    def receive(self, data: bytes) -> bytes: ...


def split_request(buf: bytes) -> tuple[bytes | None, bytes, bytes]:
    """One complete HTTP/1.1 request off the front of ``buf``: (head, body, rest),
    or (None, b"", buf) while it is incomplete.  The body is ``Content-Length``
    bytes (none without the header)."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None, b"", buf
    head = buf[:end]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                length = max(0, int(value.strip()))
            except ValueError:
                length = 0
    start = end + 4
    if len(buf) < start + length:
        return None, b"", buf
    return head, buf[start:start + length], buf[start + length:]


def parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]] | None:
    """(method, target, version, headers with lower-case names) of a request's
    head; None when the request line is not ``METHOD TARGET HTTP/x.y``."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return parts[0], parts[1], parts[2], headers


def format_response(resp: Response, head: bool = False) -> bytes:
    """The status line, the program's headers and its body, with the body's
    ``Content-Length`` (a simulated program's body is all there at once).  The
    answer to a HEAD request (``head``) has no body but the length a GET's would
    have: the program's ``length``, or that of the body it gave.

    >>> print(format_response(Response(200, "", {"Server": "nginx/1.16.1"}, length=615), head=True).decode())
    HTTP/1.1 200 OK
    Server: nginx/1.16.1
    Content-Length: 615
    <BLANKLINE>
    <BLANKLINE>
    """
    payload = resp.body.encode()
    length = len(payload) if resp.length is None else resp.length
    if head:
        payload = b""
    try:
        phrase = HTTPStatus(resp.status).phrase
    except ValueError:
        phrase = ""
    lines = [f"HTTP/1.1 {resp.status} {phrase}".rstrip()]
    lines += [f"{k}: {v}" for k, v in resp.headers.items() if k.lower() != "content-length"]
    lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload


class HttpConnection:
    """An HTTP/1.1 server's side of one connection: each request answered as soon
    as it is complete, in order (keep-alive); ``Connection: close`` or an HTTP/1.0
    request without keep-alive closes the connection after its answer, a request
    line that is not HTTP gets 400 and the connection closed, as nginx does."""

    def __init__(self, app: "App", port: int, client_ip: str = "127.0.0.1"):
        self.app, self.port, self.client_ip = app, port, client_ip
        self.closed = False
        self._pending = b""

    def receive(self, data: bytes) -> bytes:
        if self.closed:
            return b""
        self._pending += data
        out = []
        while not self.closed:
            head, body, self._pending = split_request(self._pending)
            if head is None:
                break
            out.append(self._answer(head, body))
        if len(self._pending) > MAX_PENDING:
            self.closed, self._pending = True, b""
        return b"".join(out)

    def _answer(self, head: bytes, body: bytes) -> bytes:
        parsed = parse_head(head)
        if parsed is None:
            self.closed = True
            return format_response(Response(400, "400 Bad Request\n", {"Connection": "close"}))
        method, target, version, headers = parsed
        keep = headers.get("connection", "").lower()
        if keep == "close" or (version == "HTTP/1.0" and keep != "keep-alive"):
            self.closed = True
        req = Request(method, target, headers.get("host", ""), self.port, self.client_ip, headers,
                      body.decode("utf-8", "replace"))
        return format_response(self.app.http(req), head=method == "HEAD")


__all__ = ["Connection", "HttpConnection", "split_request", "parse_head", "format_response", "MAX_PENDING"]
