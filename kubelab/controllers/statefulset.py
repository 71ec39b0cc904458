"""The StatefulSet controller (pkg/controller/statefulset: stateful_set.go,
stateful_set_control.go, stateful_set_utils.go, stateful_pod_control.go).

A StatefulSet keeps ``replicas`` pods with stable names ``<set>-0 … <set>-(n-1)``,
each with its own claims ``<template>-<set>-<ordinal>`` made from
``volumeClaimTemplates`` (the PV binder and provisioner then bind them) and a
stable DNS name through the headless Service ``serviceName``
(``hostname: web-0``, ``subdomain: nginx``).

One sync, as ``updateStatefulSet`` does:

1. the current and update ControllerRevisions (the pod template as it was when
   the rollout began, and as it is now);
2. pods split into *replicas* (ordinal < replicas, missing ones made fresh) and
   *condemned* (ordinal ≥ replicas), the condemned in descending ordinal;
3. each replica in ordinal order: a failed pod is deleted (and made again next
   sync), a missing one created with its claims.  With ``podManagementPolicy:
   OrderedReady`` (*monotonic*) the sync stops at the first pod it created or
   that is not Running and Ready: ``web-1`` waits for ``web-0``;
   ``Parallel`` goes on;
4. condemned pods deleted, highest ordinal first, one at a time when monotonic;
5. the rolling update: the highest ordinal ≥ ``partition`` whose revision is not
   the update revision is deleted (step 3 makes it again at the new revision),
   one pod per sync, waiting for each to be Running and Ready.
"""
from __future__ import annotations

import re

from ..api import errors, selectors
from ..api.meta import Obj, clone, controller_ref, is_deleting, labels_of, make_owner_ref
from ..clock import parse_timestamp
from . import history
from .base import Controller, split_key
from .pods import claim_pods, is_pod_available, is_pod_ready, make_pod

REVISION_LABEL = "controller-revision-hash"              # apps.ControllerRevisionHashLabelKey
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"     # apps.StatefulSetPodNameLabel
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"          # apps.PodIndexLabel (PodIndexLabel, on in v1.32)
_ORDINAL = re.compile(r"(.*)-([0-9]+)$")                   # statefulPodRegex


# ----------------------------------------------------------------- identity
def parent_and_ordinal(pod: Obj) -> tuple[str, int]:
    """getParentNameAndOrdinal: ``web-12`` → ("web", 12); no ordinal → ("", -1)."""
    m = _ORDINAL.match(pod["metadata"]["name"])
    if not m:
        return "", -1
    return m.group(1), int(m.group(2))


def ordinal_of(pod: Obj) -> int:
    return parent_and_ordinal(pod)[1]


def is_member_of(sts: Obj, pod: Obj) -> bool:
    return parent_and_ordinal(pod)[0] == sts["metadata"]["name"]


def start_ordinal(sts: Obj) -> int:
    """spec.ordinals.start (StatefulSetStartOrdinal, GA in v1.31)."""
    return int(((sts["spec"].get("ordinals") or {}).get("start")) or 0)


def claim_name(template: Obj, sts: Obj, ordinal: int) -> str:
    """``www-web-0``: the claim template's name, the set's name, the ordinal."""
    return f"{template['metadata']['name']}-{sts['metadata']['name']}-{ordinal}"


def make_claims(sts: Obj, ordinal: int) -> dict[str, Obj]:
    """getPersistentVolumeClaims: one claim per template, labelled with the
    selector's matchLabels, keyed by the template (volume) name."""
    out: dict[str, Obj] = {}
    match = (sts["spec"].get("selector") or {}).get("matchLabels") or {}
    for tmpl in sts["spec"].get("volumeClaimTemplates") or []:
        claim = clone(tmpl)
        claim.pop("status", None)
        md = claim.setdefault("metadata", {})
        md["name"] = claim_name(tmpl, sts, ordinal)
        md["namespace"] = sts["metadata"]["namespace"]
        if match:
            md["labels"] = {**(md.get("labels") or {}), **match}
        claim["apiVersion"], claim["kind"] = "v1", "PersistentVolumeClaim"
        out[tmpl["metadata"]["name"]] = claim
    return out


