"""The garbage collector (pkg/controller/garbagecollector): dependents follow
their owners.  Background deletion removes dependents after the owner is gone;
foreground (finalizer ``foregroundDeletion``) removes them first; orphan
(finalizer ``orphan``) strips their ownerReferences instead."""
from __future__ import annotations

from ..api.meta import Obj
from .base import Controller


class GarbageCollector(Controller):
    name = "garbagecollector"

    def setup(self) -> None:
        # Every kind but Events (the garbage collector's ignored resources, as in kube-controller-manager)
        self.api.watch(self._on_change, ignore=("Event",))
        # Owners in foreground deletion still waiting for dependents: uid -> (kind, ns, name).
        self._waiting: dict[str, tuple[str, str, str]] = {}

    def _on_change(self, etype: str, obj: Obj, old: Obj | None) -> None:
        md = obj["metadata"]
        if etype == "DELETED":
            self.enqueue(f"deleted:{md['uid']}")
        elif md.get("deletionTimestamp") and set(md.get("finalizers") or ()) & {"foregroundDeletion", "orphan"}:
            self.enqueue(f"owner:{md['uid']}:{obj['apiVersion']}:{obj['kind']}:{md.get('namespace', '')}:{md['name']}")
        if self._waiting and etype != "ADDED":         # (most of the time nobody waits)
            # A dependent went away: an owner waiting in foreground may be done.  (An owner
            # not waiting yet reads its dependents when it starts to.)
            for ref in md.get("ownerReferences") or []:
                if ref["uid"] in self._waiting:
                    self.enqueue(f"check:{ref['uid']}:{md.get('namespace', '')}")

    def sync(self, key: str) -> None:
        kind, _, rest = key.partition(":")
        if kind == "deleted":
            self._delete_dependents_of_gone(rest)
        elif kind == "owner":
            uid, api_version, okind, ns, name = rest.split(":", 4)
            self._process_deleting_owner(uid, okind, ns, name)
        elif kind == "check":
            uid, ns = rest.split(":", 1)
            self._recheck_owner(uid)

    def _owner_exists(self, ref: Obj, ns: str) -> bool:
        rt = self.api.resource(ref["kind"], ref["apiVersion"])
        obj = self.api.peek(rt, ref["name"], ns if rt.namespaced else None)
        return obj is not None and obj["metadata"]["uid"] == ref["uid"]

    def _delete_dependents_of_gone(self, uid: str) -> None:
        for rt, ns, name in self.api.dependents(uid):
            dep = self.api.peek(rt, name, ns or None)
            if dep is None:
                continue
            refs = dep["metadata"].get("ownerReferences") or []
            others = [r for r in refs if r["uid"] != uid and self._owner_exists(r, ns)]
            if others:
                # Still owned by someone alive: just drop the dangling reference.
                def drop(o: Obj) -> None:
                    o["metadata"]["ownerReferences"] = [r for r in o["metadata"]["ownerReferences"] if r["uid"] != uid]
                self.api.mutate(rt, name, ns or None, drop)
            elif not dep["metadata"].get("deletionTimestamp"):
                self.api.delete(rt, name, ns or None, propagation="Background")

    def _process_deleting_owner(self, uid: str, kind: str, ns: str, name: str) -> None:
        rt = self.api.resource(kind)
        owner = self.api.peek(rt, name, ns or None)
        if owner is None or owner["metadata"]["uid"] != uid:
            return
        finalizers = owner["metadata"].get("finalizers") or []
        deps = self.api.dependents(uid)
        if "orphan" in finalizers:
            for drt, dns, dname in deps:
                def drop(o: Obj) -> None:
                    refs = [r for r in o["metadata"].get("ownerReferences", []) if r["uid"] != uid]
                    if refs:
                        o["metadata"]["ownerReferences"] = refs
                    else:
                        o["metadata"].pop("ownerReferences", None)
                if self.api.peek(drt, dname, dns or None) is not None:
                    self.api.mutate(drt, dname, dns or None, drop)
            self.api.remove_finalizer(rt, name, ns or None, "orphan")
        elif "foregroundDeletion" in finalizers:
            self._waiting[uid] = (kind, ns, name)    # before the deletes: a dependent gone meanwhile rechecks
            live = []
            for drt, dns, dname in deps:
                dep = self.api.peek(drt, dname, dns or None)
                if dep is None:
                    continue
                live.append(dep)
                if not dep["metadata"].get("deletionTimestamp"):
                    self.api.delete(drt, dname, dns or None, propagation="Foreground")
            if live:
                self._waiting[uid] = (kind, ns, name)
            else:
                self._waiting.pop(uid, None)
                self.api.remove_finalizer(rt, name, ns or None, "foregroundDeletion")

    def _recheck_owner(self, uid: str) -> None:
        if uid in self._waiting:
            self._process_deleting_owner(uid, *self._waiting[uid])
