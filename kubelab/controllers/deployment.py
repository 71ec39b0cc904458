"""The Deployment controller (pkg/controller/deployment: sync.go, rolling.go,
recreate.go, progress.go).  One step per sync, so a rollout can be watched."""
from __future__ import annotations

import json
import math

from ..api import selectors
from ..api.deployments import HASH_LABEL, REVISION, by_creation, revision_of, template_equal
from ..api.meta import Obj, clone, controller_ref, find_condition, is_deleting, make_owner_ref
from ..clock import parse_timestamp
from .base import Controller, split_key

REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE = "kubernetes.io/change-cause"
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


def replicas_of(rs: Obj) -> int:
    return rs["spec"].get("replicas", 0)


def active(rss: list[Obj]) -> list[Obj]:
    """FilterActiveReplicaSets: the ones that still want pods."""
    return [rs for rs in rss if replicas_of(rs) > 0]


def _by_creation(rss: list[Obj]) -> list[Obj]:
    return by_creation(rss, parse_timestamp)


def has_progress_deadline(d: Obj) -> bool:
    pds = d["spec"].get("progressDeadlineSeconds")
    return pds is not None and pds != 2**31 - 1


def is_complete(d: Obj, status: Obj) -> bool:
    """DeploymentComplete: every replica updated and available, nothing old left."""
    want = d["spec"].get("replicas", 1)
    return (status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want
            and status.get("availableReplicas", 0) == want
            and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 1))


def is_progressing(d: Obj, new: Obj) -> bool:
    """DeploymentProgressing: more updated, ready or available pods than the
    last status said, or fewer old ones."""
    old = d.get("status") or {}
    return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0)
            or new.get("replicas", 0) - new.get("updatedReplicas", 0) < old.get("replicas", 0) - old.get("updatedReplicas", 0)
            or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
            or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))


