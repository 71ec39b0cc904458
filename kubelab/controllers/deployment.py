"""The Deployment controller (pkg/controller/deployment: sync.go, rolling.go,
recreate.go, progress.go).  One step per sync, so a rollout can be watched."""
from __future__ import annotations

import json
import math

from ..api import selectors
from ..api.meta import Obj, clone, controller_ref, find_condition, is_deleting, make_owner_ref
from ..clock import parse_timestamp
from .base import Controller, split_key
from .pods import is_active

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE = "kubernetes.io/change-cause"
HASH_LABEL = "pod-template-hash"
# Annotations the Deployment controller does not copy to its ReplicaSets.
_SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY,
                     DESIRED, MAX_REPLICAS, "deprecated.deployment.rollback.to"}

_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"


def safe_encode(text: str) -> str:
    """rand.SafeEncodeString: map each byte onto the vowel-free alphabet."""
    return "".join(_ALPHANUMS[b % len(_ALPHANUMS)] for b in text.encode())


def compute_hash(template: Obj, collision_count: int | None = None) -> str:
    """The pod-template-hash: FNV-32a of the template, written out as decimal and
    safe-encoded (controller.ComputeHash).  Kubernetes hashes Go's dump of the
    struct; we hash canonical JSON, so the value differs from a real cluster's
    but has the same form and the same stability (same template, same hash)."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":"))
    if collision_count:
        data += str(collision_count)
    h = 0x811C9DC5
    for b in data.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return safe_encode(str(h))


def resolve_fenceposts(d: Obj) -> tuple[int, int]:
    """maxSurge rounds up, maxUnavailable rounds down; both zero makes
    maxUnavailable 1.  Worked example: replicas 10, 25%/25% → surge
    ceil(2.5)=3, unavailable floor(2.5)=2."""
    replicas = d["spec"].get("replicas", 1)
    ru = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    surge = _scaled(ru.get("maxSurge", "25%"), replicas, True)
    unavailable = _scaled(ru.get("maxUnavailable", "25%"), replicas, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _scaled(value, total: int, round_up: bool) -> int:
    if isinstance(value, int):
        return value
    text = str(value)
    if text.endswith("%"):
        v = int(text[:-1]) * total / 100
        return math.ceil(v) if round_up else math.floor(v)
    return int(text)


def template_equal(a: Obj, b: Obj) -> bool:
    """EqualIgnoreHash: templates equal once the pod-template-hash label is dropped."""
    a, b = clone(a), clone(b)
    for t in (a, b):
        labels = (t.get("metadata") or {}).get("labels") or {}
        labels.pop(HASH_LABEL, None)
        if "metadata" in t and not labels:
            t["metadata"].pop("labels", None)
    return a == b


def revision_of(rs: Obj) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def replicas_of(rs: Obj) -> int:
    return rs["spec"].get("replicas", 0)


class DeploymentController(Controller):
    name = "deployment"

    def setup(self) -> None:
        key = lambda o: f"{o['metadata']['namespace']}/{o['metadata']['name']}"
        self.watch("Deployment", lambda t, o, old: self.enqueue(key(o)))
        self.watch("ReplicaSet", lambda t, o, old: self.enqueue_owner(o, "Deployment"))
        self.watch("Pod", self._on_pod)

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        # Only a deleted pod matters to Recreate (wait for all old pods to go).
        if etype == "DELETED":
            ref = controller_ref(pod)
            if ref and ref.get("kind") == "ReplicaSet":
                rs = self.api.peek("replicasets", ref["name"], pod["metadata"]["namespace"])
                if rs is not None:
                    self.enqueue_owner(rs, "Deployment")

    # ------------------------------------------------------------------ sync
    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        d = self.api.try_get("deployments", name, ns)
        if d is None or is_deleting(d):
            return
        selector = selectors.from_label_selector(d["spec"].get("selector"))
        if selector.empty():
            self.recorder.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.",
                                  component="deployment-controller")
            return
        rss = self._claim_replicasets(d, selector)
        if d["spec"].get("paused"):
            self._sync_only(d, rss, create=False)
            return
        if self._is_scaling_event(d, rss):
            self._sync_only(d, rss, create=False)
            return
        strategy = (d["spec"].get("strategy") or {}).get("type", "RollingUpdate")
        new_rs, old_rss = self._new_and_old(d, rss, create=True)
        all_rss = ([new_rs] if new_rs else []) + old_rss
        if strategy == "Recreate":
            self._recreate(d, new_rs, old_rss)
        else:
            self._rolling(d, new_rs, old_rss)
        new_rs, old_rss = self._new_and_old(d, self._owned(d), create=False)
        if new_rs and self._complete(d, new_rs, old_rss):
            self._cleanup(d, old_rss)
        self._sync_status(d, new_rs, old_rss)

    def _owned(self, d: Obj) -> list[Obj]:
        uid = d["metadata"]["uid"]
        return [rs for rs in self.api.owned("replicasets", uid, copy=True)
                if (controller_ref(rs) or {}).get("uid") == uid]

    def _claim_replicasets(self, d: Obj, selector) -> list[Obj]:
        uid = d["metadata"]["uid"]
        ns = d["metadata"]["namespace"]
        out = []
        for rs in self.api.list("replicasets", ns):
            ref = controller_ref(rs)
            if ref is not None and ref["uid"] != uid:
                continue
            labels = rs["metadata"].get("labels") or {}
            if ref is None:
                if not selector.matches(labels) or is_deleting(rs):
                    continue
                rs = self.api.mutate("replicasets", rs["metadata"]["name"], ns,
                                     lambda o: o["metadata"].setdefault("ownerReferences", []).append(make_owner_ref(d)))
            elif not selector.matches(labels):
                def drop(o: Obj) -> None:
                    o["metadata"]["ownerReferences"] = [r for r in o["metadata"]["ownerReferences"] if r["uid"] != uid]
                    if not o["metadata"]["ownerReferences"]:
                        del o["metadata"]["ownerReferences"]
                self.api.mutate("replicasets", rs["metadata"]["name"], ns, drop)
                continue
            out.append(rs)
        return out

    def _new_and_old(self, d: Obj, rss: list[Obj], create: bool) -> tuple[Obj | None, list[Obj]]:
        rss = sorted(rss, key=lambda r: (parse_timestamp(r["metadata"]["creationTimestamp"]), r["metadata"]["name"]))
        new_rs = next((rs for rs in rss if template_equal(rs["spec"]["template"], d["spec"]["template"])), None)
        old = [rs for rs in rss if rs is not new_rs]
        max_old = max((revision_of(rs) for rs in old), default=0)
        new_revision = str(max_old + 1)
        if new_rs is not None:
            ann = new_rs["metadata"].get("annotations") or {}
            if create and (ann.get(REVISION) != new_revision and revision_of(new_rs) < max_old + 1
                           or self._annotations_differ(d, new_rs)):
                # An old template brought back (rollout undo) takes the next revision.
                def bump(o: Obj) -> None:
                    a = o["metadata"].setdefault("annotations", {})
                    old_rev = a.get(REVISION)
                    if old_rev and int(old_rev) < max_old + 1:
                        history = [h for h in a.get(REVISION_HISTORY, "").split(",") if h] + [old_rev]
                        a[REVISION_HISTORY] = ",".join(history)
                        a[REVISION] = new_revision
                    self._copy_annotations(d, o)
                new_rs = self.api.mutate("replicasets", new_rs["metadata"]["name"], new_rs["metadata"]["namespace"], bump)
            if create:
                self._set_deployment_revision(d, new_rs)
            return new_rs, old
        if not create:
            return None, old
        new_rs = self._create_new_rs(d, old, new_revision)
        self._set_deployment_revision(d, new_rs)
        return new_rs, old

    def _annotations_differ(self, d: Obj, rs: Obj) -> bool:
        want = {k: v for k, v in (d["metadata"].get("annotations") or {}).items() if k not in _SKIP_ANNOTATIONS}
        have = rs["metadata"].get("annotations") or {}
        return any(have.get(k) != v for k, v in want.items())

    def _copy_annotations(self, d: Obj, rs: Obj) -> None:
        ann = rs["metadata"].setdefault("annotations", {})
        for k, v in (d["metadata"].get("annotations") or {}).items():
            if k not in _SKIP_ANNOTATIONS:
                ann[k] = v

    def _set_deployment_revision(self, d: Obj, rs: Obj) -> None:
        rev = (rs["metadata"].get("annotations") or {}).get(REVISION)
        if (d["metadata"].get("annotations") or {}).get(REVISION) != rev:
            def setrev(o: Obj) -> None:
                o["metadata"].setdefault("annotations", {})[REVISION] = rev
            updated = self.api.mutate("deployments", d["metadata"]["name"], d["metadata"]["namespace"], setrev)
            d["metadata"] = updated["metadata"]

    def _create_new_rs(self, d: Obj, old: list[Obj], revision: str) -> Obj:
        collision = (d.get("status") or {}).get("collisionCount")
        template = clone(d["spec"]["template"])
        pth = compute_hash(template, collision)
        template.setdefault("metadata", {}).setdefault("labels", {})[HASH_LABEL] = pth
        selector = clone(d["spec"]["selector"])
        selector.setdefault("matchLabels", {})[HASH_LABEL] = pth
        replicas = self._new_rs_replicas(d, old, None)
        surge, _ = resolve_fenceposts(d)
        annotations = {k: v for k, v in (d["metadata"].get("annotations") or {}).items() if k not in _SKIP_ANNOTATIONS}
        annotations[DESIRED] = str(d["spec"].get("replicas", 1))
        annotations[MAX_REPLICAS] = str(d["spec"].get("replicas", 1) + surge)
        annotations[REVISION] = revision
        rs = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": f"{d['metadata']['name']}-{pth}",
                "namespace": d["metadata"]["namespace"],
                "labels": dict(template["metadata"]["labels"]),
                "annotations": annotations,
                "ownerReferences": [make_owner_ref(d)],
            },
            "spec": {
                "replicas": 0,
                "minReadySeconds": d["spec"].get("minReadySeconds", 0),
                "selector": selector,
                "template": template,
            },
        }
        created = self.api.create(rs)
        if replicas:
            created = self._scale_rs(d, created, replicas)
        self._set_progressing(d, "True", "NewReplicaSetCreated", f'Created new replica set "{created["metadata"]["name"]}"')
        return created

    # --------------------------------------------------------------- scaling
    def _scale_rs(self, d: Obj, rs: Obj, replicas: int) -> Obj:
        old = replicas_of(rs)
        surge, _ = resolve_fenceposts(d)
        want_ann = {DESIRED: str(d["spec"].get("replicas", 1)), MAX_REPLICAS: str(d["spec"].get("replicas", 1) + surge)}
        ann = rs["metadata"].get("annotations") or {}
        if old == replicas and all(ann.get(k) == v for k, v in want_ann.items()):
            return rs

        def scale(o: Obj) -> None:
            o["spec"]["replicas"] = replicas
            o["metadata"].setdefault("annotations", {}).update(want_ann)
        updated = self.api.mutate("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"], scale)
        if old != replicas:
            verb = "up" if replicas > old else "down"
            self.recorder.normal(d, "ScalingReplicaSet", f"Scaled {verb} replica set {rs['metadata']['name']} from {old} to {replicas}",
                                 component="deployment-controller")
        return updated

    def _new_rs_replicas(self, d: Obj, old: list[Obj], new_rs: Obj | None) -> int:
        """NewRSNewReplicas for RollingUpdate: grow the new ReplicaSet as far as
        maxSurge allows.  Example: replicas 4, surge 1, old RS at 4, new at 0 →
        max total 5, current 4, so the new RS may grow by 1."""
        want = d["spec"].get("replicas", 1)
        strategy = (d["spec"].get("strategy") or {}).get("type", "RollingUpdate")
        current_new = replicas_of(new_rs) if new_rs else 0
        if strategy == "Recreate":
            return want
        surge, _ = resolve_fenceposts(d)
        current_total = sum(replicas_of(rs) for rs in old) + current_new
        max_total = want + surge
        if current_total >= max_total:
            return current_new
        return current_new + min(max_total - current_total, want - current_new)

    def _is_scaling_event(self, d: Obj, rss: list[Obj]) -> bool:
        """A scale (not a template change): some active RS's desired-replicas
        annotation differs from spec.replicas."""
        new_rs, old = self._new_and_old(d, rss, create=False)
        if new_rs is None:
            return False
        want = str(d["spec"].get("replicas", 1))
        for rs in [new_rs] + old:
            if replicas_of(rs) > 0 and (rs["metadata"].get("annotations") or {}).get(DESIRED) not in (None, want):
                return True
        return False

    def _sync_only(self, d: Obj, rss: list[Obj], create: bool) -> None:
        new_rs, old = self._new_and_old(d, rss, create=create)
        self._scale(d, new_rs, old)
        new_rs, old = self._new_and_old(d, self._owned(d), create=False)
        self._sync_status(d, new_rs, old)

    def _scale(self, d: Obj, new_rs: Obj | None, old: list[Obj]) -> None:
        """Proportional scaling (sync.go scale): put the change where the pods are."""
        want = d["spec"].get("replicas", 1)
        active = [rs for rs in ([new_rs] if new_rs else []) + old if replicas_of(rs) > 0]
        if len(active) <= 1:
            target = active[0] if active else new_rs
            if target is not None:
                self._scale_rs(d, target, want)
            return
        if new_rs is not None and replicas_of(new_rs) == want and all(replicas_of(rs) == 0 for rs in old):
            return
        surge, _ = resolve_fenceposts(d)
        allowed = want + surge if want > 0 else 0
        total = sum(replicas_of(rs) for rs in active)
        to_add = allowed - total
        # Larger sets first (newer first on ties) when growing; smaller/older first when shrinking.
        created = lambda r: parse_timestamp(r["metadata"]["creationTimestamp"])
        if to_add > 0:
            active.sort(key=lambda r: (-replicas_of(r), -created(r)))
        else:
            active.sort(key=lambda r: (-replicas_of(r), created(r)))
        sizes, added = {}, 0
        for rs in active:
            if to_add == 0:
                sizes[rs["metadata"]["name"]] = replicas_of(rs)
                continue
            fraction = self._fraction(d, rs, surge)
            room = to_add - added
            share = min(fraction, room) if to_add > 0 else max(fraction, room)
            sizes[rs["metadata"]["name"]] = replicas_of(rs) + share
            added += share
        if to_add and active:
            first = active[0]["metadata"]["name"]
            sizes[first] = max(0, sizes[first] + to_add - added)
        for rs in active:
            self._scale_rs(d, rs, sizes[rs["metadata"]["name"]])

    @staticmethod
    def _fraction(d: Obj, rs: Obj, surge: int) -> int:
        """getReplicaSetFraction: this set's share of the new size, from the size
        the deployment had when the set was last scaled (max-replicas annotation).
        Example: sets of 6 and 4 at max-replicas 10, scaled to 20 → 12 and 8."""
        want = d["spec"].get("replicas", 1)
        if want == 0:
            return -replicas_of(rs)
        try:
            annotated = int((rs["metadata"].get("annotations") or {}).get(MAX_REPLICAS, ""))
        except ValueError:
            annotated = (d.get("status") or {}).get("replicas", 0)
        if not annotated:
            return 0
        return int(math.floor(replicas_of(rs) * (want + surge) / annotated + 0.5)) - replicas_of(rs)

    # -------------------------------------------------------------- strategies
    def _rolling(self, d: Obj, new_rs: Obj, old: list[Obj]) -> None:
        """One step of a rolling update (rolling.go rolloutRolling)."""
        want = d["spec"].get("replicas", 1)
        if replicas_of(new_rs) > want:
            self._scale_rs(d, new_rs, want)
            return
        grown = self._new_rs_replicas(d, old, new_rs)
        if grown != replicas_of(new_rs):
            self._scale_rs(d, new_rs, grown)
            return
        self._reconcile_old(d, new_rs, old)

    def _reconcile_old(self, d: Obj, new_rs: Obj, old: list[Obj]) -> None:
        """Scale old ReplicaSets down as far as maxUnavailable allows.
        Example: replicas 4, maxUnavailable 1 → at least 3 available; with 4 old
        available and the new RS at 1 unavailable: all=5, 5-3-1 = 1 may go."""
        old_count = sum(replicas_of(rs) for rs in old)
        if old_count == 0:
            return
        want = d["spec"].get("replicas", 1)
        _, unavailable = resolve_fenceposts(d)
        all_count = old_count + replicas_of(new_rs)
        min_available = want - unavailable
        new_unavailable = replicas_of(new_rs) - (new_rs.get("status") or {}).get("availableReplicas", 0)
        max_down = all_count - min_available - new_unavailable
        if max_down <= 0:
            return
        # First remove old pods that are not available anyway.
        old_sorted = sorted(old, key=lambda r: (parse_timestamp(r["metadata"]["creationTimestamp"]), r["metadata"]["name"]))
        cleaned = 0
        for rs in old_sorted:
            if cleaned >= max_down:
                break
            unhealthy = replicas_of(rs) - (rs.get("status") or {}).get("availableReplicas", 0)
            if replicas_of(rs) == 0 or unhealthy <= 0:
                continue
            down = min(max_down - cleaned, unhealthy)
            self._scale_rs(d, rs, replicas_of(rs) - down)
            cleaned += down
        if cleaned:
            return
        available = sum((rs.get("status") or {}).get("availableReplicas", 0) for rs in old + [new_rs])
        total_down = available - min_available
        for rs in old_sorted:
            if total_down <= 0:
                break
            if replicas_of(rs) == 0:
                continue
            down = min(replicas_of(rs), total_down)
            self._scale_rs(d, rs, replicas_of(rs) - down)
            total_down -= down

    def _recreate(self, d: Obj, new_rs: Obj, old: list[Obj]) -> None:
        """Recreate: scale every old RS to 0, wait for their pods to be gone, then scale up."""
        active_old = [rs for rs in old if replicas_of(rs) > 0]
        for rs in active_old:
            self._scale_rs(d, rs, 0)
        if active_old:
            return
        for rs in old:
            if any(is_active(p) or p["metadata"].get("deletionTimestamp") for p in self.api.owned("pods", rs["metadata"]["uid"])):
                return
        if replicas_of(new_rs) != d["spec"].get("replicas", 1):
            self._scale_rs(d, new_rs, d["spec"].get("replicas", 1))

    def _complete(self, d: Obj, new_rs: Obj, old: list[Obj]) -> bool:
        want = d["spec"].get("replicas", 1)
        st = new_rs.get("status") or {}
        return (replicas_of(new_rs) == want and st.get("availableReplicas", 0) == want
                and all(replicas_of(rs) == 0 for rs in old))

    def _cleanup(self, d: Obj, old: list[Obj]) -> None:
        """Delete old ReplicaSets beyond revisionHistoryLimit, oldest first."""
        limit = d["spec"].get("revisionHistoryLimit", 10)
        dead = [rs for rs in old if replicas_of(rs) == 0 and (rs.get("status") or {}).get("replicas", 0) == 0
                and not is_deleting(rs)]
        excess = len(dead) - limit
        if excess <= 0:
            return
        dead.sort(key=lambda r: (revision_of(r), parse_timestamp(r["metadata"]["creationTimestamp"])))
        for rs in dead[:excess]:
            self.api.delete("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"])

    # ----------------------------------------------------------------- status
    def _set_progressing(self, d: Obj, status: str, reason: str, message: str) -> None:
        d.setdefault("status", {})
        _set_condition(d["status"], "Progressing", status, reason, message, self.clock.timestamp())

    def _sync_status(self, d: Obj, new_rs: Obj | None, old: list[Obj]) -> None:
        fresh = self.api.get("deployments", d["metadata"]["name"], d["metadata"]["namespace"])
        prev_status = fresh.get("status") or {}
        # carry the Progressing condition we may have set during this sync
        status = compute_status(fresh, new_rs, old, prev=d.get("status") or prev_status,
                                now=self.clock.timestamp(), now_s=self.clock.now)
        if status != prev_status:
            fresh["status"] = status
            self.api.update_status(fresh)
        if fresh["spec"].get("progressDeadlineSeconds") and not fresh["spec"].get("paused"):
            cond = find_condition(fresh, "Progressing")
            if cond and cond["reason"] not in ("NewReplicaSetAvailable", "ProgressDeadlineExceeded"):
                due = parse_timestamp(cond["lastUpdateTime"]) + fresh["spec"]["progressDeadlineSeconds"] - self.clock.now
                if due > 0:
                    self.enqueue_after(f"{fresh['metadata']['namespace']}/{fresh['metadata']['name']}", due + 1)


def _set_condition(status: Obj, ctype: str, value: str, reason: str, message: str, now: str) -> None:
    conds = status.setdefault("conditions", [])
    for c in conds:
        if c["type"] == ctype:
            if c["status"] != value:
                c["lastTransitionTime"] = now
            if c["status"] != value or c["reason"] != reason or c["message"] != message:
                c["lastUpdateTime"] = now
            c.update(status=value, reason=reason, message=message)
            return
    conds.append({"type": ctype, "status": value, "lastUpdateTime": now, "lastTransitionTime": now,
                  "reason": reason, "message": message})


def compute_status(d: Obj, new_rs: Obj | None, old: list[Obj], prev: Obj, now: str, now_s: float) -> Obj:
    """calculateStatus + the Available/Progressing conditions (progress.go)."""
    all_rss = ([new_rs] if new_rs else []) + old
    want = d["spec"].get("replicas", 1)
    _, max_unavailable = resolve_fenceposts(d)
    def total(field: str) -> int:
        return sum((rs.get("status") or {}).get(field, 0) for rs in all_rss)
    available = total("availableReplicas")
    status: Obj = {"observedGeneration": d["metadata"].get("generation", 1)}
    replicas = total("replicas")
    updated = (new_rs.get("status") or {}).get("replicas", 0) if new_rs else 0
    ready = total("readyReplicas")
    unavailable = max(0, total("replicas") - available) if False else max(0, sum(replicas_of(rs) for rs in all_rss) - available)
    for key, value in (("replicas", replicas), ("updatedReplicas", updated), ("readyReplicas", ready),
                       ("availableReplicas", available), ("unavailableReplicas", unavailable)):
        if value:
            status[key] = value
    if prev.get("collisionCount") is not None:
        status["collisionCount"] = prev["collisionCount"]
    conds = [dict(c) for c in prev.get("conditions") or []]
    status["conditions"] = conds
    if available >= want - max_unavailable:
        _set_condition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
    else:
        _set_condition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now)
    if new_rs is not None and not d["spec"].get("paused"):
        name = new_rs["metadata"]["name"]
        complete = (updated == want and replicas == want and available == want
                    and (new_rs.get("status") or {}).get("availableReplicas", 0) == want)
        cur = next((c for c in conds if c["type"] == "Progressing"), None)
        if complete:
            _set_condition(status, "Progressing", "True", "NewReplicaSetAvailable", f'ReplicaSet "{name}" has successfully progressed.', now)
        elif _progressing(d, prev, new_rs, old):
            _set_condition(status, "Progressing", "True", "ReplicaSetUpdated", f'ReplicaSet "{name}" is progressing.', now)
        elif cur and cur["reason"] != "ProgressDeadlineExceeded" and d["spec"].get("progressDeadlineSeconds") is not None:
            if parse_timestamp(cur["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] <= now_s:
                _set_condition(status, "Progressing", "False", "ProgressDeadlineExceeded", f'ReplicaSet "{name}" has timed out progressing.', now)
        if cur is None and not any(c["type"] == "Progressing" for c in conds):
            _set_condition(status, "Progressing", "True", "ReplicaSetUpdated", f'ReplicaSet "{name}" is progressing.', now)
    # Kubernetes lists Available before Progressing.
    order = {"Available": 0, "Progressing": 1, "ReplicaFailure": 2}
    status["conditions"] = sorted(conds, key=lambda c: order.get(c["type"], 9))
    return status


def _progressing(d: Obj, prev: Obj, new_rs: Obj, old: list[Obj]) -> bool:
    """DeploymentProgressing: more updated, ready or available pods than last seen, or fewer old ones."""
    st = new_rs.get("status") or {}
    old_replicas = sum((rs.get("status") or {}).get("replicas", 0) for rs in old)
    prev_old = prev.get("replicas", 0) - prev.get("updatedReplicas", 0)
    return (st.get("replicas", 0) > prev.get("updatedReplicas", 0)
            or old_replicas < prev_old
            or (st.get("readyReplicas", 0) + sum((rs.get("status") or {}).get("readyReplicas", 0) for rs in old)) > prev.get("readyReplicas", 0)
            or (st.get("availableReplicas", 0) + sum((rs.get("status") or {}).get("availableReplicas", 0) for rs in old)) > prev.get("availableReplicas", 0))
