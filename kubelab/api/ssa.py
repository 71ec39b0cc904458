"""Field ownership for server-side apply: the set of fields an applied
configuration names, in the ``FieldsV1`` form ``metadata.managedFields`` keeps,
and the conflicts between managers (sigs.k8s.io/structured-merge-diff:
typed/tofieldset.go, merge/conflict.go; k8s.io/apimachinery's
util/managedfields: the kinds' schemas, the stripped metadata, the message).

A set is a nested dict exactly as ``fieldsV1`` writes it: ``"f:name"`` for a
field, ``'k:{"name":"nginx"}'`` for an item of a keyed list, ``'v:"x"'`` for an
item of a set-list; ``{}`` is a member with nothing under it and ``"."`` marks a
member that also has children (a list item, an empty map).

>>> d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
...      "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
...               "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
>>> fields = applied_set(d)
>>> fields["f:spec"]["f:template"]["f:spec"]["f:containers"]
{'k:{"name":"nginx"}': {'.': {}, 'f:image': {}, 'f:name': {}}}
>>> fields["f:spec"]["f:selector"], fields["f:metadata"]
({}, {'f:labels': {'f:app': {}}})
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from .decoding import schemas
from .meta import Obj

#: What the apiserver never tracks (StripMetaManager), and status on the main resource.
_STRIPPED_META = ("name", "namespace", "creationTimestamp", "selfLink", "uid", "generation", "managedFields",
                  "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds")
_SCALAR_DEFS = ("io.k8s.apimachinery.pkg.util.intstr.IntOrString", "io.k8s.apimachinery.pkg.api.resource.Quantity",
                "io.k8s.apimachinery.pkg.apis.meta.v1.Time", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime")


def _types(node: dict) -> list[str]:
    t = node.get("type") or []
    return [t] if isinstance(t, str) else list(t)


def _resolve(node: Any) -> tuple[str | None, dict]:
    defs = schemas()[0]
    name = None
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        node = defs.get(name, {})
    return name, node if isinstance(node, dict) else {}


def _json_key(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def _list_keys(node: dict) -> list[str] | None:
    """The keys of an associative list ([] for a set), None for an atomic one
    (kube-openapi schemaconv: list-type first, then the patch strategy)."""
    kind = node.get("x-kubernetes-list-type")
    if kind == "map":
        return list(node.get("x-kubernetes-list-map-keys") or [])
    if kind == "set":
        return []
    if kind == "atomic":
        return None
    if "merge" in (node.get("x-kubernetes-patch-strategy") or ""):
        key = node.get("x-kubernetes-patch-merge-key")
        return [key] if key else []
    return None


#: Key fields with a default in the API's OpenAPI (``+default="TCP"`` in types.go), which
#: a list item's key takes when the item leaves it out; kubernetes-validate's copy of the
#: schemas does not carry defaults.
_KEY_DEFAULTS = {("io.k8s.api.core.v1.ContainerPort", "protocol"): "TCP",
                 ("io.k8s.api.core.v1.ServicePort", "protocol"): "TCP"}


_DEFAULT_BY_NAME = {k: v for (_, k), v in _KEY_DEFAULTS.items()}


def item_key(item: Any, keys: list[str], item_def: str | None = None) -> str:
    """The path element of a list item: ``k:{...}`` (keys sorted, as fieldpath does) or ``v:...``."""
    if keys and isinstance(item, dict):
        key = {k: item[k] for k in keys if k in item}
        for k in keys:
            if k not in key and (item_def, k) in _KEY_DEFAULTS:
                key[k] = _KEY_DEFAULTS[(item_def, k)]
        return "k:" + _json_key(key)
    return "v:" + _json_key(item)


def field_set(value: Any, node: dict) -> dict:
    """ToFieldSet: the members under a value of schema ``node`` (the value's own
    path is the caller's to add)."""
    name, node = _resolve(node)
    if name in _SCALAR_DEFS or not isinstance(value, (dict, list)):
        return {}
    if isinstance(value, list):
        keys = _list_keys(node)
        if keys is None:
            return {}
        out: dict = {}
        item_def = _resolve(node.get("items") or {})[0]
        for item in value:
            child = field_set(item, node.get("items") or {})
            if child:
                child["."] = {}
            out[item_key(item, keys, item_def)] = child
        return out
    if node.get("x-kubernetes-map-type") == "atomic":
        return {}
    props = node.get("properties") or {}
    extra = node.get("additionalProperties")
    out = {}
    for key, val in value.items():
        child_schema = props.get(key) if key in props else (extra if isinstance(extra, dict) else {})
        child = field_set(val, child_schema)
        member = (_is_atomic_value(val, child_schema) or val is None or (isinstance(val, dict) and not val)
                  or key not in props)
        if member and child:
            child["."] = {}
        if member or child:
            out["f:" + key] = child
    return out


def _is_atomic_value(value: Any, node: dict) -> bool:
    name, node = _resolve(node)
    if isinstance(value, list):
        return _list_keys(node) is None
    return not isinstance(value, dict) or name in _SCALAR_DEFS or node.get("x-kubernetes-map-type") == "atomic"


def applied_set(obj: Obj, *, status: bool = False) -> dict:
    """The fields an applied (or stored) object names, without what is never tracked."""
    definition = schemas()[1].get((obj.get("apiVersion"), obj.get("kind")))
    node = {"$ref": f"#/$defs/{definition}"} if definition else {}
    body = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind") and (status or k != "status")}
    md = {k: v for k, v in (obj.get("metadata") or {}).items() if k not in _STRIPPED_META}
    if md:
        body["metadata"] = md
    else:
        body.pop("metadata", None)
    return ordered(field_set(body, node))


def ordered(fields: dict) -> dict:
    """Members in the order fieldsV1 serialises them: ``.`` first, then the path elements sorted."""
    return {k: ordered(fields[k]) for k in sorted(fields)}


# ------------------------------------------------------------------ set algebra
def leaves(fields: dict, prefix: tuple = (), *, values_only: bool = False) -> Iterator[tuple]:
    """Every member path (a tuple of path elements); ``values_only``: only those with
    nothing under them, the values a comparison can find modified (a list item or a
    map that has members of its own is compared through them)."""
    for key, child in fields.items():
        if key == ".":
            continue
        path = prefix + (key,)
        if not child or ("." in child and not values_only):
            yield path
        yield from leaves(child, path, values_only=values_only)


def remove(fields: dict, paths: set[tuple]) -> dict:
    """``fields`` without the member paths in ``paths`` (parents kept while they have children)."""
    out: dict = {}
    for key, child in fields.items():
        if key == ".":
            continue
        sub = {p[1:] for p in paths if p[0] == key and len(p) > 1}
        kept = remove(child, sub) if child else {}
        member = (not child or "." in child) and (key,) not in paths
        if kept:
            if member and child:
                kept["."] = {}
            out[key] = kept
        elif member:
            out[key] = {} if not child else {".": {}}
    return out


def value_at(obj: Any, path: tuple) -> tuple[bool, Any]:
    """(found, value) at a set path in an object."""
    cur = obj
    for element in path:
        kind, _, rest = element.partition(":")
        if kind == "f" and isinstance(cur, dict) and rest in cur:
            cur = cur[rest]
        elif kind in ("k", "v") and isinstance(cur, list):
            want = json.loads(rest)
            for item in cur:
                if (kind == "k" and isinstance(item, dict)
                        and all(item.get(k, _DEFAULT_BY_NAME.get(k)) == v for k, v in want.items())) \
                        or (kind == "v" and item == want):
                    cur = item
                    break
            else:
                return False, None
        else:
            return False, None
    return True, cur


def delete_at(obj: Any, path: tuple) -> None:
    """Remove the field or list item at a set path, if it is there."""
    if not path:
        return
    found, parent = value_at(obj, path[:-1])
    if not found:
        return
    kind, _, rest = path[-1].partition(":")
    if kind == "f" and isinstance(parent, dict):
        parent.pop(rest, None)
    elif kind in ("k", "v") and isinstance(parent, list):
        found, item = value_at(parent, (path[-1],))
        if found:
            parent[:] = [x for x in parent if x is not item]


def path_text(path: tuple) -> str:
    """A path as fieldpath prints it: ``.spec.containers[name="nginx"].image``."""
    out = ""
    for element in path:
        kind, _, rest = element.partition(":")
        if kind == "f":
            out += "." + rest
        elif kind == "k":
            out += "[" + ",".join(f"{k}={_json_key(v)}" for k, v in json.loads(rest).items()) + "]"
        else:
            out += "[=" + rest + "]"
    return out
