"""``pods/portforward`` over WebSocket, as kubectl v1.32 tunnels it: the
subprotocol ``SPDY/3.1+portforward.k8s.io``, SPDY/3.1 frames carried in binary
WebSocket messages (client-go's tunneling dialer; the apiserver's tunneling
handler passes the SPDY on to the kubelet).

For each connection to its local port kubectl opens two SPDY streams with the
headers ``streamType`` (``error`` then ``data``), ``port`` and ``requestID``.
What arrives on the data stream goes to that port inside the pod (the kubelet's
``pods/portforward`` session, :mod:`kubelab.node.server`); what the program
answers comes back on it.  The simulated programs speak HTTP: each complete
request is delivered and its response sent back; the connection ends when
kubectl half-closes or resets the data stream, and the error stream then closes
(empty: no error).  Nothing listening there: the error stream carries the
runtime's ``connection refused`` message, and kubectl prints it and stops.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field

from . import spdy
from .websocket import WebSocket

PROTOCOLS = ("SPDY/3.1+portforward.k8s.io",)
POLL = 0.1
#: Bytes of a request kept while it is incomplete before the connection is dropped.
MAX_PENDING = 4 * 1024 * 1024


def choose(offered: list[str]) -> str | None:
    return next((p for p in offered if p in PROTOCOLS), None)


@dataclass
class _Pair:
    port: int = 0
    error: int = 0               # stream ids
    data: int = 0
    conn: object = None
    pending: bytes = b""
    closed: bool = False
    sent: list[bytes] = field(default_factory=list)


def serve_tunnel(ws: WebSocket, forward, pod: dict, lock: threading.RLock, stopped: threading.Event) -> None:
    """Carry one port-forward session over ``ws`` until the client closes it."""
    framer = spdy.Framer()
    pairs: dict[str, _Pair] = {}
    by_stream: dict[int, tuple[str, str]] = {}
    while not ws.closed and not stopped.is_set():
        messages = ws.receive(POLL)
        if not messages:
            continue
        try:
            frames = [f for m in messages for f in framer.feed(m)]
        except spdy.ProtocolError:
            ws.send(framer.goaway(0, 1))
            break
        out: list[bytes] = []
        for frame in frames:
            if frame.type == spdy.PING:
                out.append(framer.ping(frame.ping_id))
            elif frame.type == spdy.GOAWAY:
                ws.close()
                return
            elif frame.type == spdy.SYN_STREAM:
                out += _open(framer, pairs, by_stream, frame, forward, pod, lock)
            elif frame.type == 0 and frame.stream_id in by_stream:
                rid, kind = by_stream[frame.stream_id]
                if kind == "data":
                    out += _data(framer, pairs[rid], frame, lock)
            elif frame.type == spdy.RST_STREAM and frame.stream_id in by_stream:
                rid, kind = by_stream.pop(frame.stream_id)
                pair = pairs.get(rid)
                if kind == "data" and pair is not None:
                    out += _close(framer, pair, data_open=False)
        for chunk in out:
            ws.send(chunk)
    ws.close()


def _open(framer: spdy.Framer, pairs, by_stream, frame: spdy.Frame, forward, pod, lock) -> list[bytes]:
    h = frame.headers
    kind, rid = h.get("streamtype", ""), h.get("requestid", "")
    try:
        port = int(h.get("port", ""))
    except ValueError:
        return [framer.rst_stream(frame.stream_id, spdy.PROTOCOL_ERROR)]
    if kind not in ("error", "data"):
        return [framer.rst_stream(frame.stream_id, spdy.PROTOCOL_ERROR)]
    pair = pairs.setdefault(rid, _Pair(port))
    setattr(pair, kind, frame.stream_id)
    by_stream[frame.stream_id] = (rid, kind)
    out = [framer.syn_reply(frame.stream_id)]
    if kind == "data":
        with lock:
            pair.conn = forward.dial(port)
        if pair.conn is None:
            if pair.error:
                out.append(framer.data(pair.error, refused(pod, port).encode()))
            out += _close(framer, pair)
    return out


def _data(framer: spdy.Framer, pair: _Pair, frame: spdy.Frame, lock) -> list[bytes]:
    out = []
    if pair.conn is not None and not pair.closed:
        pair.pending += frame.data
        while True:
            request, pair.pending = _split_request(pair.pending)
            if request is None:
                break
            with lock:
                answer = pair.conn.exchange(request)
            out.append(framer.data(pair.data, answer))
        if len(pair.pending) > MAX_PENDING:
            pair.pending = b""
            return out + _close(framer, pair)
    if frame.fin:
        out += _close(framer, pair)
    return out


def _close(framer: spdy.Framer, pair: _Pair, data_open: bool = True) -> list[bytes]:
    """The pod's side of the connection ends: the data stream, then the error stream."""
    if pair.closed:
        return []
    pair.closed = True
    out = [framer.data(pair.data, b"", fin=True)] if data_open and pair.data else []
    if pair.error:
        out.append(framer.data(pair.error, b"", fin=True))
    return out


def _split_request(buf: bytes) -> tuple[bytes | None, bytes]:
    """One complete HTTP/1.1 request off the front of ``buf`` (headers and a
    ``Content-Length`` body), or None while it is incomplete."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None, buf
    head = buf[:end].decode("latin-1")
    length = 0
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            try:
                length = max(0, int(value.strip()))
            except ValueError:
                length = 0
    total = end + 4 + length
    if len(buf) < total:
        return None, buf
    return buf[:total], buf[total:]


def refused(pod: dict, port: int) -> str:
    """containerd's answer when nothing listens on the port in the pod's network namespace."""
    uid = pod["metadata"].get("uid", "")
    sandbox = hashlib.sha256(uid.encode()).hexdigest()
    return (f"error forwarding port {port} to pod {sandbox}, uid : failed to execute portforward in network "
            f"namespace \"/var/run/netns/cni-{uid}\": failed to connect to localhost:{port} inside namespace "
            f"\"{sandbox}\", IPv4: dial tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 "
            f"[::1]:{port}: connect: connection refused ")


__all__ = ["serve_tunnel", "choose", "PROTOCOLS"]
