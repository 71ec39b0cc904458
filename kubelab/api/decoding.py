"""Stage 1 of what the v1.32 apiserver says to a create or update it refuses: decoding.

**Decoding** (400 BadRequest).  The JSON body is decoded into the versioned Go
struct.  A value of the wrong JSON type stops it with encoding/json's
``json: cannot unmarshal string into Go struct field ContainerPort.spec.template.
spec.containers.ports.containerPort of type int32``; fields the struct lacks are,
under kubectl's default ``--validate=strict`` (``fieldValidation=Strict``), a
``strict decoding error: unknown field "spec...ports[1].valueFrom"``.  Both are
wrapped by handlers.transformDecodeError as ``Deployment in version "v1" cannot be
handled as a Deployment: ...``.  The struct shapes come from the OpenAPI schemas
shipped with the kubernetes-validate package (v1.32.0).

Stage 2, the per-kind field checks, is :mod:`kubelab.api.validation`.
"""
from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

from .gofmt import json_float
from .quantity import QuantityError, parse_quantity

__all__ = ["decode_errors", "schemas", "base64_error_at", "SCHEMA_VERSION"]

SCHEMA_VERSION = "v1.32.0"


@functools.lru_cache(maxsize=1)
def schemas() -> tuple[dict, dict]:
    """(definitions, {(apiVersion, kind): definition name}) from kubernetes-validate."""
    # find_spec locates the package without importing it (its import pulls in jsonschema:
    # seconds on a cold start; we only need its data files).
    spec = importlib.util.find_spec("kubernetes_validate")
    root = Path(spec.origin).parent / "kubernetes-json-schema" / f"{SCHEMA_VERSION}-local-strict"
    defs = json.loads((root / "_definitions.json").read_text())["$defs"]
    kinds = {}
    for name, d in defs.items():
        for gvk in d.get("x-kubernetes-group-version-kind", ()):
            av = f'{gvk["group"]}/{gvk["version"]}' if gvk["group"] else gvk["version"]
            kinds.setdefault((av, gvk["kind"]), name)
    return defs, kinds


_SPECIAL = {"io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "intstr"}


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[1] if ref else None


def _go_type(schema: dict) -> str:
    """The Go type a schema stands for, as encoding/json names it in errors."""
    name = _ref_name(schema)
    if name:
        if name in _SPECIAL:
            return {"quantity": "resource.Quantity", "intstr": "intstr.IntOrString"}[_SPECIAL[name]]
        parts = name.split(".")
        return f"{parts[-2]}.{parts[-1]}"
    types = schema.get("type") or []
    types = [types] if isinstance(types, str) else types
    if "array" in types:
        return "[]" + _go_type(schema.get("items", {}))
    if "object" in types and isinstance(schema.get("additionalProperties"), dict):
        return "map[string]" + _go_type(schema["additionalProperties"])
    if "integer" in types:
        return schema.get("format", "int")
    if "number" in types:
        return "float64"
    if "boolean" in types:
        return "bool"
    if "string" in types:
        return "string"
    return "interface {}"


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "object")


class _Abort(Exception):
    """A custom UnmarshalJSON failed: encoding/json returns its error at once."""


