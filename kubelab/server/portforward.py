"""``pods/portforward`` over WebSocket, as kubectl v1.32 tunnels it: the
subprotocol ``SPDY/3.1+portforward.k8s.io``, SPDY/3.1 frames carried in binary
WebSocket messages (client-go's tunneling dialer; the apiserver's tunneling
handler passes the SPDY on to the kubelet).

For each connection to its local port kubectl opens two SPDY streams with the
headers ``streamType`` (``error`` then ``data``), ``port`` and ``requestID``.
The kubelet pairs them by ``requestID`` and forgets the pair once it is
complete (pkg/kubelet/cri/streaming/portforward/httpstream.go); the runtime
dials the port inside the pod and copies bytes both ways until either side
closes (containerd's portForward).  Here the bytes go to the program listening
on that port (:meth:`kubelab.node.server.Connection.exchange`), which reads them
in its own protocol (HTTP/1.1, redis' RESP) and answers.  The connection ends
when kubectl half-closes or resets the data stream or the program closes its
side; the data stream, then the error stream close (empty: no error), and the
connection's state is dropped.  Nothing listening there: the error stream
carries the runtime's ``connection refused`` message.  The program failing
mid-connection: the error stream carries the runtime's ``connection reset by
peer``.  kubectl prints what the error stream carried and stops with
``error: lost connection to pod`` (client-go's portforward.go handleConnection).
"""
from __future__ import annotations

import hashlib
import threading
import traceback
from dataclasses import dataclass

from . import spdy
from .websocket import WebSocket

PROTOCOLS = ("SPDY/3.1+portforward.k8s.io",)
POLL = 0.1


def choose(offered: list[str]) -> str | None:
    return next((p for p in offered if p in PROTOCOLS), None)


@dataclass
class _Pair:
    request_id: str
    port: int = 0
    error: int = 0               # stream ids
    data: int = 0
    conn: object = None
    closed: bool = False


class _Session:
    """One tunnel's forwarded connections: the open pairs by requestID and
    which pair each stream id belongs to; a pair leaves both when it closes."""

    def __init__(self, framer: spdy.Framer, forward, pod: dict, lock: threading.RLock):
        self.framer, self.forward, self.pod, self.lock = framer, forward, pod, lock
        self.pairs: dict[str, _Pair] = {}
        self.by_stream: dict[int, tuple[_Pair, str]] = {}
        self.ephemeral = 0           # connections dialed so far (their client port, for errors)

    def frame(self, frame: spdy.Frame) -> list[bytes]:
        if frame.type == spdy.SYN_STREAM:
            return self._open(frame)
        found = self.by_stream.get(frame.stream_id)
        if found is None:
            return []                     # a stream already closed: late frames are dropped
        pair, kind = found
        if frame.type == 0 and kind == "data":
            return self._data(pair, frame)
        if frame.type == spdy.RST_STREAM and kind == "data":
            return self._close(pair, data_open=False)
        return []

    def _open(self, frame: spdy.Frame) -> list[bytes]:
        framer, h = self.framer, frame.headers
        kind, rid = h.get("streamtype", ""), h.get("requestid", "")
        try:
            port = int(h.get("port", ""))
        except ValueError:
            return [framer.rst_stream(frame.stream_id, spdy.PROTOCOL_ERROR)]
        if kind not in ("error", "data"):
            return [framer.rst_stream(frame.stream_id, spdy.PROTOCOL_ERROR)]
        pair = self.pairs.setdefault(rid, _Pair(rid, port))
        setattr(pair, kind, frame.stream_id)
        self.by_stream[frame.stream_id] = (pair, kind)
        out = [framer.syn_reply(frame.stream_id)]
        if kind == "data":
            with self.lock:
                pair.conn = self.forward.dial(port)
            self.ephemeral += 1
            if pair.conn is None:
                out += self._close(pair, refused(self.pod, port))
        return out

    def _data(self, pair: _Pair, frame: spdy.Frame) -> list[bytes]:
        out = []
        if pair.conn is not None and not pair.closed and frame.data:
            try:
                with self.lock:
                    answer = pair.conn.exchange(frame.data)
            except Exception:      # a bug of the program's: its side of the connection is gone, not the tunnel
                traceback.print_exc()
                return self._close(pair, reset(self.pod, pair.port, 40000 + self.ephemeral % 20000))
            if answer:
                out.append(self.framer.data(pair.data, answer))
            if pair.conn.closed:
                return out + self._close(pair)
        if frame.fin:
            out += self._close(pair)
        return out

    def sweep(self) -> list[bytes]:
        """Connections whose program closed them since (it exited, or was stopped)."""
        out: list[bytes] = []
        if not self.pairs:
            return out                 # an idle tunnel never waits for the cluster's lock
        with self.lock:
            gone = [p for p in self.pairs.values() if p.conn is not None and not p.closed and p.conn.closed]
        for pair in gone:
            out += self._close(pair)
        return out

    def _close(self, pair: _Pair, error: str = "", data_open: bool = True) -> list[bytes]:
        """The pod's side of the connection ends: the data stream, then the error
        stream (carrying ``error``, if any); the kubelet forgets the pair."""
        if pair.closed:
            return []
        pair.closed = True
        self.pairs.pop(pair.request_id, None)
        for sid in (pair.data, pair.error):
            self.by_stream.pop(sid, None)
        out = [self.framer.data(pair.data, b"", fin=True)] if data_open and pair.data else []
        if pair.error:
            if error:
                out.append(self.framer.data(pair.error, error.encode()))
            out.append(self.framer.data(pair.error, b"", fin=True))
        return out


def serve_tunnel(ws: WebSocket, forward, pod: dict, lock: threading.RLock, stopped: threading.Event) -> None:
    """Carry one port-forward session over ``ws`` until the client closes it."""
    session = _Session(spdy.Framer(), forward, pod, lock)
    framer = session.framer
    while not ws.closed and not stopped.is_set():
        messages = ws.receive(POLL)
        out = session.sweep()
        try:
            frames = [f for m in messages for f in framer.feed(m)]
        except spdy.ProtocolError:
            ws.send(framer.goaway(0, 1))
            break
        for frame in frames:
            if frame.type == spdy.PING:
                out.append(framer.ping(frame.ping_id))
            elif frame.type == spdy.GOAWAY:
                ws.close()
                return
            else:
                out += session.frame(frame)
        for chunk in out:
            ws.send(chunk)
    ws.close()


def _failed(pod: dict, port: int, why: str) -> str:
    """The kubelet's words for a forward the runtime (containerd) could not carry."""
    uid = pod["metadata"].get("uid", "")
    sandbox = hashlib.sha256(uid.encode()).hexdigest()
    return (f"error forwarding port {port} to pod {sandbox}, uid : failed to execute portforward in network "
            f"namespace \"/var/run/netns/cni-{uid}\": " + why.replace("{sandbox}", sandbox))


def refused(pod: dict, port: int) -> str:
    """containerd's answer when nothing listens on the port in the pod's network namespace."""
    return _failed(pod, port, f"failed to connect to localhost:{port} inside namespace \"{{sandbox}}\", IPv4: "
                              f"dial tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 "
                              f"[::1]:{port}: connect: connection refused ")


def reset(pod: dict, port: int, client_port: int) -> str:
    """containerd's answer when the program resets the connection it accepted."""
    return _failed(pod, port, f"read tcp4 127.0.0.1:{client_port}->127.0.0.1:{port}: read: connection reset by peer")


__all__ = ["serve_tunnel", "choose", "PROTOCOLS"]