def update_storage(sts: Obj, pod: Obj, ordinal: int) -> None:
    """updateStorage: a volume per claim template (replacing a template volume
    of the same name), then the pod template's other volumes."""
    claims = make_claims(sts, ordinal)
    volumes = [{"name": vname, "persistentVolumeClaim": {"claimName": c["metadata"]["name"]}}
               for vname, c in claims.items()]
    volumes += [v for v in pod["spec"].get("volumes") or [] if v.get("name") not in claims]
    if volumes:
        pod["spec"]["volumes"] = volumes


def new_pod(sts: Obj, ordinal: int, revision: str) -> Obj:
    """newStatefulSetPod + initIdentity + setPodRevision."""
    pod = make_pod(sts["spec"]["template"], sts)
    name = f"{sts['metadata']['name']}-{ordinal}"
    pod["metadata"]["name"] = name
    labels = pod["metadata"].setdefault("labels", {})
    labels[POD_NAME_LABEL] = name
    labels[POD_INDEX_LABEL] = str(ordinal)
    labels[REVISION_LABEL] = revision
    pod["spec"]["hostname"] = name
    if sts["spec"].get("serviceName"):
        pod["spec"]["subdomain"] = sts["spec"]["serviceName"]
    update_storage(sts, pod, ordinal)
    return pod


def pod_revision(pod: Obj) -> str:
    return labels_of(pod).get(REVISION_LABEL, "")


# ------------------------------------------------------------------ health
def is_created(pod: Obj) -> bool:
    return bool((pod.get("status") or {}).get("phase"))


def is_running_and_ready(pod: Obj) -> bool:
    return (pod.get("status") or {}).get("phase") == "Running" and is_pod_ready(pod)


def is_running_and_available(pod: Obj, min_ready: int, now: float) -> bool:
    return is_running_and_ready(pod) and is_pod_available(pod, min_ready, now, parse_timestamp)


def is_unavailable(pod: Obj, min_ready: int, now: float) -> bool:
    return not is_created(pod) or is_deleting(pod) or not is_running_and_available(pod, min_ready, now)


def compute_status(sts: Obj, pods: list[Obj], current: str, update: str, collisions: int, now: float) -> Obj:
    """updateStatus + completeRollingUpdate.  ``replicas``, ``availableReplicas``
    are always written; the other counts are omitempty."""
    min_ready = sts["spec"].get("minReadySeconds", 0)
    created = [p for p in pods if is_created(p)]
    ready = [p for p in pods if is_running_and_ready(p)]
    available = sum(1 for p in ready if is_running_and_available(p, min_ready, now))
    live = [p for p in created if not is_deleting(p)]
    n_current = sum(1 for p in live if pod_revision(p) == current)
    n_updated = sum(1 for p in live if pod_revision(p) == update)
    if sts["spec"].get("updateStrategy", {}).get("type") == "RollingUpdate" \
            and n_updated == len(created) and len(ready) == len(created):
        n_current, current = n_updated, update
    status: Obj = {"observedGeneration": sts["metadata"].get("generation", 1), "replicas": len(created)}
    for key, value in (("readyReplicas", len(ready)), ("currentReplicas", n_current),
                       ("updatedReplicas", n_updated)):
        if value:
            status[key] = value
    status.update(currentRevision=current, updateRevision=update, collisionCount=collisions,
                  availableReplicas=available)
    if (sts.get("status") or {}).get("conditions"):
        status["conditions"] = sts["status"]["conditions"]
    return status


