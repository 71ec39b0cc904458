"""Server-side printing: ``Accept: application/json;as=Table;v=v1;g=meta.k8s.io``.

The apiserver answers ``kubectl get`` with a ``meta.k8s.io/v1`` Table built by the
same printers kubectl's emulation uses (kubelab.kubectl.printers), every cell
computed as for ``-o wide``; the real kubectl then drops the priority-1 columns,
adds NAMESPACE for ``-A`` and LABELS for ``--show-labels`` from each row's object.
"""
from __future__ import annotations

import json
from typing import Any

from ..api.meta import Obj
from ..api.resources import ResourceType
from ..kubectl.printers import PrintContext, printer_for

TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io"

#: Column descriptions as the apiserver gives them for the two columns every kind has.
_DESCRIPTIONS = {
    "Name": "Name must be unique within a namespace. Is required when creating resources, although some "
            "resources may allow a client to request the generation of an appropriate name automatically. "
            "Name is primarily intended for creation idempotence and configuration definition. Cannot be "
            "updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
    "Age": "CreationTimestamp is a timestamp representing the server time when this object was created. It is "
           "not guaranteed to be set in happens-before order across separate operations. Clients may not set "
           "this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. "
           "Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
}


def wants_table(accept: str) -> bool:
    """Whether the first acceptable media type is a meta.k8s.io Table."""
    for part in accept.split(","):
        params = {k.strip(): v.strip() for k, _, v in (p.partition("=") for p in part.split(";")[1:])}
        media = part.split(";")[0].strip()
        if params.get("as") == "Table" and params.get("g") == "meta.k8s.io" and params.get("v") in ("v1", "v1beta1"):
            return True
        if media in ("application/json", "*/*", "application/*", "application/yaml"):
            return False
    return False


def column_definitions(rt: ResourceType) -> list[dict[str, Any]]:
    printer = printer_for(rt.kind)
    return [{"name": col.name, "type": "string", "format": "name" if col.is_name else "",
             "description": _DESCRIPTIONS.get(col.name, ""), "priority": col.priority}
            for col in printer.columns]


def row_object(obj: Obj, include: str) -> Obj | None:
    """``includeObject``: ``Metadata`` (the default) sends PartialObjectMetadata,
    ``Object`` the whole object, ``None`` nothing."""
    if include == "None":
        return None
    if include == "Object":
        return obj
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": obj.get("metadata", {})}


def table(rt: ResourceType, objs: list[Obj], ctx: PrintContext, *, include: str = "Metadata",
          headers: bool = True, list_meta: Obj | None = None) -> Obj:
    printer = printer_for(rt.kind)
    rows = []
    for obj in objs:
        row: Obj = {"cells": printer.row(obj, ctx)}
        inner = row_object(obj, include)
        if inner is not None:
            row["object"] = inner
        rows.append(row)
    out: Obj = {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta or {}}
    out["columnDefinitions"] = column_definitions(rt) if headers else None
    out["rows"] = rows
    return out


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class RowCache:
    """Encoded Table rows of stored objects, for lists.

    A stored object never changes without a new resourceVersion, and its row
    depends only on it and the current instant (ages), so the object part of a
    row is encoded once per version (with the printer's time-free facts, where it
    has them: pods) and the whole row once per instant: a
    ``kubectl get pods`` at 1,000 pods then costs the server what is new since
    the last one.  Bounded: emptied when it holds :attr:`limit` versions."""

    def __init__(self, limit: int = 200_000):
        self.limit = limit
        self._rows: dict[tuple, list] = {}      # (uid, resourceVersion, include) -> [now, row bytes, object bytes]

    def rows(self, rt: ResourceType, objs: list[Obj], ctx: PrintContext, include: str) -> list[bytes]:
        printer = printer_for(rt.kind)
        facts_of, cells_of = printer.facts, printer.cells
        rows, cache, now = [], self._rows, ctx.now
        if len(cache) + len(objs) > self.limit:
            cache.clear()
        for obj in objs:
            md = obj.get("metadata") or {}
            key = (rt.plural, md.get("uid"), md.get("resourceVersion"), include)
            entry = cache.get(key)
            if entry is None:
                inner = row_object(obj, include)
                # [instant, row bytes, object bytes, the row's time-free facts (printers that have them)]
                entry = cache[key] = [None, b"", b"" if inner is None else b',"object":' + _dumps(inner),
                                      facts_of(obj) if facts_of is not None else None]
            if entry[0] != now:
                cells = cells_of(entry[3], now) if cells_of is not None else printer.row(obj, ctx)
                entry[0], entry[1] = now, b'{"cells":' + _dumps(cells) + entry[2] + b"}"
            rows.append(entry[1])
        return rows


def table_bytes(rt: ResourceType, objs: list[Obj], ctx: PrintContext, cache: RowCache, *,
                include: str = "Metadata", list_meta: Obj | None = None) -> bytes:
    """:func:`table`, encoded (the same bytes ``encode(table(...))`` gives), with
    the rows from ``cache``."""
    head = _dumps({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta or {},
                   "columnDefinitions": column_definitions(rt)})
    return head[:-1] + b',"rows":[' + b",".join(cache.rows(rt, objs, ctx, include)) + b"]}"
