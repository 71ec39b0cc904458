"""``pods/exec`` and ``pods/attach`` over WebSocket: the channel protocols
``v5.channel.k8s.io`` (what kubectl v1.32 asks for) and ``v4.channel.k8s.io``
(the official Python client).

Each binary message starts with its channel: 0 stdin (client to server), 1
stdout, 2 stderr, 3 the error channel, 4 resize (``{"Width":80,"Height":24}``).
v5 adds the client's half-close: ``[255, 0]`` closes stdin.  The server first
sends an empty message on the lowest channel it writes (the kubelet's "the
connection is established"), then the program's output as it comes, and at the
end one ``metav1.Status`` on channel 3 and a normal closure.

The apiserver of v1.32 answers these WebSockets itself and reaches the kubelet
over SPDY (its StreamTranslator); the Status it writes is its own:
``Success``; for an exit code, ``NonZeroExitCode`` with the ``ExitCode`` cause
and the message ``command terminated with non-zero exit code: command
terminated with exit code N``; for anything else, an InternalError wrapping the
message (so a missing binary reads ``Internal error occurred: Internal error
occurred: error executing command in container: ...``, as kubectl v1.32 prints
it).  kubectl turns the ExitCode cause into its own exit code.
"""
from __future__ import annotations

import codecs
import json
import threading
from typing import Any, Callable

from ..api import errors
from .websocket import WebSocket

STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
#: over SPDY (kubectl's fallback, and kubectl before v1.30), as the kubelet serves it
SPDY_PROTOCOLS = ("v4.channel.k8s.io",)
#: Wall seconds between two looks at the program's output while the client is silent.
POLL = 0.05
#: Bytes of output in one message (kubectl's read buffer is 32 KiB).
CHUNK = 32 * 1024


def choose(offered: list[str]) -> str | None:
    """The first protocol the client offers that the server speaks."""
    return next((p for p in offered if p in PROTOCOLS), None)


def choose_spdy(offered: list[str]) -> str | None:
    return next((p for p in offered if p in SPDY_PROTOCOLS), None)


def translated_status(status: dict) -> dict:
    """The StreamTranslator's Status for what the kubelet's stream ended with."""
    if status.get("status") == "Success":
        return {"metadata": {}, "status": "Success"}
    if status.get("reason") == "NonZeroExitCode":
        code = next((c.get("message") for c in (status.get("details") or {}).get("causes", [])
                     if c.get("reason") == "ExitCode"), "1")
        return {"metadata": {}, "status": "Failure",
                "message": f"command terminated with non-zero exit code: command terminated with exit code {code}",
                "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": code}]}}
    return internal_error(status.get("message", ""))


def internal_error(message: str) -> dict:
    return errors.ApiError(500, "InternalError", f"Internal error occurred: {message}",
                           {"causes": [{"message": message}]}).status


def serve_channels(ws: WebSocket, open_session: Callable[[], Any], lock: threading.RLock,
                   stopped: threading.Event) -> None:
    """Carry one exec/attach session over ``ws`` until it ends or the client goes."""
    v5 = ws.protocol.startswith("v5.")
    try:
        with lock:
            session = open_session()
    except errors.ApiError as err:       # the node refused the stream: after the upgrade, on channel 3
        message = f"unable to upgrade connection: {err.message}" if err.code == 404 else err.message
        _finish(ws, internal_error(message))
        return
    opts = session.options
    first = STDOUT if opts.stdout else STDERR if opts.stderr and not opts.tty else ERROR
    ws.send(bytes([first]))
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    messages: list[bytes] = []
    while True:
        with lock:
            for msg in messages:
                dispatch(session, msg, decoder, v5)
            if ws.closed:
                # The client went away (or closed without v5's half-close): its stdin ended.
                session.close()
            out, err = session.read()
            done = session.done
            status = session.status
        _send(ws, STDOUT, out)
        _send(ws, STDERR, err)
        if done:
            _finish(ws, translated_status(status or {"status": "Success"}))
            return
        if ws.closed or stopped.is_set():
            ws.close()
            return
        messages = ws.receive(POLL)


def dispatch(session, msg: bytes, decoder, v5: bool) -> None:
    if not msg:
        return
    channel, data = msg[0], msg[1:]
    if channel == STDIN:
        text = decoder.decode(data)
        if text:
            session.write(text)
    elif channel == CLOSE and v5 and data[:1] == bytes([STDIN]):
        session.close()
    elif channel == RESIZE:
        try:
            size = json.loads(data or b"{}")
            resize = getattr(session, "resize", None)
            if resize is not None:
                resize(int(size.get("Width", 0)), int(size.get("Height", 0)))
        except (ValueError, TypeError, AttributeError):
            pass                               # a malformed resize is ignored, as the kubelet does


def _send(ws: WebSocket, channel: int, text: str) -> None:
    data = text.encode()
    for i in range(0, len(data), CHUNK):
        ws.send(bytes([channel]) + data[i:i + CHUNK])


def _finish(ws: WebSocket, status: dict) -> None:
    ws.send(bytes([ERROR]) + json.dumps(status, separators=(",", ":")).encode())
    ws.close()


__all__ = ["serve_channels", "choose", "choose_spdy", "PROTOCOLS", "translated_status"]
