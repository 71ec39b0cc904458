"""``pods/exec`` and ``pods/attach`` over the SPDY/3.1 upgrade (``v4.channel.k8s.io``),
as the kubelet serves them: what kubectl falls back to when WebSocket fails, and
what kubectl before v1.30 speaks.

The client opens one stream per channel, named by the header ``streamType``
(error, stdin, stdout, stderr, resize); the session starts once all it asked for
are open.  stdin's FIN is the end of input.  At the end the kubelet's own Status
(no stream translator in between: ``command terminated with non-zero exit code:
error executing command [...]``) goes on the error stream, every stream the
server writes closes, and a GOAWAY ends the connection.
"""
from __future__ import annotations

import codecs
import json
import threading

from . import spdy
from .streams import POLL, RESIZE, dispatch

#: Seconds the client has to open its streams (the kubelet's stream creation timeout).
CREATION_TIMEOUT = 30.0


class SpdySession:
    def __init__(self, raw, session, lock: threading.RLock, stopped: threading.Event):
        self.raw, self.session, self.lock, self.stopped = raw, session, lock, stopped
        opts = session.options
        self.expected = {"error"} | {name for name, on in (
            ("stdin", opts.stdin), ("stdout", opts.stdout), ("stderr", opts.stderr and not opts.tty),
            ("resize", opts.tty)) if on}
        self.framer = spdy.Framer()
        self.ids: dict[str, int] = {}          # stream type -> stream id
        self.kinds: dict[int, str] = {}        # stream id -> stream type
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def run(self) -> None:
        waited = 0.0
        while not self.raw.closed and not self.stopped.is_set():
            try:
                frames = [f for m in self.raw.receive(POLL) for f in self.framer.feed(m)]
            except spdy.ProtocolError:
                break
            with self.lock:
                replies = [r for f in frames for r in self._frame(f)]
                ready = self.expected <= set(self.ids)
                if ready:
                    out, err = self.session.read()
                    done, status = self.session.done, self.session.status
            for chunk in replies:
                self.raw.send(chunk)
            if not ready:
                waited += POLL
                if waited > CREATION_TIMEOUT:
                    break
                continue
            self._write("stdout", out)
            self._write("stderr", err)
            if done:
                self._finish(status or {"metadata": {}, "status": "Success"})
                return
        with self.lock:                        # the client went away: its stdin ended
            self.session.close()

    def _frame(self, f: spdy.Frame) -> list[bytes]:
        """Handle one client frame (under the cluster lock); the frames to answer with."""
        kind = self.kinds.get(f.stream_id)
        if f.type == spdy.SYN_STREAM:
            kind = f.headers.get("streamtype", "")
            self.ids[kind], self.kinds[f.stream_id] = f.stream_id, kind
            return [self.framer.syn_reply(f.stream_id)]
        if f.type == spdy.PING:
            return [self.framer.ping(f.ping_id)]
        if f.type == spdy.GOAWAY:
            self.raw.closed = True
        elif f.type == 0 and kind == "stdin":
            if f.data:
                self.session.write(self.decoder.decode(f.data))
            if f.fin:
                self.session.close()
        elif f.type == 0 and kind == "resize":
            dispatch(self.session, bytes([RESIZE]) + f.data, self.decoder, False)
        elif f.type == spdy.RST_STREAM and kind == "stdin":
            self.session.close()
        return []

    def _write(self, kind: str, text: str) -> None:
        if text and kind in self.ids:
            self.raw.send(self.framer.data(self.ids[kind], text.encode()))

    def _finish(self, status: dict) -> None:
        self.raw.send(self.framer.data(self.ids["error"], json.dumps(status, separators=(",", ":")).encode()))
        for kind in ("stdout", "stderr", "error"):
            if kind in self.ids:
                self.raw.send(self.framer.data(self.ids[kind], b"", fin=True))
        self.raw.send(self.framer.goaway(max(self.kinds, default=0)))


def serve_spdy(raw, session, lock: threading.RLock, stopped: threading.Event) -> None:
    """Carry one exec/attach session over an upgraded SPDY connection."""
    SpdySession(raw, session, lock, stopped).run()


__all__ = ["serve_spdy", "SpdySession"]
