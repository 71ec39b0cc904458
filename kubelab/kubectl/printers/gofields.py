"""Go struct field order for ``-o json`` of the objects kubectl holds as typed structs.

``kubectl create deployment|service|configmap|...``, ``run``, ``expose`` and
``autoscale`` build their object (or get it back from a typed client) as a Go
struct, and ``-o json`` is ``json.MarshalIndent`` of that struct: keys in field
declaration order, an embedded struct's fields where it is embedded, a map's
keys sorted.  (``-o yaml`` goes through a generic map and is sorted anyway, and
``kubectl get`` reads generic maps: sorted too.)  The order comes from the API's
``types.go`` at v0.32.4 (scripts/go_field_order.py writes gofields.json).

>>> obj = {"apiVersion": "v1", "data": {"b": "1", "a": "2"}, "kind": "ConfigMap",
...        "metadata": {"name": "c", "creationTimestamp": None}}
>>> list(in_go_order(obj)), list(in_go_order(obj)["metadata"]), list(in_go_order(obj)["data"])
(['kind', 'apiVersion', 'metadata', 'data'], ['name', 'creationTimestamp'], ['a', 'b'])
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["in_go_order", "struct_for"]


@lru_cache(maxsize=1)
def _structs() -> dict[str, list[list[str]]]:
    return json.loads((Path(__file__).with_name("gofields.json")).read_text(encoding="utf-8"))["structs"]


def struct_for(api_version: str, kind: str) -> str | None:
    """``apps/v1``, ``Deployment`` → ``apps/v1.Deployment``; ``v1`` → ``core/v1``;
    ``rbac.authorization.k8s.io/v1`` → ``rbac/v1`` (the package k8s.io/api keeps it in)."""
    group, _, version = (api_version or "").rpartition("/")
    key = f"{group.split('.')[0] or 'core'}/{version}.{kind}"
    return key if key in _structs() else None


def in_go_order(obj: dict) -> dict:
    """``obj`` with its keys as Go marshals the typed struct; an unknown kind stays as it is."""
    key = struct_for(obj.get("apiVersion", ""), obj.get("kind", ""))
    return _order(obj, key, _structs()) if key else obj


def _order(value: Any, struct: str, table: dict) -> Any:
    if isinstance(value, list):
        return [_order(item, struct, table) for item in value]
    if not isinstance(value, dict):
        return value
    if not struct:                           # a Go map (labels, data, resources.limits): sorted keys
        return {k: _order(value[k], "", table) for k in sorted(value)}
    out = {}
    for field in table[struct]:
        name = field[0]
        if name in value:
            out[name] = _order(value[name], field[1] if len(field) > 1 else "", table)
    for name in sorted(value.keys() - out.keys()):   # not in the struct: Go would drop it; keep it visible
        out[name] = _order(value[name], "", table)
    return out
