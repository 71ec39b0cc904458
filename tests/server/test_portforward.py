"""``kubectl port-forward`` carries a TCP byte stream to the program in the pod,
whatever it speaks: redis' RESP as redis-cli sends it, HTTP for the web servers.
The tunnel forgets a connection once it closes, and a program failing on one
connection ends that connection with the runtime's error, not the tunnel."""
from __future__ import annotations

import socket
import subprocess
import time

import pytest

from kubelab import Cluster
from kubelab.apps.web import Nginx
from kubelab.server import portforward, spdy

from .conftest import KUBECTL, needs_kubectl


@pytest.fixture(scope="module")
def served():
    c = Cluster(pause=0)
    c.kubectl("run redis --image=redis")
    c.kubectl("run web --image=nginx")
    c.settle()
    with c.serve() as srv:
        yield c, srv


class Forward:
    """A running `kubectl port-forward POD 0:PORT`: its local port, its output at the end."""

    def __init__(self, kubectl, target: str, port: int, **env: str):
        self.proc = subprocess.Popen([KUBECTL, "port-forward", target, f"0:{port}"], env={**kubectl.env, **env},
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()                 # Forwarding from 127.0.0.1:NNNNN -> PORT
        self.port = int(line.split(" -> ")[0].rsplit(":", 1)[1])

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(10)


def ask(sock: socket.socket, data: bytes, want: int) -> bytes:
    """Send ``data``, read until ``want`` bytes came (or the connection closed)."""
    sock.sendall(data)
    got = b""
    while len(got) < want:
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


def expect(sock: socket.socket, data: bytes, answer: bytes) -> bool:
    return ask(sock, data, len(answer)) == answer


def resp(*argv: str) -> bytes:
    """A command as redis-cli sends it: a RESP array of bulk strings."""
    return f"*{len(argv)}\r\n".encode() + b"".join(f"${len(a)}\r\n{a}\r\n".encode() for a in argv)


@needs_kubectl
def test_redis_speaks_resp_through_port_forward(served, kubectl):
    fwd = Forward(kubectl, "pod/redis", 6379)
    try:
        with fwd.connect() as s:                           # redis-cli -p PORT ping
            assert expect(s, resp("PING"), b"+PONG\r\n")
            assert expect(s, resp("SET", "greeting", "hello"), b"+OK\r\n")
            assert expect(s, resp("GET", "greeting"), b"$5\r\nhello\r\n")
            assert expect(s, resp("GET", "nothing"), b"$-1\r\n")
            assert expect(s, resp("INCR", "greeting"), b"-ERR value is not an integer or out of range\r\n")
            assert expect(s, resp("CONFIG", "GET", "maxmemory"), b"*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n")
            assert expect(s, b"EXISTS greeting nothing\r\n", b":1\r\n")      # inline, as telnet sends
            assert expect(s, resp("QUIT"), b"+OK\r\n")
            assert s.recv(10) == b""                       # redis closed the connection
        with fwd.connect() as s:                           # the tunnel carries the next connection
            assert expect(s, resp("GET", "greeting"), b"$5\r\nhello\r\n")
        with fwd.connect() as s:                           # curl to redis: redis hangs up on Host:
            got = ask(s, b"GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8.5.0\r\n\r\n", 1000)
            assert got == b"-ERR wrong number of arguments for 'get' command\r\n"
        assert fwd.proc.poll() is None
    finally:
        fwd.stop()
    c = served[0]
    assert "Possible SECURITY ATTACK detected" in c.kubectl("logs redis").stdout


@needs_kubectl
def test_redis_over_the_spdy_fallback(served, kubectl):
    fwd = Forward(kubectl, "pod/redis", 6379, KUBECTL_PORT_FORWARD_WEBSOCKETS="false")     # kubectl before v1.31
    try:
        with fwd.connect() as s:
            assert expect(s, resp("PING", "over spdy"), b"$9\r\nover spdy\r\n")
    finally:
        fwd.stop()


@needs_kubectl
def test_http_through_port_forward_keeps_alive_and_closes_when_asked(served, kubectl):
    fwd = Forward(kubectl, "pod/web", 80)
    try:
        with fwd.connect() as s:
            first = ask(s, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 100)
            assert first.startswith(b"HTTP/1.1 200 OK\r\n")
            length = int(first.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            head = first.index(b"\r\n\r\n") + 4
            first += ask(s, b"", head + length - len(first)) if len(first) < head + length else b""
            assert b"Welcome to nginx!" in first
            s.sendall(b"GET /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            rest = b""
            while chunk := s.recv(65536):                  # nginx answers, then closes
                rest += chunk
            assert rest.startswith(b"HTTP/1.1 404 Not Found\r\n")
    finally:
        fwd.stop()


@needs_kubectl
def test_head_through_port_forward_has_the_gets_length_and_no_body(served, kubectl):
    # curl -I localhost:PORT: nginx answers HEAD with the Content-Length a GET's body
    # has (615 bytes, its welcome page) and no body; the next request on the same
    # connection is answered after it, nothing left over in between
    fwd = Forward(kubectl, "pod/web", 80)
    try:
        with fwd.connect() as s:
            got = ask(s, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 100)
            head_end = got.index(b"\r\n\r\n") + 4
            length = int(got.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            got += ask(s, b"", head_end + length - len(got)) if len(got) < head_end + length else b""
            assert len(got) == head_end + length
            s.sendall(b"HEAD / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8.5.0\r\n\r\n"
                      b"HEAD /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            rest = b""
            while chunk := s.recv(65536):
                rest += chunk
    finally:
        fwd.stop()
    first, second, after = rest.split(b"\r\n\r\n")          # two heads, no bodies
    assert after == b""
    assert first.startswith(b"HTTP/1.1 200 OK\r\n") and f"Content-Length: {length}".encode() in first
    assert length == 615
    assert second.startswith(b"HTTP/1.1 404 Not Found\r\n") and b"Content-Length: 153" in second
    assert '"HEAD / HTTP/1.1" 200 0 "-" "curl/8.5.0"' in served[0].kubectl("logs web").stdout     # nginx logs no body sent


def test_head_answer_carries_no_body_whatever_the_program_gave():
    from kubelab.apps.base import App, Response
    from kubelab.apps.tcp import HttpConnection

    class Plain(App):                     # a program that ignores the method
        def http(self, req):
            return Response(200, "hello\n", {"Content-Type": "text/plain"})
    conn = HttpConnection(Plain(None), 8080)
    out = conn.receive(b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert out == (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n"
                   b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n")


@needs_kubectl
def test_a_program_failing_on_a_connection_ends_it_with_the_runtimes_error(served, kubectl, monkeypatch):
    def broken(self, req):
        raise RuntimeError("a bug in the simulated program")
    fwd = Forward(kubectl, "pod/web", 80)
    try:
        monkeypatch.setattr(Nginx, "http", broken)
        with fwd.connect() as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert s.recv(100) == b""                      # no answer: the connection is gone
        _, err = fwd.proc.communicate(timeout=20)
    finally:
        fwd.stop()
    # client-go's handleConnection: the error stream's message, then the tunnel is closed
    assert "read: connection reset by peer" in err and err.endswith("error: lost connection to pod\n")
    assert fwd.proc.returncode == 1
    monkeypatch.undo()
    fwd = Forward(kubectl, "pod/web", 80)                  # the server is fine: a new tunnel works
    try:
        with fwd.connect() as s:
            assert ask(s, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 17).startswith(b"HTTP/1.1 200 OK\r\n")
    finally:
        fwd.stop()


# ---------------------------------------------------------------- the tunnel's bookkeeping
class FakeConn:
    def __init__(self, fail: bool = False):
        self.fail, self.closed, self.got = fail, False, b""

    def exchange(self, data: bytes) -> bytes:
        if self.fail:
            raise ValueError("boom")
        self.got += data
        if data == b"bye":
            self.closed = True
        return data.upper()


class FakeForward:
    def __init__(self):
        self.conns: list[FakeConn] = []

    def dial(self, port: int):
        if port == 81:
            return None
        self.conns.append(FakeConn(fail=port == 82))
        return self.conns[-1]


class Client:
    """kubectl's side of the SPDY: frames it sends (as the session reads them) and
    frames it receives."""

    def __init__(self):
        self.out, self.wire, self.inbox = spdy.Framer(), spdy.Framer(), spdy.Framer()

    def frame(self, raw: bytes) -> spdy.Frame:
        return self.wire.feed(raw)[0]

    def read(self, chunks: list[bytes]) -> list[spdy.Frame]:
        return [f for c in chunks for f in self.inbox.feed(c)]


def open_pair(session, client: Client, rid: int, port: int) -> list[spdy.Frame]:
    """kubectl's error stream (id 4*rid+1), then its data stream (4*rid+3)."""
    headers = {"port": str(port), "requestid": str(rid)}
    out = session.frame(client.frame(client.out.syn_stream(4 * rid + 1, {"streamtype": "error", **headers})))
    out += session.frame(client.frame(client.out.syn_stream(4 * rid + 3, {"streamtype": "data", **headers})))
    return client.read(out)


def send(session, client: Client, sid: int, data: bytes, fin: bool = False) -> list[spdy.Frame]:
    return client.read(session.frame(client.frame(client.out.data(sid, data, fin=fin))))


POD = {"metadata": {"uid": "u-1", "name": "p", "namespace": "default"}}


def session_and_client():
    import threading
    return portforward._Session(spdy.Framer(), FakeForward(), POD, threading.RLock()), Client()


def test_the_tunnel_forgets_each_connection_once_it_closes():
    session, client = session_and_client()
    for rid in range(50):                                   # fifty connections one after another
        err, data = 4 * rid + 1, 4 * rid + 3
        open_pair(session, client, rid, 80)
        assert [f.data for f in send(session, client, data, b"ping")] == [b"PING"]
        closing = send(session, client, data, b"", fin=True)           # kubectl half-closes
        assert [(f.stream_id, f.fin) for f in closing] == [(data, True), (err, True)]
    assert session.pairs == {} and session.by_stream == {}
    # the program closing its side ends the connection the same way, and a late frame is dropped
    open_pair(session, client, 99, 80)
    assert [(f.stream_id, f.data, f.fin) for f in send(session, client, 399, b"bye")] == \
        [(399, b"BYE", False), (399, b"", True), (397, b"", True)]
    assert send(session, client, 399, b"late") == [] and session.pairs == {}


def test_a_program_that_closed_meanwhile_is_swept():
    session, client = session_and_client()
    open_pair(session, client, 0, 80)
    assert session.sweep() == []
    session.forward.conns[0].closed = True                  # e.g. its container exited
    assert [(f.stream_id, f.fin) for f in client.read(session.sweep())] == [(3, True), (1, True)]
    assert session.pairs == {} and session.by_stream == {}


def test_refused_and_failing_connections_carry_the_runtimes_error_and_the_tunnel_goes_on(capsys):
    session, client = session_and_client()
    refused = open_pair(session, client, 0, 81)
    errors = b"".join(f.data for f in refused if f.type == 0 and f.stream_id == 1)
    assert b"connect: connection refused" in errors and session.pairs == {}
    open_pair(session, client, 1, 82)
    failed = send(session, client, 7, b"GET / HTTP/1.1\r\n\r\n")
    error = b"".join(f.data for f in failed if f.stream_id == 5).decode()
    assert error.startswith("error forwarding port 82 to pod ")
    assert error.endswith("->127.0.0.1:82: read: connection reset by peer")
    assert [(f.stream_id, f.fin) for f in failed if f.fin] == [(7, True), (5, True)]
    assert "ValueError: boom" in capsys.readouterr().err          # the kit's bug is not hidden
    open_pair(session, client, 2, 80)                             # the tunnel still carries the next one
    assert [f.data for f in send(session, client, 11, b"ok")] == [b"OK"]
