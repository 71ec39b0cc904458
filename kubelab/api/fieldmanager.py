"""The apiserver's field manager for appliers (server-side apply): the applied
configuration merged into the live object, and ``metadata.managedFields`` kept
as k8s.io/apiserver's fieldmanager keeps it.

Each applier (``fieldManager``) owns the fields its last applied configuration
named (kubelab.api.ssa).  An apply that would change a field another manager
owns is refused, 409 with the apiserver's words, unless ``force``, which takes
the field over.  An object that has no managedFields yet (made by the kit
itself, not through an apply) is first given to ``before-first-apply``, as the
apiserver does for objects it never tracked.  What an applier named last time
and no longer names is removed, unless another manager owns it.

Simplified: the merge itself is the strategic merge patch of the applied
configuration; writes other than apply (create, update, patch) are not recorded
as ``Update`` managers.

One home for both doors: the served API's ``PATCH`` with
``application/apply-patch+yaml`` (kubelab.server.apply) and ``kubectl apply
--server-side`` in the kernel.
"""
from __future__ import annotations

import json
from typing import Any

from . import errors, ssa
from .meta import Obj, clone
from .patch import PatchFailed, strategic_merge


def apply(live: Obj | None, obj: Obj, kind: str, manager: str, force: bool,
          api_version: str, stamp: str) -> Obj:
    """The object to store when ``manager`` applies ``obj``: ``obj`` itself with its
    managedFields when nothing is stored (``live`` None), else ``obj`` merged into
    ``live`` with the managers' fields taken over and pruned; an ApiError (409)
    when it changes another manager's field without ``force``."""
    applied = ssa.applied_set(obj)
    mine = _entry(manager, "Apply", api_version, stamp, applied)
    if live is None:
        obj.setdefault("metadata", {})["managedFields"] = [mine]
        return obj
    try:
        merged = strategic_merge(clone(live), clone(obj), kind)
    except PatchFailed as err:
        if isinstance(err.server, errors.ApiError):
            raise err.server from None
        raise errors.ApiError(500, "", str(err.server)) from None
    managed = live["metadata"].get("managedFields") or [
        _entry("before-first-apply", "Update", api_version, stamp, ssa.applied_set(live))]
    managed = _take_over(managed, manager, applied, merged, live, force)
    _prune(merged, managed, manager, applied)
    merged["metadata"]["managedFields"] = _with(managed, mine)
    return merged


def _entry(manager: str, operation: str, api_version: str, stamp: str, fields: dict) -> Obj:
    return {"manager": manager, "operation": operation, "apiVersion": api_version, "time": stamp,
            "fieldsType": "FieldsV1", "fieldsV1": fields}


def _take_over(managed: list[Obj], manager: str, applied: dict, merged: Obj, live: Obj, force: bool) -> list[Obj]:
    """The other managers' entries, without the fields this apply changes; a
    conflict when it changes one of theirs without ``force``."""
    wanted = set(ssa.leaves(applied))
    conflicts: list[tuple[Obj, tuple]] = []
    for entry in managed:
        if entry.get("manager") == manager and entry.get("operation") == "Apply":
            continue
        for path in ssa.leaves(entry.get("fieldsV1") or {}, values_only=True):
            if path in wanted and _typed(ssa.value_at(merged, path)) != _typed(ssa.value_at(live, path)):
                conflicts.append((entry, path))
    if conflicts and not force:
        raise _conflict_error(conflicts)
    out = []
    for entry in managed:
        taken = {p for e, p in conflicts if e is entry}
        if taken:
            entry = {**entry, "fieldsV1": ssa.remove(entry.get("fieldsV1") or {}, taken)}
            if not entry["fieldsV1"]:
                continue
        out.append(entry)
    return out


def _typed(found: tuple[bool, Any]) -> Any:
    """A value as the typed object holds it: an absent field and a null one are the
    same zero value (a template's ``creationTimestamp: null`` changes nothing)."""
    return found[1] if found[0] else None


def _prune(merged: Obj, managed: list[Obj], manager: str, applied: dict) -> None:
    """What this applier named last time and names no more goes, unless another
    manager owns it (merge.Updater's removal of no-longer-applied fields)."""
    before = next((e.get("fieldsV1") or {} for e in managed
                   if e.get("manager") == manager and e.get("operation") == "Apply"), {})
    kept = set(ssa.leaves(applied))
    for e in managed:
        if not (e.get("manager") == manager and e.get("operation") == "Apply"):
            kept |= set(ssa.leaves(e.get("fieldsV1") or {}))
    gone = [p for p in ssa.leaves(before) if p not in kept and not any(k[:len(p)] == p for k in kept)]
    for path in sorted(gone, key=len, reverse=True):
        ssa.delete_at(merged, path)


def _with(managed: list[Obj], mine: Obj) -> list[Obj]:
    """``mine`` in place of this manager's previous Apply entry (or last); its time
    stays when its fields did not change, as the field manager keeps it."""
    out, placed = [], False
    for entry in managed:
        if entry.get("manager") == mine["manager"] and entry.get("operation") == "Apply":
            if entry.get("fieldsV1") == mine["fieldsV1"] and entry.get("apiVersion") == mine["apiVersion"]:
                mine = {**mine, "time": entry.get("time")}
            out.append(mine)
            placed = True
        else:
            out.append(entry)
    return out if placed else out + [mine]


def _who(entry: Obj) -> str:
    """printManager: an Update manager is named with the version it wrote."""
    who = json.dumps(entry.get("manager", ""))
    if entry.get("subresource"):
        who += f" with subresource {json.dumps(entry['subresource'])}"
    if entry.get("operation") == "Update":
        who += f" using {entry.get('apiVersion', '')}"
    return who


def _conflict_error(conflicts: list[tuple[Obj, tuple]]) -> errors.ApiError:
    """NewConflictError (k8s.io/apimachinery util/managedfields/internal/conflict.go)."""
    causes = [{"type": "FieldManagerConflict", "message": f"conflict with {_who(e)}", "field": ssa.path_text(p)}
              for e, p in conflicts]
    if len(conflicts) == 1:
        entry, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {_who(entry)}: {ssa.path_text(path)}"
    else:
        by_manager: dict[str, list[str]] = {}
        for entry, path in conflicts:
            by_manager.setdefault(_who(entry), []).append(ssa.path_text(path))
        lines = []
        for who in sorted(by_manager):
            lines.append(f"conflicts with {who}:")
            lines += [f"- {p}" for p in by_manager[who]]
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    return errors.ApiError(409, "Conflict", message, {"causes": causes})
