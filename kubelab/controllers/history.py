"""ControllerRevisions: the stored history of a StatefulSet's (or DaemonSet's)
pod template (pkg/controller/history/controller_history.go).

A revision holds the part of its owner a rollout changes — for a StatefulSet a
patch ``{"spec": {"template": {..., "$patch": "replace"}}}`` — and a ``revision``
number.  Its name is the owner's name and a hash of that data, so the same
template always gives the same revision name, and a template seen before
(a rollback) finds its old revision again instead of making a new one.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..api import errors
from ..api.meta import Obj, clone, controller_ref, make_owner_ref
from ..api.selectors import Selector
from .deployment import safe_encode

if TYPE_CHECKING:
    from ..api.store import Store

HASH_LABEL = "controller.kubernetes.io/hash"     # ControllerRevisionHashLabel


def fnv32(data: bytes) -> int:
    """Go's hash/fnv New32 (FNV-1, not FNV-1a: multiply, then xor)."""
    h = 0x811C9DC5
    for b in data:
        h = ((h * 0x01000193) & 0xFFFFFFFF) ^ b
    return h


def hash_revision(data: Obj, probe: int | None) -> str:
    """HashControllerRevision: FNV-32 of the revision's raw data, then the
    collision count as decimal text, written out as decimal and safe-encoded.
    The data is canonical JSON here (Go writes struct-field order), so a name is
    stable in the kit but is not the one a real cluster would print."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    if probe is not None:
        raw += str(probe).encode()
    return safe_encode(str(fnv32(raw)))


def new_revision(owner: Obj, data: Obj, template_labels: dict, revision: int, collision_count: int) -> Obj:
    """NewControllerRevision: not yet stored; its name carries the hash."""
    h = hash_revision(data, collision_count)
    labels = dict(template_labels or {})
    labels[HASH_LABEL] = h
    md: Obj = {"name": f"{owner['metadata']['name']}-{h}", "namespace": owner["metadata"]["namespace"],
               "labels": labels, "ownerReferences": [make_owner_ref(owner)]}
    annotations = owner["metadata"].get("annotations")
    if annotations:
        md["annotations"] = dict(annotations)
    return {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": md,
            "data": clone(data), "revision": revision}


def equal_revision(a: Obj, b: Obj) -> bool:
    """EqualRevision: same hash label and the same data."""
    ha = (a["metadata"].get("labels") or {}).get(HASH_LABEL)
    hb = (b["metadata"].get("labels") or {}).get(HASH_LABEL)
    return ha is not None and ha == hb and a.get("data") == b.get("data")


def list_revisions(api: "Store", owner: Obj, selector: Selector) -> list[Obj]:
    """The owner's revisions, adopting orphans its selector matches
    (ListControllerRevisions + AdoptOrphanRevisions), oldest revision first."""
    ns, uid = owner["metadata"]["namespace"], owner["metadata"]["uid"]
    owned = [r for r in api.owned("controllerrevisions", uid, copy=True)
             if (controller_ref(r) or {}).get("uid") == uid]
    if not owner["metadata"].get("deletionTimestamp"):
        for orphan in api.orphans("controllerrevisions", ns):
            if selector.matches(orphan["metadata"].get("labels") or {}):
                def adopt(r: Obj) -> None:
                    r["metadata"].setdefault("ownerReferences", []).append(make_owner_ref(owner))
                owned.append(api.mutate("controllerrevisions", orphan["metadata"]["name"], ns, adopt))
    return sorted(owned, key=lambda r: (r.get("revision", 0), r["metadata"]["name"]))


def create_revision(api: "Store", owner: Obj, revision: Obj, data: Obj, template_labels: dict,
                    collision_count: int) -> tuple[Obj, int]:
    """CreateControllerRevision: store it; on a name already taken by other data,
    count a collision and try the next name.  Returns (revision, collisionCount)."""
    while True:
        try:
            return api.create(revision), collision_count
        except errors.ApiError as e:
            if e.reason != "AlreadyExists":
                raise
            ns, name = owner["metadata"]["namespace"], revision["metadata"]["name"]
            existing = api.get("controllerrevisions", name, ns)
            if (controller_ref(existing) or {}).get("uid") == owner["metadata"]["uid"] \
                    and existing.get("data") == revision.get("data"):
                return existing, collision_count
            collision_count += 1
            revision = new_revision(owner, data, template_labels, revision["revision"], collision_count)


def next_revision(revisions: list[Obj]) -> int:
    return (revisions[-1].get("revision", 0) + 1) if revisions else 1
