"""``/openapi/v2`` as protobuf: the gnostic ``openapi.v2.Document`` message
(google/gnostic openapiv2/OpenAPIv2.proto), which is all client-go asks for
(``Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf``).

kubectl v1.32 reads it only for a group/version the OpenAPI v3 index does not
list (``apply -f`` of a removed ``batch/v1beta1`` CronJob): finding no path for
the kind there, it skips client-side validation, and the REST mapping then
says ``no matches for kind``, as against a real cluster.

Only the parts of the message the served JSON document uses are written: the
document's paths and operations (with their query parameters and the
``x-kubernetes-*`` extensions) and every definition.  A vendor extension's
value is an ``Any`` holding YAML text; JSON is YAML, so the value goes as JSON.
"""
from __future__ import annotations

import functools
import json
import struct
from typing import Any

#: What clients ask for (client-go: the first), the second also what the answer is labelled.
MEDIA_TYPES = ("application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
               "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")

_METHODS = {"get": 2, "put": 3, "post": 4, "delete": 5, "options": 6, "head": 7, "patch": 8}


def _varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _bytes(num: int, payload: bytes) -> bytes:
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def _str(num: int, text: str) -> bytes:
    return _bytes(num, text.encode()) if text else b""


def _bool(num: int, value: bool) -> bytes:
    return _varint(num << 3) + b"\x01" if value else b""


def _int(num: int, value: int) -> bytes:
    return _varint(num << 3) + _varint(int(value)) if value else b""


def _double(num: int, value: float) -> bytes:
    return _varint(num << 3 | 1) + struct.pack("<d", float(value))


def _any(num: int, value: Any) -> bytes:
    """An ``Any`` whose ``yaml`` (field 2) holds the value."""
    return _bytes(num, _str(2, json.dumps(value, separators=(",", ":"))))


def _extensions(num: int, node: dict) -> bytes:
    return b"".join(_bytes(num, _str(1, k) + _any(2, v)) for k, v in node.items() if k.startswith("x-"))


def schema(node: dict) -> bytes:
    """A ``Schema`` message."""
    out = [_str(1, node.get("$ref", "")), _str(2, node.get("format", "")), _str(3, node.get("title", "")),
           _str(4, node.get("description", ""))]
    if "default" in node:
        out.append(_any(5, node["default"]))
    for key, num in (("maximum", 7), ("minimum", 9)):
        if key in node:
            out.append(_double(num, node[key]))
    out += [_bool(8, node.get("exclusiveMaximum", False)), _bool(10, node.get("exclusiveMinimum", False))]
    for key, num in (("maxLength", 11), ("minLength", 12), ("maxItems", 14), ("minItems", 15),
                     ("maxProperties", 17), ("minProperties", 18)):
        out.append(_int(num, node.get(key, 0)))
    out += [_str(13, node.get("pattern", "")), _bool(16, node.get("uniqueItems", False))]
    out += [_str(19, name) for name in node.get("required", ())]
    out += [_any(20, v) for v in node.get("enum", ())]
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        out.append(_bytes(21, _bytes(1, schema(extra))))
    elif isinstance(extra, bool):
        out.append(_bytes(21, _varint(2 << 3) + (b"\x01" if extra else b"\x00")))
    kinds = node.get("type")
    if kinds:
        out.append(_bytes(22, b"".join(_str(1, k) for k in ([kinds] if isinstance(kinds, str) else kinds))))
    items = node.get("items")
    if isinstance(items, dict):
        out.append(_bytes(23, _bytes(1, schema(items))))
    out += [_bytes(24, schema(s)) for s in node.get("allOf", ())]
    props = node.get("properties")
    if props:
        out.append(_bytes(25, b"".join(_bytes(1, _str(1, k) + _bytes(2, schema(v))) for k, v in props.items())))
    out.append(_bool(27, node.get("readOnly", False)))
    if "example" in node:
        out.append(_any(30, node["example"]))
    out.append(_extensions(31, node))
    return b"".join(out)


def _parameter(p: dict) -> bytes:
    """A query parameter: ParametersItem > Parameter > NonBodyParameter > QueryParameterSubSchema."""
    sub = (_bool(1, p.get("required", False)) + _str(2, p.get("in", "")) + _str(3, p.get("description", ""))
           + _str(4, p.get("name", "")) + _str(6, p.get("type", "")) + _bool(20, p.get("uniqueItems", False)))
    return _bytes(1, _bytes(2, _bytes(3, sub)))


def _operation(op: dict) -> bytes:
    out = [_str(5, op.get("operationId", ""))]
    out += [_bytes(8, _parameter(p)) for p in op.get("parameters", ())]
    codes = b""
    for code, resp in (op.get("responses") or {}).items():
        body = _str(1, resp.get("description", ""))
        if isinstance(resp.get("schema"), dict):
            body += _bytes(2, _bytes(1, schema(resp["schema"])))
        codes += _bytes(1, _str(1, code) + _bytes(2, _bytes(1, body)))
    if codes:
        out.append(_bytes(9, codes))
    out.append(_extensions(13, op))
    return b"".join(out)


def _path_item(item: dict) -> bytes:
    return b"".join(_bytes(_METHODS[m], _operation(op)) for m, op in item.items() if m in _METHODS)


def document(doc: dict) -> bytes:
    """The ``Document`` message of a Swagger 2.0 document (a dict)."""
    info = doc.get("info") or {}
    out = [_str(1, doc.get("swagger", "")), _bytes(2, _str(1, info.get("title", "")) + _str(2, info.get("version", "")))]
    paths = b"".join(_bytes(2, _str(1, path) + _bytes(2, _path_item(item))) for path, item in doc.get("paths", {}).items())
    out.append(_bytes(8, paths))
    defs = b"".join(_bytes(1, _str(1, name) + _bytes(2, schema(s))) for name, s in doc.get("definitions", {}).items())
    out.append(_bytes(9, defs))
    return b"".join(out)


@functools.lru_cache(maxsize=1)
def encoded(json_document: bytes) -> bytes:
    return document(json.loads(json_document))