class DeploymentController(Controller):
    name = "deployment"

    def setup(self) -> None:
        key = lambda o: f"{o['metadata']['namespace']}/{o['metadata']['name']}"
        self.watch("Deployment", lambda t, o, old: self.enqueue(key(o)))
        self.watch("ReplicaSet", self._on_rs)
        self.watch("Pod", self._on_pod, etypes=("DELETED",), owners=("ReplicaSet",))

    def _on_rs(self, etype: str, rs: Obj, old: Obj | None) -> None:
        ref = controller_ref(rs)
        if ref is not None:
            self.enqueue_owner(rs, "Deployment")
        elif etype != "DELETED":
            # An orphan ReplicaSet: a Deployment whose selector matches may adopt it.
            ns = rs["metadata"]["namespace"]
            for d in self.api.list("deployments", ns, copy=False):
                if selectors.from_label_selector(d["spec"].get("selector")).matches(rs["metadata"].get("labels") or {}):
                    self.enqueue(f"{ns}/{d['metadata']['name']}")

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        # Only a deleted pod matters (Recreate waits for all old pods to go).
        if etype == "DELETED":
            ref = controller_ref(pod)
            if ref and ref.get("kind") == "ReplicaSet":
                rs = self.api.peek("replicasets", ref["name"], pod["metadata"]["namespace"])
                if rs is not None:
                    self.enqueue_owner(rs, "Deployment")

    def _event(self, d: Obj, reason: str, message: str) -> None:
        self.recorder.normal(d, reason, message, component="deployment-controller")

    # ------------------------------------------------------------------ sync
    def sync(self, key: str) -> None:
        """syncDeployment: paused and scaling events only resize; otherwise one
        step of the strategy, then the status."""
        ns, name = split_key(key)
        d = self.api.try_get("deployments", name, ns)
        if d is None or is_deleting(d):
            return
        selector = selectors.from_label_selector(d["spec"].get("selector"))
        if selector.empty():
            self.recorder.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.",
                                  component="deployment-controller")
            if d["metadata"].get("generation", 1) > (d.get("status") or {}).get("observedGeneration", 0):
                d.setdefault("status", {})["observedGeneration"] = d["metadata"].get("generation", 1)
                self.api.update_status(d)
            return
        rss = self._claim_replicasets(d, selector)
        d = self._check_paused_conditions(d)
        if d["spec"].get("paused") or self._is_scaling_event(d, rss):
            self._sync_only(d, rss)
            return
        if (d["spec"].get("strategy") or {}).get("type", "RollingUpdate") == "Recreate":
            self._recreate(d, rss)
        else:
            self._rolling(d, rss)

    def _owned(self, d: Obj) -> list[Obj]:
        uid = d["metadata"]["uid"]
        return [rs for rs in self.api.owned("replicasets", uid, copy=True)
                if (controller_ref(rs) or {}).get("uid") == uid]

    def _claim_replicasets(self, d: Obj, selector) -> list[Obj]:
        """ClaimReplicaSets: keep owned sets that match, release those that no
        longer match, adopt matching orphans."""
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

    def _check_paused_conditions(self, d: Obj) -> Obj:
        """checkPausedConditions: Progressing=Unknown while paused, and again
        (DeploymentResumed) when resumed."""
        if not has_progress_deadline(d):
            return d
        cond = find_condition(d, "Progressing")
        if cond and cond["reason"] == "ProgressDeadlineExceeded":
            return d
        paused = bool(d["spec"].get("paused"))
        was_paused = bool(cond and cond["reason"] == "DeploymentPaused")
        if paused and not was_paused:
            reason, msg = "DeploymentPaused", "Deployment is paused"
        elif not paused and was_paused:
            reason, msg = "DeploymentResumed", "Deployment is resumed"
        else:
            return d
        status = d.setdefault("status", {})
        _set_condition(status, "Progressing", "Unknown", reason, msg, self.clock.timestamp(), replace=False)
        return self.api.update_status(d)

    # ------------------------------------------------------- revisions, new RS
    def _all_and_sync_revision(self, d: Obj, rss: list[Obj], create: bool) -> tuple[Obj | None, list[Obj], Obj]:
        """getAllReplicaSetsAndSyncRevision: (new RS or None, old RSs, deployment).
        The new RS is the oldest one whose template equals the Deployment's."""
        rss = _by_creation(rss)
        new_rs = next((rs for rs in rss if template_equal(rs["spec"]["template"], d["spec"]["template"])), None)
        old = [rs for rs in rss if rs is not new_rs]
        new_revision = str(max((revision_of(rs) for rs in old), default=0) + 1)
        if new_rs is not None:
            want = clone(new_rs)
            self._set_new_rs_annotations(d, want, new_revision, exists=True)
            if want["metadata"].get("annotations") != new_rs["metadata"].get("annotations"):
                # An old template brought back (rollout undo) takes the next revision.
                new_rs = self.api.mutate("replicasets", new_rs["metadata"]["name"], new_rs["metadata"]["namespace"],
                                         lambda o: o["metadata"].update(annotations=want["metadata"]["annotations"]))
            d = self._set_deployment_revision(d, revision_of(new_rs), found=True, rs_name=new_rs["metadata"]["name"])
            return new_rs, old, d
        if not create:
            return None, old, d
        new_rs, d = self._create_new_rs(d, old, new_revision)
        return new_rs, old, d

    def _set_new_rs_annotations(self, d: Obj, rs: Obj, new_revision: str, exists: bool) -> None:
        """SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the
        revision to the newest, and remember the revisions it had before
        (revision-history) when an old set becomes new again."""
        ann = rs["metadata"].setdefault("annotations", {})
        for k, v in (d["metadata"].get("annotations") or {}).items():
            if k not in _SKIP_ANNOTATIONS:
                ann[k] = v
        old_rev = ann.get(REVISION)
        try:
            old_int = int(old_rev) if old_rev else 0
        except ValueError:
            return
        if old_int < int(new_revision):
            ann[REVISION] = new_revision
            if old_rev:
                history = [h for h in ann.get(REVISION_HISTORY, "").split(",") if h]
                ann[REVISION_HISTORY] = ",".join(history + [old_rev])
        if not exists:
            replicas = d["spec"].get("replicas", 1)
            ann[DESIRED] = str(replicas)
            ann[MAX_REPLICAS] = str(replicas + resolve_fenceposts(d)[0])

    def _set_deployment_revision(self, d: Obj, revision: int, found: bool, rs_name: str = "") -> Obj:
        rev = str(revision)
        changed = (d["metadata"].get("annotations") or {}).get(REVISION) != rev
        if changed:
            def setrev(o: Obj) -> None:
                o["metadata"].setdefault("annotations", {})[REVISION] = rev
            d = self.api.mutate("deployments", d["metadata"]["name"], d["metadata"]["namespace"], setrev)
        if found and has_progress_deadline(d) and find_condition(d, "Progressing") is None:
            _set_condition(d.setdefault("status", {}), "Progressing", "True", "FoundNewReplicaSet",
                           f'Found new replica set "{rs_name}"', self.clock.timestamp())
            d = self.api.update_status(d)
        return d

    def _create_new_rs(self, d: Obj, old: list[Obj], revision: str) -> tuple[Obj, Obj]:
        """Create the ReplicaSet for the current template, already at the size
        the strategy allows (NewRSNewReplicas), named <deployment>-<hash>."""
        collision = (d.get("status") or {}).get("collisionCount")
        template = clone(d["spec"]["template"])
        pth = compute_hash(template, collision)
        template.setdefault("metadata", {}).setdefault("labels", {})[HASH_LABEL] = pth
        selector = clone(d["spec"]["selector"])
        selector.setdefault("matchLabels", {})[HASH_LABEL] = pth
        rs = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": f"{d['metadata']['name']}-{pth}",
                "namespace": d["metadata"]["namespace"],
                "labels": dict(template["metadata"]["labels"]),
                "annotations": {},
                "ownerReferences": [make_owner_ref(d)],
            },
            "spec": {"replicas": 0, "minReadySeconds": d["spec"].get("minReadySeconds", 0),
                     "selector": selector, "template": template},
        }
        self._set_new_rs_annotations(d, rs, revision, exists=False)
        replicas = new_rs_replicas(d, old + [rs], rs)
        rs["spec"]["replicas"] = replicas
        created = self.api.create(rs)
        if replicas > 0:
            self._event(d, "ScalingReplicaSet", f"Scaled up replica set {created['metadata']['name']} from 0 to {replicas}")
        d = self._set_deployment_revision(d, int(revision), found=False)
        if has_progress_deadline(d):
            _set_condition(d.setdefault("status", {}), "Progressing", "True", "NewReplicaSetCreated",
                           f'Created new replica set "{created["metadata"]["name"]}"', self.clock.timestamp(), replace=False)
            d = self.api.update_status(d)
        return created, d

    # --------------------------------------------------------------- scaling
    def _scale_rs(self, d: Obj, rs: Obj, replicas: int) -> Obj:
        """scaleReplicaSetAndRecordEvent: write size and the desired/max
        annotations; an event only when the size changes."""
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
            self._event(d, "ScalingReplicaSet", f"Scaled {verb} replica set {rs['metadata']['name']} from {old} to {replicas}")
        return updated

    def _is_scaling_event(self, d: Obj, rss: list[Obj]) -> bool:
        """isScalingEvent: an active set's desired-replicas annotation differs
        from spec.replicas, so the user scaled rather than changed the template."""
        want = str(d["spec"].get("replicas", 1))
        new_rs, old, _ = self._all_and_sync_revision(d, rss, create=False)
        for rs in active(([new_rs] if new_rs else []) + old):
            desired = (rs["metadata"].get("annotations") or {}).get(DESIRED)
            if desired is not None and desired != want:
                return True
        return False

    def _sync_only(self, d: Obj, rss: list[Obj]) -> None:
        """sync: resize (proportionally) without rolling; clean up when paused."""
        new_rs, old, d = self._all_and_sync_revision(d, rss, create=False)
        self._scale(d, new_rs, old)
        new_rs, old, d = self._all_and_sync_revision(d, self._owned(d), create=False)
        if d["spec"].get("paused"):
            self._cleanup(d, old)
        self._write_status(d, calculate_status(d, new_rs, old, self.clock.timestamp()))

    def _scale(self, d: Obj, new_rs: Obj | None, old: list[Obj]) -> None:
        """scale (sync.go): with one active set (or none: the newest), give it
        everything; with several (a scale in the middle of a rollout), share the
        change out in proportion to each set's size, so the rollout keeps its shape."""
        want = d["spec"].get("replicas", 1)
        actives = active(([new_rs] if new_rs else []) + old)
        if new_rs is not None or old:
            if len(actives) <= 1:
                target = actives[0] if actives else (new_rs or _by_creation(old)[-1])
                if replicas_of(target) != want:
                    self._scale_rs(d, target, want)
                return
        else:
            return
        if new_rs is not None and is_saturated(d, new_rs):
            for rs in active(old):
                self._scale_rs(d, rs, 0)
            return
        if (d["spec"].get("strategy") or {}).get("type", "RollingUpdate") != "RollingUpdate":
            return
        surge, _ = resolve_fenceposts(d)
        allowed = want + surge if want > 0 else 0
        to_add = allowed - sum(replicas_of(rs) for rs in actives)
        if to_add == 0:
            return
        # ReplicaSetsBySizeNewer when growing, BySizeOlder when shrinking: the
        # biggest set first, ties broken by age; the first one takes the leftovers.
        key = lambda r: (parse_timestamp(r["metadata"]["creationTimestamp"]), r["metadata"]["name"])
        order = sorted(actives, key=key, reverse=to_add > 0)
        order.sort(key=lambda r: -replicas_of(r))
        sizes, added = {}, 0
        for rs in order:
            share = 0
            if to_add != added:
                room = to_add - added
                fraction = _fraction(d, rs, surge)
                share = min(fraction, room) if to_add > 0 else max(fraction, room)
            sizes[rs["metadata"]["name"]] = replicas_of(rs) + share
            added += share
        first = order[0]["metadata"]["name"]
        sizes[first] = max(0, sizes[first] + to_add - added)
        for rs in order:
            self._scale_rs(d, rs, sizes[rs["metadata"]["name"]])

    # -------------------------------------------------------------- strategies
    def _rolling(self, d: Obj, rss: list[Obj]) -> None:
        """rolloutRolling: scale the new set up within maxSurge, else the old
        ones down within maxUnavailable, else clean up — one step per sync."""
        new_rs, old, d = self._all_and_sync_revision(d, rss, create=True)
        all_rss = old + [new_rs]
        if self._reconcile_new(d, all_rss, new_rs) or self._reconcile_old(d, all_rss, active(old), new_rs):
            self._sync_rollout_status(d)
            return
        if is_complete(d, d.get("status") or {}):
            self._cleanup(d, old)
        self._sync_rollout_status(d)

    def _reconcile_new(self, d: Obj, all_rss: list[Obj], new_rs: Obj) -> bool:
        want = d["spec"].get("replicas", 1)
        if replicas_of(new_rs) == want:
            return False
        if replicas_of(new_rs) > want:
            self._scale_rs(d, new_rs, want)
            return True
        grown = new_rs_replicas(d, all_rss, new_rs)
        if grown == replicas_of(new_rs):
            return False
        self._scale_rs(d, new_rs, grown)
        return True

    def _reconcile_old(self, d: Obj, all_rss: list[Obj], old: list[Obj], new_rs: Obj) -> bool:
        """reconcileOldReplicaSets.  How many old pods may go: everything there
        is, minus what must stay available, minus new pods not available yet.
        Example: replicas 4, maxUnavailable 1 (min available 3); old 4 + new 1
        (not yet available) = 5 → 5 - 3 - 1 = 1 may go now."""
        old_count = sum(replicas_of(rs) for rs in old)
        if old_count == 0:
            return False
        want = d["spec"].get("replicas", 1)
        _, unavailable = resolve_fenceposts(d)
        min_available = want - unavailable
        new_unavailable = replicas_of(new_rs) - (new_rs.get("status") or {}).get("availableReplicas", 0)
        max_down = sum(replicas_of(rs) for rs in all_rss) - min_available - new_unavailable
        if max_down <= 0:
            return False
        # First the old pods that are not available anyway (cleanupUnhealthyReplicas) ...
        old = _by_creation(old)
        cleaned = 0
        for i, rs in enumerate(old):
            if cleaned >= max_down:
                break
            unhealthy = replicas_of(rs) - (rs.get("status") or {}).get("availableReplicas", 0)
            if replicas_of(rs) == 0 or unhealthy <= 0:
                continue
            down = min(max_down - cleaned, unhealthy)
            old[i] = self._scale_rs(d, rs, replicas_of(rs) - down)
            cleaned += down
        # ... then healthy ones, as far as availability allows (scaleDownOldReplicaSetsForRollingUpdate).
        available = sum((rs.get("status") or {}).get("availableReplicas", 0) for rs in old + [new_rs])
        total_down, scaled = available - min_available, 0
        for rs in old:
            if scaled >= total_down:
                break
            if replicas_of(rs) == 0:
                continue
            down = min(replicas_of(rs), total_down - scaled)
            self._scale_rs(d, rs, replicas_of(rs) - down)
            scaled += down
        return cleaned + max(scaled, 0) > 0

    def _recreate(self, d: Obj, rss: list[Obj]) -> None:
        """rolloutRecreate: old sets to 0, wait until none of their pods is left,
        only then create (or scale up) the new set."""
        new_rs, old, d = self._all_and_sync_revision(d, rss, create=False)
        scaled = False
        for rs in active(old):
            self._scale_rs(d, rs, 0)
            scaled = True
        if scaled or self._old_pods_running(new_rs, old):
            self._sync_rollout_status(d)
            return
        if new_rs is None:
            new_rs, old, d = self._all_and_sync_revision(d, rss, create=True)
        want = d["spec"].get("replicas", 1)
        if replicas_of(new_rs) != want:
            self._scale_rs(d, new_rs, want)
        if is_complete(d, d.get("status") or {}):
            self._cleanup(d, old)
        self._sync_rollout_status(d)

    def _old_pods_running(self, new_rs: Obj | None, old: list[Obj]) -> bool:
        if sum((rs.get("status") or {}).get("replicas", 0) for rs in old) > 0:
            return True
        for rs in old:
            for p in self.api.owned("pods", rs["metadata"]["uid"]):
                if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                    return True
        return False

    def _cleanup(self, d: Obj, old: list[Obj]) -> None:
        """cleanupDeployment: delete old ReplicaSets beyond revisionHistoryLimit,
        oldest revision first; only empty ones (no replicas, no pods)."""
        limit = d["spec"].get("revisionHistoryLimit", 10)
        dead = [rs for rs in old if not is_deleting(rs)]
        excess = len(dead) - limit
        if excess <= 0:
            return
        dead.sort(key=lambda r: (revision_of(r), parse_timestamp(r["metadata"]["creationTimestamp"])))
        for rs in dead[:excess]:
            st = rs.get("status") or {}
            if replicas_of(rs) != 0 or st.get("replicas", 0) != 0 or st.get("observedGeneration", 0) < rs["metadata"].get("generation", 1):
                continue
            self.api.delete("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"])

    # ----------------------------------------------------------------- status
    def _sync_rollout_status(self, d: Obj) -> None:
        """syncRolloutStatus: counts, Available, and the Progressing condition
        (progress.go) — progress resets the deadline, no progress for
        progressDeadlineSeconds sets Progressing=False/ProgressDeadlineExceeded."""
        d = self.api.get("deployments", d["metadata"]["name"], d["metadata"]["namespace"])
        new_rs, old, _ = self._all_and_sync_revision(d, self._owned(d), create=False)
        now = self.clock.timestamp()
        status = calculate_status(d, new_rs, old, now)
        if not has_progress_deadline(d):
            status["conditions"] = [c for c in status["conditions"] if c["type"] != "Progressing"]
        cur = find_condition(d, "Progressing")
        complete_before = status.get("replicas", 0) == status.get("updatedReplicas", 0) and cur is not None \
            and cur["reason"] == "NewReplicaSetAvailable"
        if has_progress_deadline(d) and not complete_before:
            if is_complete(d, status):
                _set_condition(status, "Progressing", "True", "NewReplicaSetAvailable",
                               f'ReplicaSet "{new_rs["metadata"]["name"]}" has successfully progressed.', now)
            elif is_progressing(d, status):
                msg = (f'ReplicaSet "{new_rs["metadata"]["name"]}" is progressing.' if new_rs
                       else f'Deployment "{d["metadata"]["name"]}" is progressing.')
                _set_condition(status, "Progressing", "True", "ReplicaSetUpdated", msg, now, replace=True)
            elif self._timed_out(d, status) and new_rs is not None:
                _set_condition(status, "Progressing", "False", "ProgressDeadlineExceeded",
                               f'ReplicaSet "{new_rs["metadata"]["name"]}" has timed out progressing.', now)
        # The sets' ReplicaFailure moves to the Deployment (getReplicaFailures: the new
        # set's first, else the others'), and goes when no set has one.
        failures = [c for rs in ([new_rs] if new_rs else []) for c in (rs.get("status") or {}).get("conditions") or ()
                    if c.get("type") == "ReplicaFailure"]
        failures = failures or [c for rs in [*old, *([new_rs] if new_rs else [])]
                                for c in (rs.get("status") or {}).get("conditions") or ()
                                if c.get("type") == "ReplicaFailure"]
        if failures:
            f = failures[0]
            _set_condition(status, "ReplicaFailure", f["status"], f.get("reason", ""), f.get("message", ""),
                           f.get("lastTransitionTime", now))
        elif any(c["type"] == "ReplicaFailure" for c in status["conditions"]):
            status["conditions"] = [c for c in status["conditions"] if c["type"] != "ReplicaFailure"]
        if status == (d.get("status") or {}):
            self._requeue_stuck(d, status)
            return
        self._write_status(d, status)

    def _timed_out(self, d: Obj, status: Obj) -> bool:
        cond = next((c for c in status.get("conditions", []) if c["type"] == "Progressing"), None)
        if cond is None or cond["reason"] == "NewReplicaSetAvailable":
            return False
        if cond["reason"] == "ProgressDeadlineExceeded":
            return True
        return parse_timestamp(cond["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] < self.clock.now

    def _requeue_stuck(self, d: Obj, status: Obj) -> None:
        """requeueStuckDeployment: look again when the deadline would pass."""
        cond = find_condition(d, "Progressing")
        if not has_progress_deadline(d) or cond is None or is_complete(d, status) or cond["reason"] == "ProgressDeadlineExceeded":
            return
        after = parse_timestamp(cond["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] - self.clock.now
        key = f"{d['metadata']['namespace']}/{d['metadata']['name']}"
        self.enqueue_after(key, max(after, 0) + 1)

    def _write_status(self, d: Obj, status: Obj) -> None:
        if status != (d.get("status") or {}):
            d["status"] = status
            self.api.update_status(d)


def new_rs_replicas(d: Obj, all_rss: list[Obj], new_rs: Obj) -> int:
    """NewRSNewReplicas: how big the new set may grow now.  RollingUpdate: up to
    spec.replicas + maxSurge pods in all.  Example: replicas 4, surge 1, old set
    at 4, new at 0 → room for 5 - 4 = 1.  Recreate: straight to spec.replicas."""
    want = d["spec"].get("replicas", 1)
    if (d["spec"].get("strategy") or {}).get("type", "RollingUpdate") == "Recreate":
        return want
    surge, _ = resolve_fenceposts(d)
    current = sum(replicas_of(rs) for rs in all_rss)
    max_total = want + surge
    if current >= max_total:
        return replicas_of(new_rs)
    return replicas_of(new_rs) + min(max_total - current, want - replicas_of(new_rs))


def is_saturated(d: Obj, rs: Obj) -> bool:
    """IsSaturated: the new set has all the pods the Deployment wants, all available."""
    want = d["spec"].get("replicas", 1)
    desired = (rs["metadata"].get("annotations") or {}).get(DESIRED)
    return (replicas_of(rs) == want and desired == str(want)
            and (rs.get("status") or {}).get("availableReplicas", 0) == want)


def _fraction(d: Obj, rs: Obj, surge: int) -> int:
    """getReplicaSetFraction: this set's share of the change, from the size the
    Deployment had when the set was last scaled (the max-replicas annotation).
    Example: sets of 6 and 4 at max-replicas 10, scaled to 20 → 12 and 8."""
    want = d["spec"].get("replicas", 1)
    if want == 0:
        return -replicas_of(rs)
    allowed = want + surge
    try:
        annotated = int((rs["metadata"].get("annotations") or {}).get(MAX_REPLICAS, ""))
    except ValueError:
        annotated = (d.get("status") or {}).get("replicas", 0)
    if not annotated:
        return 0
    return int(math.floor(replicas_of(rs) * allowed / annotated + 0.5)) - replicas_of(rs)


def _set_condition(status: Obj, ctype: str, value: str, reason: str, message: str, now: str,
                   replace: bool = False) -> None:
    """SetDeploymentCondition: nothing changes when status and reason are the
    same (unless ``replace``, as progress does to move lastUpdateTime); the
    transition time is kept while the status stays.  The condition goes last."""
    conds = status.setdefault("conditions", [])
    cur = next((c for c in conds if c["type"] == ctype), None)
    if cur is not None and cur["status"] == value and cur["reason"] == reason and not replace:
        return
    new = {"type": ctype, "status": value, "lastUpdateTime": now, "lastTransitionTime": now,
           "reason": reason, "message": message}
    if cur is not None and cur["status"] == value:
        new["lastTransitionTime"] = cur["lastTransitionTime"]
    status["conditions"] = [c for c in conds if c["type"] != ctype] + [new]


def calculate_status(d: Obj, new_rs: Obj | None, old: list[Obj], now: str) -> Obj:
    """calculateStatus (sync.go): counts summed over the sets, and Available."""
    all_rss = ([new_rs] if new_rs else []) + old
    want = d["spec"].get("replicas", 1)
    _, max_unavailable = resolve_fenceposts(d)

    def total(field: str, sets: list[Obj] = all_rss) -> int:
        return sum((rs.get("status") or {}).get(field, 0) for rs in sets)
    available = total("availableReplicas")
    prev = d.get("status") or {}
    status: Obj = {"observedGeneration": d["metadata"].get("generation", 1)}
    # omitempty: zero counts are not serialised.
    for key, value in (("replicas", total("replicas")), ("updatedReplicas", total("replicas", [new_rs] if new_rs else [])),
                       ("readyReplicas", total("readyReplicas")), ("availableReplicas", available),
                       ("unavailableReplicas", max(0, sum(replicas_of(rs) for rs in all_rss) - available))):
        if value:
            status[key] = value
    if prev.get("collisionCount") is not None:
        status["collisionCount"] = prev["collisionCount"]
    status["conditions"] = [dict(c) for c in prev.get("conditions") or []]
    if available >= want - max_unavailable:
        _set_condition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
    else:
        _set_condition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now)
    return status