class StatefulSetController(Controller):
    name = "statefulset"

    def setup(self) -> None:
        self.watch("StatefulSet", lambda t, o, old: self.enqueue(_key(o)))
        self.watch("Pod", self._on_pod, owners=("StatefulSet", None))     # its own, released and orphans

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        ref = controller_ref(pod)
        if ref is not None:
            if ref.get("kind") == "StatefulSet":
                self.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")
            return
        if old is not None and (old_ref := controller_ref(old)) and old_ref.get("kind") == "StatefulSet":
            self.enqueue(f"{pod['metadata']['namespace']}/{old_ref['name']}")      # released
        if etype != "DELETED":
            # an orphan: the set its name and labels fit may adopt it
            ns = pod["metadata"]["namespace"]
            for sts in self.api.list("statefulsets", ns, copy=False):
                if is_member_of(sts, pod) and _selector(sts).matches(labels_of(pod)):
                    self.enqueue(_key(sts))

    # ------------------------------------------------------------------ sync
    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        sts = self.api.try_get("statefulsets", name, ns)
        if sts is None:
            return
        selector = _selector(sts)
        pods = [p for p in claim_pods(self.api, sts, selector, component=self.name,
                                      adopt_if=lambda p: is_member_of(sts, p))]
        revisions = history.list_revisions(self.api, sts, selector)
        current, update, collisions = self._revisions(sts, revisions)
        current_sts, update_sts = _apply_revision(sts, current), _apply_revision(sts, update)
        names = (current["metadata"]["name"], update["metadata"]["name"])
        self._update(sts, current_sts, update_sts, names, pods)
        pods = [p for p in self.api.owned("pods", sts["metadata"]["uid"])
                if (controller_ref(p) or {}).get("uid") == sts["metadata"]["uid"]]
        status = compute_status(sts, pods, *names, collisions, self.clock.now)
        if status != sts.get("status"):
            sts["status"] = status
            self.api.update_status(sts)
        self._truncate_history(sts, pods, revisions, names)
        mrs = sts["spec"].get("minReadySeconds", 0)
        if mrs and status.get("readyReplicas", 0) != status.get("availableReplicas", 0):
            # An ordered set waits for a pod to be available before the next one:
            # work in flight, so settle() waits for it too.
            self.clock.schedule(mrs, lambda: self.enqueue(key), label=f"{self.name} requeue {key}", busy=True)

    def _revisions(self, sts: Obj, revisions: list[Obj]) -> tuple[Obj, Obj, int]:
        """getStatefulSetRevisions: the update revision is the current template's
        (an equal earlier one is reused with the next number: a rollback); the
        current revision is the one status names, else the update revision."""
        collisions = int((sts.get("status") or {}).get("collisionCount") or 0)
        data, labels = _patch(sts), sts["spec"]["template"].get("metadata", {}).get("labels") or {}
        wanted = history.new_revision(sts, data, labels, history.next_revision(revisions), collisions)
        equal = [r for r in revisions if history.equal_revision(r, wanted)]
        ns = sts["metadata"]["namespace"]
        if equal and revisions and history.equal_revision(revisions[-1], equal[-1]):
            update = revisions[-1]
        elif equal:
            number = wanted["revision"]
            update = self.api.mutate("controllerrevisions", equal[-1]["metadata"]["name"], ns,
                                     lambda r: r.__setitem__("revision", number))
        else:
            update, collisions = history.create_revision(self.api, sts, wanted, data, labels, collisions)
        status_current = (sts.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == status_current), update)
        return current, update, collisions

    def _truncate_history(self, sts: Obj, pods: list[Obj], revisions: list[Obj], live_names: tuple) -> None:
        """truncateHistory: keep revisionHistoryLimit revisions that no pod uses."""
        live = set(live_names) | {pod_revision(p) for p in pods}
        old = [r for r in revisions if r["metadata"]["name"] not in live]
        limit = sts["spec"].get("revisionHistoryLimit", 10)
        for r in old[:max(0, len(old) - limit)]:
            self.api.delete("controllerrevisions", r["metadata"]["name"], sts["metadata"]["namespace"])

    # --------------------------------------------------------------- update
    def _update(self, sts: Obj, current_sts: Obj, update_sts: Obj, names: tuple[str, str], pods: list[Obj]) -> None:
        """updateStatefulSet: replicas, then condemned, then the rolling update."""
        if is_deleting(sts):
            return
        start, count = start_ordinal(sts), sts["spec"].get("replicas", 1)
        replicas: list[Obj | None] = [None] * count
        condemned = []
        for pod in pods:
            ordinal = ordinal_of(pod)
            if start <= ordinal < start + count:
                replicas[ordinal - start] = pod
            elif ordinal >= 0:
                condemned.append(pod)
        condemned.sort(key=ordinal_of, reverse=True)
        min_ready = sts["spec"].get("minReadySeconds", 0)
        now = self.clock.now
        monotonic = sts["spec"].get("podManagementPolicy", "OrderedReady") != "Parallel"
        first_unavailable = next((p for p in replicas if p is not None and is_unavailable(p, min_ready, now)), None)
        if first_unavailable is None:
            first_unavailable = next((p for p in reversed(condemned) if is_unavailable(p, min_ready, now)), None)
        for i in range(count):
            if replicas[i] is None:
                replicas[i] = _versioned_pod(current_sts, update_sts, names, start + i)
            if self._process_replica(sts, replicas[i], monotonic, min_ready) and monotonic:
                return
        for pod in condemned:
            if self._process_condemned(sts, pod, first_unavailable, monotonic, min_ready) and monotonic:
                return
        strategy = sts["spec"].get("updateStrategy") or {}
        if strategy.get("type") == "OnDelete":
            return
        partition = int((strategy.get("rollingUpdate") or {}).get("partition") or 0)
        for target in range(count - 1, partition - 1, -1):
            pod = replicas[target]
            if pod_revision(pod) != names[1] and not is_deleting(pod):
                self._delete_pod(sts, pod)
                return
            if is_unavailable(pod, min_ready, now):
                return

    def _process_replica(self, sts: Obj, pod: Obj, monotonic: bool, min_ready: int) -> bool:
        """processReplica: True when this sync can go no further (monotonic)."""
        phase = (pod.get("status") or {}).get("phase")
        if phase in ("Failed", "Succeeded"):
            if not is_deleting(pod):
                self._delete_pod(sts, pod)
            return True
        if "uid" not in pod["metadata"]:                 # not created yet
            if not self._create_pod(sts, pod):
                return True
            if monotonic:
                return True
            return False
        if phase == "Pending":
            self._create_claims(sts, pod, ordinal_of(pod))    # createMissingPersistentVolumeClaims
        if is_deleting(pod) and monotonic:
            return True
        if not is_running_and_ready(pod) and monotonic:
            return True
        if not is_running_and_available(pod, min_ready, self.clock.now) and monotonic:
            return True
        return False

    def _process_condemned(self, sts: Obj, pod: Obj, first_unavailable: Obj | None, monotonic: bool,
                           min_ready: int) -> bool:
        if is_deleting(pod):
            return monotonic
        unhealthy = not is_running_and_available(pod, min_ready, self.clock.now)
        if monotonic and unhealthy and pod is not first_unavailable:
            return True
        self._retain_claims_on_scale_down(sts, pod)
        self._delete_pod(sts, pod)
        return True

    # ------------------------------------------------------ pods and claims
    def _create_pod(self, sts: Obj, pod: Obj) -> bool:
        """CreateStatefulPod: its claims first, then the pod."""
        if not self._create_claims(sts, pod, ordinal_of(pod)):
            return False
        name = pod["metadata"]["name"]
        try:
            self.api.create(pod)
        except errors.ApiError as e:
            if e.reason == "AlreadyExists":
                return False
            self.recorder.warning(sts, "FailedCreate", f"create Pod {name} in StatefulSet "
                                  f"{sts['metadata']['name']} failed error: {e.message}", component=_COMPONENT)
            self.requeue_rate_limited(_key(sts))
            return False
        self.forget(_key(sts))
        self.recorder.normal(sts, "SuccessfulCreate",
                             f"create Pod {name} in StatefulSet {sts['metadata']['name']} successful",
                             component=_COMPONENT)
        return True

    def _create_claims(self, sts: Obj, pod: Obj, ordinal: int) -> bool:
        ok = True
        policy = sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}
        for claim in make_claims(sts, ordinal).values():
            cname = claim["metadata"]["name"]
            if self.api.peek("persistentvolumeclaims", cname, sts["metadata"]["namespace"]) is not None:
                continue
            if policy.get("whenDeleted") == "Delete":
                claim["metadata"]["ownerReferences"] = [make_owner_ref(sts)]
            where = f"Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']}"
            try:
                self.api.create(claim)
            except errors.ApiError as e:
                ok = False
                self.recorder.warning(sts, "FailedCreate", f"create Claim {cname} for {where} failed error: "
                                      f"{e.message}", component=_COMPONENT)
                continue
            self.recorder.normal(sts, "SuccessfulCreate", f"create Claim {cname} {where} success",
                                 component=_COMPONENT)
        return ok

    def _retain_claims_on_scale_down(self, sts: Obj, pod: Obj) -> None:
        """whenScaled: Delete — a condemned pod's claims lose the set as owner and
        get the pod instead (updateClaimOwnerRefForSetAndPod), so the garbage
        collector removes them once the pod is gone."""
        policy = sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}
        if policy.get("whenScaled") != "Delete":
            return
        ns, set_uid = sts["metadata"]["namespace"], sts["metadata"]["uid"]
        ref = {k: v for k, v in make_owner_ref(pod).items() if k not in ("controller", "blockOwnerDeletion")}

        def owned_by_pod(c: Obj) -> None:
            refs = [r for r in c["metadata"].get("ownerReferences") or [] if r.get("uid") != set_uid]
            c["metadata"]["ownerReferences"] = refs + [ref]
        for claim in make_claims(sts, ordinal_of(pod)).values():
            if self.api.peek("persistentvolumeclaims", claim["metadata"]["name"], ns) is not None:
                self.api.mutate("persistentvolumeclaims", claim["metadata"]["name"], ns, owned_by_pod)

    def _delete_pod(self, sts: Obj, pod: Obj) -> None:
        name = pod["metadata"]["name"]
        try:
            self.api.delete("pods", name, pod["metadata"]["namespace"])
        except errors.ApiError as e:
            if e.reason != "NotFound":
                self.recorder.warning(sts, "FailedDelete", f"delete Pod {name} in StatefulSet "
                                      f"{sts['metadata']['name']} failed error: {e.message}", component=_COMPONENT)
            return
        self.recorder.normal(sts, "SuccessfulDelete",
                             f"delete Pod {name} in StatefulSet {sts['metadata']['name']} successful",
                             component=_COMPONENT)