class _Decoder:
    """Walks a value against the schemas as sigs.k8s.io/json decodes into Go structs:
    the first type error wins; unknown fields are collected in document order."""

    def __init__(self, defs: dict):
        self.defs = defs
        self.type_error: str | None = None
        self.unknown: list[str] = []

    def resolve(self, schema: dict) -> dict:
        name = _ref_name(schema)
        return self.defs[name] if name else schema

    def type_err(self, value: Any, struct: str, field: str, schema: dict, number: str = "") -> None:
        if self.type_error is None:
            what = f"number {number}" if number else _json_kind(value)
            where = f"Go struct field {struct}.{field}" if struct else "Go value"
            self.type_error = f"json: cannot unmarshal {what} into {where} of type {_go_type(schema)}"

    def value(self, value: Any, schema: dict, path: str, gopath: str, struct: str) -> None:
        if value is None:
            return
        special = _SPECIAL.get(_ref_name(schema) or "")
        if special == "quantity":
            try:
                parse_quantity(value if isinstance(value, (str, int, float)) and not isinstance(value, bool)
                               else json.dumps(value))
            except QuantityError as err:
                raise _Abort(str(err)) from None
            return
        if special == "intstr":
            if not isinstance(value, str) and not (isinstance(value, int) and not isinstance(value, bool)):
                raise _Abort(f"json: cannot unmarshal {_json_kind(value)} into Go value of type int32")
            return
        s = self.resolve(schema)
        types = s.get("type") or []
        types = [types] if isinstance(types, str) else types
        if "properties" in s:                                   # a Go struct
            if not isinstance(value, dict):
                return self.type_err(value, struct, gopath, schema)
            own = _ref_name(schema).rsplit(".", 1)[1] if _ref_name(schema) else struct
            props = s["properties"]
            for key in sorted(value):   # kubectl sends Go-marshalled JSON: keys sorted
                sub = f"{path}.{key}" if path else key
                if key not in props:
                    self.unknown.append(sub)
                    continue
                self.value(value[key], props[key], sub, f"{gopath}.{key}" if gopath else key, own)
            return
        if "array" in types:
            if not isinstance(value, list):
                return self.type_err(value, struct, gopath, schema)
            for i, item in enumerate(value):
                self.item(item, s.get("items", {}), f"{path}[{i}]", gopath, struct)
            return
        if "object" in types and isinstance(s.get("additionalProperties"), dict):
            if not isinstance(value, dict):
                return self.type_err(value, struct, gopath, schema)
            for key in sorted(value):
                self.item(value[key], s["additionalProperties"], f"{path}[{key}]", gopath, struct)
            return
        self.scalar(value, s, types, struct, gopath, schema)

    def item(self, value: Any, schema: dict, path: str, gopath: str, struct: str) -> None:
        """An element of a slice or map: a type error names the collection's field and
        the element's type (``Container.spec.template.spec.containers.ports of type
        v1.ContainerPort``)."""
        s = self.resolve(schema)
        if value is not None and "properties" in s and not isinstance(value, dict):
            return self.type_err(value, struct, gopath, schema)
        self.value(value, schema, path, gopath, struct)

    def scalar(self, value: Any, s: dict, types: list, struct: str, gopath: str, schema: dict) -> None:
        if "integer" in types:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return self.type_err(value, struct, gopath, schema)
            bits = 32 if s.get("format") == "int32" else 64
            if isinstance(value, float) or not -2 ** (bits - 1) <= value < 2 ** (bits - 1):
                return self.type_err(value, struct, gopath, schema, number=_go_number(value))
        elif "number" in types:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return self.type_err(value, struct, gopath, schema)
        elif "boolean" in types:
            if not isinstance(value, bool):
                return self.type_err(value, struct, gopath, schema)
        elif "string" in types:
            if not isinstance(value, str):
                return self.type_err(value, struct, gopath, schema)
            if s.get("format") == "byte" and self.type_error is None:
                # a []byte: encoding/json base64-decodes the string (a Secret's data)
                at = base64_error_at(value)
                if at is not None:
                    self.type_error = f"illegal base64 data at input byte {at}"


_B64 = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def base64_error_at(text: str) -> int | None:
    """Where Go's base64.StdEncoding.Decode fails on ``text`` (its
    CorruptInputError offset), or None when it decodes.  Go reads quanta of
    four characters, skips CR and LF, and wants ``=`` padding:
    ``"admin"`` fails at byte 4 (a lone ``n`` after a full quantum),
    ``"pass word"`` at byte 4 (the space)."""
    src = text.encode()
    si = 0
    while True:
        j = 0
        while j < 4:
            if si == len(src):
                if j == 0:
                    return None
                return si - j                        # j == 1, or padding missing
            c = src[si]
            si += 1
            if c in _B64:
                j += 1
                continue
            if c in b"\r\n":
                continue
            if c != ord("="):
                return si - 1
            if j in (0, 1):
                return si - 1                        # incorrect padding
            if j == 2:                               # "==" expected; the first is read
                while si < len(src) and src[si] in b"\r\n":
                    si += 1
                if si == len(src):
                    return len(src)
                if src[si] != ord("="):
                    return si - 1
                si += 1
            while si < len(src) and src[si] in b"\r\n":
                si += 1
            return si if si < len(src) else None     # trailing garbage after the padding


def _go_number(x: int | float) -> str:
    # the literal of the JSON body kubectl sent, as encoding/json wrote it
    return str(x) if isinstance(x, int) else json_float(x)


def decode_errors(obj: dict) -> str | None:
    """The decoding error the apiserver would report for ``obj`` (without the
    ``... cannot be handled as a ...`` prefix), or None."""
    defs, kinds = schemas()
    name = kinds.get((obj.get("apiVersion", ""), obj.get("kind", "")))
    if name is None:
        return None
    dec = _Decoder(defs)
    try:
        dec.value(obj, {"$ref": "#/$defs/" + name}, "", "", "")
    except _Abort as err:
        return str(err)
    if dec.type_error:
        return dec.type_error
    if dec.unknown:
        return "strict decoding error: " + ", ".join(f'unknown field "{p}"' for p in dec.unknown)
    return None


def secret_string_data(obj: dict) -> None:
    """Convert_v1_Secret_To_core_Secret (pkg/apis/core/v1/conversion.go), in place:
    ``stringData`` is write-only — each of its values is written into ``data``
    (base64 of its UTF-8 bytes, overwriting a ``data`` key of the same name) and the
    field itself is never stored, so reads show ``data`` only."""
    if obj.get("kind") != "Secret" or "stringData" not in obj:
        return
    strings = obj.pop("stringData")
    if not isinstance(strings, dict) or not strings:
        return
    import base64
    data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
    for key, value in strings.items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    obj["data"] = data
