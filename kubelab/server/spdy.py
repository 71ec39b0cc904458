"""SPDY/3.1 frames, as kubectl's port-forward speaks them (moby/spdystream,
tunneled in WebSocket messages since v1.31).

The protocol is frozen (the SPDY/3 draft) and small: control frames (SYN_STREAM,
SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE) and data
frames.  Header blocks are compressed with zlib and the protocol's dictionary,
one compression context per direction for the whole connection.  No Python
package keeps SPDY alive, hence this module.

>>> a, b = Framer(), Framer()
>>> frames = b.feed(a.syn_stream(1, {"streamtype": "data", "port": "80"}) + a.data(1, b"hi", fin=True))
>>> frames[0].type, frames[0].stream_id, frames[0].headers["port"]
(1, 1, '80')
>>> frames[1].data, frames[1].fin
(b'hi', True)
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

VERSION = 3
SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE = 1, 2, 3, 4, 6, 7, 8, 9
FLAG_FIN = 0x01
#: RST_STREAM status codes
PROTOCOL_ERROR, INVALID_STREAM, REFUSED_STREAM, CANCEL = 1, 2, 3, 5
#: A frame longer than this ends the connection (data frames carry at most 16 MiB).
MAX_FRAME = 1 << 24


def _dictionary() -> bytes:
    """The SPDY/3 header compression dictionary (draft 3, section 2.6.10.1)."""
    words = ("options head post put delete trace accept accept-charset accept-encoding accept-language "
             "accept-ranges age allow authorization cache-control connection content-base content-encoding "
             "content-language content-length content-location content-md5 content-range content-type date "
             "etag expect expires from host if-match if-modified-since if-none-match if-range "
             "if-unmodified-since last-modified location max-forwards pragma proxy-authenticate "
             "proxy-authorization range referer retry-after server te trailer transfer-encoding upgrade "
             "user-agent vary via warning www-authenticate method get status").split() + [
        "200 OK", "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin"]
    head = b"".join(struct.pack(">I", len(w)) + w.encode() for w in words)
    tail = ("100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
            "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
            "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
            "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
            "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
            "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.")
    return head + tail.encode()


DICTIONARY = _dictionary()
assert len(DICTIONARY) == 1423, len(DICTIONARY)


class ProtocolError(Exception):
    """The peer sent what is not SPDY/3.1: the connection ends."""


@dataclass
class Frame:
    type: int                     # a control frame's type, or 0 for a data frame
    stream_id: int = 0
    flags: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    data: bytes = b""
    status: int = 0               # RST_STREAM, GOAWAY
    ping_id: int = 0

    @property
    def fin(self) -> bool:
        return bool(self.flags & FLAG_FIN)


class Framer:
    """Parses the bytes one peer sends (``feed``) and builds the frames the other sends."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._inflate = zlib.decompressobj(zdict=DICTIONARY)
        self._deflate = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS, 9, zlib.Z_DEFAULT_STRATEGY, DICTIONARY)

    # ------------------------------------------------------------ reading
    def feed(self, data: bytes) -> list[Frame]:
        self._buf += data
        frames = []
        while len(self._buf) >= 8:
            first, word = struct.unpack_from(">II", self._buf)
            length = word & 0xFFFFFF
            if length > MAX_FRAME:
                raise ProtocolError("frame too large")
            if len(self._buf) < 8 + length:
                break
            body = bytes(self._buf[8:8 + length])
            del self._buf[:8 + length]
            flags = word >> 24
            if first & 0x80000000:
                version, ftype = (first >> 16) & 0x7FFF, first & 0xFFFF
                if version != VERSION:
                    raise ProtocolError(f"unsupported SPDY version {version}")
                frames.append(self._control(ftype, flags, body))
            else:
                frames.append(Frame(0, first & 0x7FFFFFFF, flags, data=body))
        return frames

    def _control(self, ftype: int, flags: int, body: bytes) -> Frame:
        try:
            if ftype == SYN_STREAM:
                sid = struct.unpack_from(">I", body)[0] & 0x7FFFFFFF
                return Frame(ftype, sid, flags, headers=self._headers(body[10:]))
            if ftype in (SYN_REPLY, HEADERS):
                sid = struct.unpack_from(">I", body)[0] & 0x7FFFFFFF
                return Frame(ftype, sid, flags, headers=self._headers(body[4:]))
            if ftype in (RST_STREAM, GOAWAY):
                sid, status = struct.unpack_from(">II", body)
                return Frame(ftype, sid & 0x7FFFFFFF, flags, status=status)
            if ftype == PING:
                return Frame(ftype, flags=flags, ping_id=struct.unpack_from(">I", body)[0])
            if ftype == WINDOW_UPDATE:
                return Frame(ftype, struct.unpack_from(">I", body)[0] & 0x7FFFFFFF, flags)
        except (struct.error, zlib.error) as err:
            raise ProtocolError(str(err)) from None
        return Frame(ftype, flags=flags)            # SETTINGS and unknown types: nothing to do

    def _headers(self, block: bytes) -> dict[str, str]:
        raw = self._inflate.decompress(block)
        (count,), pos, out = struct.unpack_from(">I", raw), 4, {}
        for _ in range(count):
            (n,) = struct.unpack_from(">I", raw, pos)
            name = raw[pos + 4:pos + 4 + n].decode("latin-1")
            pos += 4 + n
            (n,) = struct.unpack_from(">I", raw, pos)
            out[name] = raw[pos + 4:pos + 4 + n].decode("latin-1")
            pos += 4 + n
        return out

    # ------------------------------------------------------------ writing
    def _block(self, headers: dict[str, str]) -> bytes:
        raw = struct.pack(">I", len(headers)) + b"".join(
            struct.pack(">I", len(k)) + k.lower().encode("latin-1") + struct.pack(">I", len(v)) + v.encode("latin-1")
            for k, v in headers.items())
        return self._deflate.compress(raw) + self._deflate.flush(zlib.Z_SYNC_FLUSH)

    @staticmethod
    def _control_frame(ftype: int, flags: int, body: bytes) -> bytes:
        return struct.pack(">HHI", 0x8000 | VERSION, ftype, (flags << 24) | len(body)) + body

    def syn_stream(self, stream_id: int, headers: dict[str, str], fin: bool = False) -> bytes:
        body = struct.pack(">IIBB", stream_id, 0, 0, 0) + self._block(headers)
        return self._control_frame(SYN_STREAM, FLAG_FIN if fin else 0, body)

    def syn_reply(self, stream_id: int, headers: dict[str, str] | None = None, fin: bool = False) -> bytes:
        body = struct.pack(">I", stream_id) + self._block(headers or {})
        return self._control_frame(SYN_REPLY, FLAG_FIN if fin else 0, body)

    def data(self, stream_id: int, payload: bytes, fin: bool = False) -> bytes:
        return struct.pack(">II", stream_id, ((FLAG_FIN if fin else 0) << 24) | len(payload)) + payload

    def rst_stream(self, stream_id: int, status: int = CANCEL) -> bytes:
        return self._control_frame(RST_STREAM, 0, struct.pack(">II", stream_id, status))

    def ping(self, ping_id: int) -> bytes:
        return self._control_frame(PING, 0, struct.pack(">I", ping_id))

    def goaway(self, last_stream: int, status: int = 0) -> bytes:
        return self._control_frame(GOAWAY, 0, struct.pack(">II", last_stream, status))


__all__ = ["Framer", "Frame", "ProtocolError", "DICTIONARY"]