_COMPONENT = "statefulset-controller"


def _key(obj: Obj) -> str:
    return f"{obj['metadata']['namespace']}/{obj['metadata']['name']}"


def _selector(sts: Obj) -> selectors.Selector:
    return selectors.from_label_selector(sts["spec"].get("selector"))


def _patch(sts: Obj) -> Obj:
    """getPatch: the revision's data, the pod template to be put back whole."""
    template = clone(sts["spec"]["template"])
    template["$patch"] = "replace"
    return {"spec": {"template": template}}


def _apply_revision(sts: Obj, revision: Obj) -> Obj:
    """ApplyRevision: the set as it was at ``revision`` (its template)."""
    out = clone(sts)
    template = clone(revision["data"]["spec"]["template"])
    template.pop("$patch", None)
    out["spec"]["template"] = template
    return out


def _versioned_pod(current_sts: Obj, update_sts: Obj, names: tuple[str, str], ordinal: int) -> Obj:
    """newVersionedStatefulSetPod: below the partition a pod is made from the
    current revision, from ``partition`` up from the update revision.
    Example: partition 2, replicas 3 — web-0, web-1 current; web-2 update."""
    strategy = current_sts["spec"].get("updateStrategy") or {}
    if strategy.get("type") == "RollingUpdate":
        ru = strategy.get("rollingUpdate")
        start = start_ordinal(current_sts)
        if ru is None:
            below = ordinal < start + int((current_sts.get("status") or {}).get("currentReplicas") or 0)
        else:
            below = ordinal < start + int(ru.get("partition") or 0)
        if below:
            return new_pod(current_sts, ordinal, names[0])
    return new_pod(update_sts, ordinal, names[1])
