"""Reading ``application/vnd.kubernetes.protobuf`` request bodies.

kubectl's typed clients (``kubectl create deployment``, ``create configmap``, the
evictions of ``kubectl drain`` ...) send protobuf, not JSON.  The body is the
``k8s\\x00`` magic and a ``runtime.Unknown`` envelope (the object's apiVersion and
kind, then the object's own bytes).  The object is read with the table in
``protobuf.json`` (built by ``scripts/proto_table.py`` from the v1.32 API's
``generated.proto`` and ``types.go``) into the dict its JSON form would be: Go's
JSON encoder writes a pointer field when it is set, a field without
``omitempty`` always, and the rest only when not zero, and so does this reader.
The server answers in JSON (clients accept it), so nothing is ever encoded.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import json
from importlib import resources as importlib_resources
from typing import Any

from ..api import errors

MAGIC = b"k8s\x00"
MEDIA_TYPE = "application/vnd.kubernetes.protobuf"
META = "k8s.io.apimachinery.pkg.apis.meta.v1"


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, list]]:
    text = importlib_resources.files(__package__).joinpath("protobuf.json").read_text()
    return json.loads(text)["messages"]


class _Malformed(Exception):
    pass


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        if i >= len(buf) or shift > 63:
            raise _Malformed("truncated varint")
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def _fields(buf: bytes) -> list[tuple[int, int, Any]]:
    """(field number, wire type, raw value) in order."""
    out, i = [], 0
    while i < len(buf):
        key, i = _varint(buf, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            n, i = _varint(buf, i)
            if i + n > len(buf):
                raise _Malformed("truncated field")
            value, i = buf[i:i + n], i + n
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise _Malformed(f"unsupported wire type {wire}")
        out.append((num, wire, value))
    return out


def _signed(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


def _scalar(ptype: str, wire: int, raw: Any) -> Any:
    if ptype in ("int32", "int64", "uint32", "uint64"):
        return _signed(raw) if isinstance(raw, int) else int.from_bytes(raw, "little", signed=True)
    if ptype == "bool":
        return bool(raw)
    if ptype == "string":
        return raw.decode("utf-8", errors="replace")
    if ptype == "bytes":
        return base64.b64encode(raw).decode()
    if ptype in ("double", "float"):
        import struct
        return struct.unpack("<d" if ptype == "double" else "<f", raw)[0]
    raise _Malformed(f"unsupported type {ptype}")


def _go_duration(ns: int) -> str:
    """time.Duration.String for whole seconds and above (what API durations hold)."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    h, rest = divmod(ns, 3600 * 10**9)
    m, rest = divmod(rest, 60 * 10**9)
    s = rest / 10**9
    text = f"{s:g}s"
    if h:
        return f"{sign}{h}h{m}m{text}"
    if m:
        return f"{sign}{m}m{text}"
    return sign + text


def _special(name: str, buf: bytes) -> tuple[bool, Any]:
    """The messages whose JSON form is not an object of their fields."""
    if name in (f"{META}.Time", f"{META}.MicroTime"):
        seconds = nanos = 0
        for num, _, raw in _fields(buf):
            if num == 1:
                seconds = _signed(raw)
            elif num == 2:
                nanos = raw
        if seconds == 0 and nanos == 0:
            return True, None
        t = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=seconds, microseconds=nanos // 1000)
        fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if name.endswith("MicroTime") else "%Y-%m-%dT%H:%M:%SZ"
        return True, t.strftime(fmt)
    if name == f"{META}.Duration":
        ns = next((_signed(raw) for num, _, raw in _fields(buf) if num == 1), 0)
        return True, _go_duration(ns)
    if name == "k8s.io.apimachinery.pkg.api.resource.Quantity":
        return True, next((raw.decode() for num, _, raw in _fields(buf) if num == 1), "0")
    if name == "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
        kind, ival, sval = 0, 0, ""
        for num, _, raw in _fields(buf):
            if num == 1:
                kind = raw
            elif num == 2:
                ival = _signed(raw)
            elif num == 3:
                sval = raw.decode()
        return True, sval if kind == 1 else ival
    if name in ("k8s.io.apimachinery.pkg.runtime.RawExtension", f"{META}.FieldsV1"):
        raw = next((raw for num, _, raw in _fields(buf) if num == 1), b"")
        return True, json.loads(raw) if raw else None
    return False, None


def _zero(value: Any) -> bool:
    return value is None or value is False or value == 0 or value == ""


def decode_message(name: str, buf: bytes) -> Any:
    special, value = _special(name, buf)
    if special:
        return value
    spec = _table().get(name)
    if spec is None:
        raise _Malformed(f"no protobuf description of {name}")
    out: dict[str, Any] = {}
    for num, wire, raw in _fields(buf):
        field = spec.get(str(num))
        if field is None:
            continue                                  # an unknown field: proto readers skip it
        jname, ptype, label, emit = field
        if label == "m":
            _, ktype, vtype = ptype.split(":", 2)
            key, val = "", None
            for n2, w2, r2 in _fields(raw):
                if n2 == 1:
                    key = _value(ktype, w2, r2)
                elif n2 == 2:
                    val = _value(vtype, w2, r2)
            out.setdefault(jname, {})[key] = val if val is not None else ("" if vtype == "string" else val)
            continue
        if label == "r" and wire == 2 and ptype not in ("string", "bytes") and ptype in _PACKABLE:
            items, i = [], 0
            while i < len(raw):
                v, i = _varint(raw, i)
                items.append(_scalar(ptype, 0, v))
            out.setdefault(jname, []).extend(items)
            continue
        value = _value(ptype, wire, raw)
        if not jname:                                 # an embedded struct: JSON inlines its fields
            out.update(value or {})
            continue
        if label == "r":
            out.setdefault(jname, []).append(value)
        elif emit == "z" and ptype in _SCALAR_TYPES and _zero(value):
            continue
        else:
            out[jname] = value
    return out


_PACKABLE = {"int32", "int64", "uint32", "uint64", "bool"}
_SCALAR_TYPES = {"int32", "int64", "uint32", "uint64", "bool", "string", "bytes", "double", "float"}


def _value(ptype: str, wire: int, raw: Any) -> Any:
    if ptype in _SCALAR_TYPES:
        return _scalar(ptype, wire, raw)
    return decode_message(ptype, raw)


def message_for(api_version: str, kind: str) -> str:
    if kind == "DeleteOptions":
        return f"{META}.DeleteOptions"
    group, _, version = api_version.rpartition("/")
    package = group.split(".")[0] if group else "core"
    return f"k8s.io.api.{package}.{version}.{kind}"


def decode(body: bytes) -> dict[str, Any]:
    """The object (with apiVersion and kind) a protobuf request body holds."""
    if not body.startswith(MAGIC):
        raise errors.bad_request("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]")
    try:
        envelope = {num: raw for num, _, raw in _fields(body[len(MAGIC):])}
        type_meta = {num: raw.decode() for num, _, raw in _fields(envelope.get(1, b""))}
        api_version, kind = type_meta.get(1, ""), type_meta.get(2, "")
        if not kind:
            raise errors.bad_request("Object 'Kind' is missing in protobuf body")
        obj = decode_message(message_for(api_version, kind), envelope.get(2, b""))
    except _Malformed as err:
        raise errors.bad_request(f"unable to decode protobuf body: {err}") from None
    return {"apiVersion": api_version, "kind": kind, **obj}
