"""A server-side WebSocket over one connection's socket (RFC 6455 framing by
``wsproto``), for the streaming subresources: exec, attach, portforward.

One thread owns the connection: :meth:`WebSocket.receive` waits (briefly) for
the client's messages and answers its pings itself, :meth:`send` writes one
binary message.  A client that vanishes, stops reading or sends garbage ends
the connection (``closed``), never the server.
"""
from __future__ import annotations

import select
import socket
import ssl

from wsproto import ConnectionType, WSConnection
from wsproto.events import (AcceptConnection, BytesMessage, CloseConnection, Ping, RejectConnection,
                            Request, TextMessage)
from wsproto.utilities import LocalProtocolError, RemoteProtocolError

#: RFC 6455 close codes
NORMAL_CLOSURE = 1000
#: The most a client's message may carry before the connection is dropped.
MAX_MESSAGE = 16 * 1024 * 1024


def is_upgrade(headers: dict[str, str]) -> bool:
    """A WebSocket opening handshake (``Connection: Upgrade``, ``Upgrade: websocket``)."""
    return ("upgrade" in headers.get("connection", "").lower()
            and headers.get("upgrade", "").lower() == "websocket")


def offered_protocols(headers: dict[str, str]) -> list[str]:
    return [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",") if p.strip()]


class _Connection:
    """What a WebSocket and a raw upgraded connection share: the socket, waiting
    for it to be readable, reading what came and writing; a client that closed or
    vanished sets ``closed``.  Each kind turns what was read into messages."""

    sock: socket.socket
    closed: bool

    def _readable(self, timeout: float) -> bool:
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
            return True
        try:
            readable, _, _ = select.select([self.sock], [], [], timeout)
        except (OSError, ValueError):
            self.closed = True
            return False
        return bool(readable)

    def _write(self, data: bytes) -> None:
        if self.closed or not data:
            return
        try:
            self.sock.sendall(data)
        except (OSError, ssl.SSLError, ValueError):
            self.closed = True

    def receive(self, timeout: float) -> list[bytes]:
        """The messages that arrived within ``timeout`` seconds."""
        if self.closed or not self._readable(timeout):
            return []
        try:
            data = self.sock.recv(65536)
        except (socket.timeout, ssl.SSLWantReadError):
            return []
        except (OSError, ssl.SSLError, ValueError):
            data = b""
        if not data:
            self.closed = True
            return []
        return self._messages(data)

    def _messages(self, data: bytes) -> list[bytes]:
        raise NotImplementedError


class WebSocket(_Connection):
    def __init__(self, sock: socket.socket, raw_request: bytes, protocol: str):
        """Complete the opening handshake of ``raw_request`` (the request line and
        headers as received), choosing ``protocol``; raises ``ValueError`` when the
        request is not a valid handshake (the caller answers 400)."""
        self.sock = sock
        self.protocol = protocol
        self.closed = False
        self._ws = WSConnection(ConnectionType.SERVER)
        self._partial: list[bytes] = []
        self._size = 0
        try:
            self._ws.receive_data(raw_request)
            request = next((e for e in self._ws.events() if isinstance(e, Request)), None)
        except RemoteProtocolError as err:
            raise ValueError(str(err)) from None
        if request is None:
            raise ValueError("not a WebSocket handshake")
        self._write(self._ws.send(AcceptConnection(subprotocol=protocol or None)))

    def send(self, data: bytes) -> None:
        """One binary message."""
        if not self.closed:
            try:
                self._write(self._ws.send(BytesMessage(data=data)))
            except LocalProtocolError:
                self.closed = True

    def close(self, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        """The closing handshake (best effort: a vanished client is simply gone)."""
        if self.closed:
            return
        try:
            self._write(self._ws.send(CloseConnection(code=code, reason=reason)))
        except LocalProtocolError:
            pass
        self.closed = True

    def _messages(self, data: bytes) -> list[bytes]:
        """The binary messages completed by ``data`` (text messages as their UTF-8
        bytes); pings are answered here, a close ends the connection."""
        try:
            self._ws.receive_data(data)
            events = list(self._ws.events())
        except (RemoteProtocolError, LocalProtocolError):
            self.close(1002)
            return []
        messages = []
        for event in events:
            if isinstance(event, (BytesMessage, TextMessage)):
                part = event.data if isinstance(event.data, bytes) else event.data.encode()
                self._size += len(part)
                if self._size > MAX_MESSAGE:
                    self.close(1009)
                    return messages
                self._partial.append(part)
                if event.message_finished:
                    messages.append(b"".join(self._partial))
                    self._partial, self._size = [], 0
            elif isinstance(event, Ping):
                self._write(self._ws.send(event.response()))
            elif isinstance(event, CloseConnection):
                try:
                    self._write(self._ws.send(event.response()))
                except LocalProtocolError:
                    pass
                self.closed = True
            elif isinstance(event, RejectConnection):
                self.closed = True
        return messages


class RawStream(_Connection):
    """The connection itself after an HTTP/1.1 ``Upgrade: SPDY/3.1`` (kubectl's
    fallback): the same ``receive``/``send``/``close`` as :class:`WebSocket`,
    carrying bytes as they come."""

    def __init__(self, sock: socket.socket, protocol: str):
        self.sock, self.protocol, self.closed = sock, protocol, False

    def _messages(self, data: bytes) -> list[bytes]:
        return [data]

    def send(self, data: bytes) -> None:
        self._write(data)

    def close(self, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        self.closed = True


def is_spdy_upgrade(headers: dict[str, str]) -> bool:
    return ("upgrade" in headers.get("connection", "").lower()
            and headers.get("upgrade", "").lower() == "spdy/3.1")


def spdy_protocols(headers: dict[str, str]) -> list[str]:
    """X-Stream-Protocol-Version, repeated or comma-separated."""
    return [p.strip() for p in headers.get("x-stream-protocol-version", "").split(",") if p.strip()]


__all__ = ["WebSocket", "RawStream", "is_upgrade", "is_spdy_upgrade", "offered_protocols", "spdy_protocols",
           "NORMAL_CLOSURE"]
