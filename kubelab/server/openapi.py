"""OpenAPI v2 and v3 documents, translated from the schemas kubernetes-validate ships.

Those schemas are the Kubernetes v1.32 OpenAPI definitions converted to JSON
Schema (``type: [string, "null"]``, ``$ref: #/$defs/...``, ``enum`` pinned on
``apiVersion`` and ``kind``, ``additionalProperties: false`` in the strict set).
Here the conversion is undone: one type per schema, refs into ``definitions``
(v2) or ``components/schemas`` (v3), no pinned enums, no closed objects; v3
wraps a ``$ref`` that has siblings in ``allOf`` as the apiserver's document does.
IntOrString and Quantity were flattened into ``oneOf`` by the conversion; the
apiserver publishes them as strings with a format.

The v3 document of a group/version also lists, for each resource, the paths
kubectl looks at before it trusts the server with ``fieldValidation`` (cli-runtime
``queryParamVerifierV3``: a PATCH operation of the kind with that parameter).
"""
from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from ..api.resources import ResourceType
from ..api.decoding import schemas as _schemas
from . import versions

_SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
        "description": "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML "
                       "marshalling and unmarshalling, it produces or consumes the inner type.  This allows you "
                       "to have, for example, a JSON field that can accept a name or number.",
        "format": "int-or-string", "type": "string"},
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {
        "description": "Quantity is a fixed-point representation of a number. It provides convenient "
                       "marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.",
        "type": "string"},
}

#: The query parameters of the write verbs (PATCH: all four).
_WRITE_PARAMS = ("dryRun", "fieldManager", "fieldValidation")


def _convert(schema: Any, prefix: str, v3: bool, top: bool = False) -> Any:
    if isinstance(schema, list):
        return [_convert(s, prefix, v3) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref":
            out[key] = prefix + value.rsplit("/", 1)[1]
        elif key == "type" and isinstance(value, list):
            kinds = [t for t in value if t != "null"]
            if kinds:
                out[key] = kinds[0]
        elif key == "additionalProperties" and value is False:
            continue
        elif key in ("properties", "patternProperties"):
            out[key] = {k: _convert(v, prefix, v3) for k, v in value.items()}
        else:
            out[key] = _convert(value, prefix, v3)
    props = out.get("properties") or {}
    for pinned in ("apiVersion", "kind"):
        if isinstance(props.get(pinned), dict):
            props[pinned].pop("enum", None)
    if v3 and "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}]
    return out


@functools.lru_cache(maxsize=2)
def definitions(v3: bool) -> dict[str, Any]:
    defs, _ = _schemas()
    prefix = "#/components/schemas/" if v3 else "#/definitions/"
    out = {}
    for name, schema in defs.items():
        out[name] = dict(_SPECIAL[name]) if name in _SPECIAL else _convert(schema, prefix, v3, top=True)
    return out


def _definition_of(rt: ResourceType) -> str | None:
    return _schemas()[1].get((rt.api_version, rt.kind))


def _closure(names: list[str], defs: dict[str, Any]) -> dict[str, Any]:
    """The named definitions and every definition they reach through ``$ref``."""
    seen: dict[str, Any] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen[name] = defs[name]
        stack = [defs[name]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if ref:
                    todo.append(ref.rsplit("/", 1)[1])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return dict(sorted(seen.items()))


def _gvk(rt: ResourceType) -> dict[str, str]:
    return {"group": rt.group, "version": rt.version, "kind": rt.kind}


def _item_path(rt: ResourceType) -> str:
    base = f"/apis/{rt.group}/{rt.version}" if rt.group else "/api/v1"
    ns = "/namespaces/{namespace}" if rt.namespaced else ""
    return f"{base}{ns}/{rt.plural}/{{name}}"


def _operations(rt: ResourceType, v3: bool) -> dict[str, Any]:
    """The item path's operations, with the parameters kubectl checks for."""
    def param(name: str) -> dict:
        p = {"name": name, "in": "query", "description": "", "uniqueItems": True}
        if v3:
            p["schema"] = {"type": "string"}
        else:
            p["type"] = "string"
        return p
    ref = _definition_of(rt)
    target = ("#/components/schemas/" if v3 else "#/definitions/") + (ref or "")
    ops: dict[str, Any] = {}
    for method, action in (("get", "get"), ("put", "put"), ("patch", "patch"), ("delete", "delete")):
        if action not in ("get",) and action.replace("put", "update") not in rt.verbs:
            continue
        op: dict[str, Any] = {"operationId": f"{action}{rt.kind}", "x-kubernetes-action": action,
                              "x-kubernetes-group-version-kind": _gvk(rt),
                              "parameters": [param(p) for p in _WRITE_PARAMS] if method in ("put", "patch") else []}
        if method == "patch":
            op["parameters"].append(param("force"))
        if v3:
            op["responses"] = {"200": {"description": "OK", "content": {
                "application/json": {"schema": {"$ref": target}}}}}
        else:
            op["responses"] = {"200": {"description": "OK", "schema": {"$ref": target}}}
        ops[method] = op
    return ops


def _group_version_kinds(group: str, version: str) -> list[ResourceType]:
    return [rt for rt in versions.served() if rt.group == group and rt.version == version]


def group_versions() -> list[tuple[str, str]]:
    """Every (group, version) served, core first."""
    seen: list[tuple[str, str]] = []
    for rt in versions.served():
        if (rt.group, rt.version) not in seen:
            seen.append((rt.group, rt.version))
    return seen


def v3_path(group: str, version: str) -> str:
    return f"apis/{group}/{version}" if group else f"api/{version}"


@functools.lru_cache(maxsize=64)
def v3_document(group: str, version: str) -> bytes:
    """The OpenAPI v3 document of one group/version (``/openapi/v3/apis/apps/v1``)."""
    defs = definitions(True)
    kinds = _group_version_kinds(group, version)
    names = [n for n in (_definition_of(rt) for rt in kinds) if n]
    paths = {_item_path(rt): _operations(rt, True) for rt in kinds if _definition_of(rt)}
    doc = {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"},
           "paths": paths, "components": {"schemas": _closure(names, defs)}}
    return json.dumps(doc, separators=(",", ":")).encode()


@functools.lru_cache(maxsize=1)
def v3_index() -> bytes:
    """``/openapi/v3``: where each group/version's document is, with a content hash
    (clients cache documents by it)."""
    paths = {}
    for group, version in group_versions():
        digest = hashlib.sha512(v3_document(group, version)).hexdigest()[:128].upper()
        paths[v3_path(group, version)] = {"serverRelativeURL": f"/openapi/v3/{v3_path(group, version)}?hash={digest}"}
    return json.dumps({"paths": paths}, separators=(",", ":")).encode()


@functools.lru_cache(maxsize=1)
def v2_document() -> bytes:
    """``/openapi/v2`` as JSON (the apiserver also serves it as protobuf, which we do not)."""
    kinds = [rt for rt in versions.served() if _definition_of(rt)]
    paths = {_item_path(rt): _operations(rt, False) for rt in kinds}
    doc = {"swagger": "2.0", "info": {"title": "Kubernetes", "version": "v1.32.0"},
           "paths": paths, "definitions": definitions(False)}
    return json.dumps(doc, separators=(",", ":")).encode()
