"""The ReplicaSet controller (pkg/controller/replicaset): keep ``spec.replicas``
pods running that match the selector.  Also serves ReplicationControllers, whose
selector is a plain map (equality only)."""
from __future__ import annotations

from ..api import selectors
from ..api.meta import Obj, controller_ref, labels_of
from ..clock import parse_timestamp
from .base import Controller, split_key
from .pods import claim_pods, create_pod, deletion_rank, is_active, is_pod_available, is_pod_ready, make_pod

# How many pods one sync may create or delete (controller's burstReplicas).
BURST_REPLICAS = 500


class ReplicaSetController(Controller):
    name = "replicaset"
    kind = "ReplicaSet"

    def setup(self) -> None:
        self.watch(self.kind, self._on_set)
        self.watch("Pod", self._on_pod)
        # per set (uid): (its selector and template labels, claim verdicts, pod facts) of the
        # pod objects seen at its last sync, so a sync of a big set looks again only at what changed
        self._seen: dict[str, tuple[str, dict, dict]] = {}

    def _on_set(self, etype: str, rs: Obj, old: Obj | None) -> None:
        if etype == "DELETED":
            self._seen.pop(rs["metadata"]["uid"], None)
        self.enqueue(f"{rs['metadata']['namespace']}/{rs['metadata']['name']}")

    def _memo(self, rs: Obj) -> tuple[str, dict, dict]:
        spec = rs["spec"]
        mark = repr((spec.get("selector"), ((spec.get("template") or {}).get("metadata") or {}).get("labels")))
        memo = self._seen.get(rs["metadata"]["uid"])
        if memo is None or memo[0] != mark:
            memo = self._seen[rs["metadata"]["uid"]] = (mark, {}, {})
        return memo

    def selector_of(self, owner: Obj) -> selectors.Selector:
        return selectors.from_label_selector(owner["spec"].get("selector"))

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        ref = controller_ref(pod)
        if ref is not None:
            if ref.get("kind") == self.kind:
                self.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")
            old_ref = controller_ref(old) if old else None
            if old_ref and old_ref.get("kind") == self.kind and old_ref["uid"] != ref["uid"]:
                self.enqueue(f"{pod['metadata']['namespace']}/{old_ref['name']}")
            return
        if old is not None and (ref_old := controller_ref(old)) is not None and ref_old.get("kind") == self.kind:
            self.enqueue(f"{pod['metadata']['namespace']}/{ref_old['name']}")   # released
        if etype != "DELETED":
            # An orphan: wake every owner whose selector matches, to adopt it.
            ns = pod["metadata"]["namespace"]
            for owner in self.api.list(self.kind, ns, copy=False):
                if self.selector_of(owner).matches(labels_of(pod)):
                    self.enqueue(f"{ns}/{owner['metadata']['name']}")

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        rs = self.api.try_get(self.kind, name, ns)
        if rs is None:
            return
        selector = self.selector_of(rs)
        _, verdicts, facts = self._memo(rs)
        labels = (rs["spec"].get("template", {}).get("metadata", {}).get("labels") or {})
        pods = [p for p in claim_pods(self.api, rs, selector, component=self.name, seen=verdicts)
                if pod_facts(p, facts, labels)[0]]
        if not rs["metadata"].get("deletionTimestamp"):
            self._manage_replicas(rs, pods)
            owned = self.api.owned("pods", rs["metadata"]["uid"])
            pods = [p for p in owned if pod_facts(p, facts, labels)[0]]
            if len(facts) > len(owned):       # forget the pods gone
                keep = {p["metadata"]["name"] for p in owned}
                for name in [n for n in facts if n not in keep]:
                    del facts[name]
        self._update_status(rs, pods, selector, facts)

    def _manage_replicas(self, rs: Obj, pods: list[Obj]) -> None:
        want = rs["spec"].get("replicas", 1)
        diff = len(pods) - want
        if diff < 0:
            key = f"{rs['metadata']['namespace']}/{rs['metadata']['name']}"
            for _ in range(min(-diff, BURST_REPLICAS)):
                if create_pod(self.api, self.recorder, rs, make_pod(rs["spec"]["template"], rs),
                              f"{self.name}-controller") is None:
                    self.requeue_rate_limited(key)      # slowStartBatch stops at the first failure
                    return
            self.forget(key)
        elif diff > 0:
            doomed = sorted(pods, key=lambda p: deletion_rank(p, parse_timestamp))[:min(diff, BURST_REPLICAS)]
            for pod in doomed:
                self.api.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
                self.recorder.normal(rs, "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                                     component=f"{self.name}-controller")

    def _update_status(self, rs: Obj, pods: list[Obj], selector, facts: dict | None = None) -> None:
        status = compute_status(rs, pods, self.clock.now, facts)
        if status != rs.get("status"):
            rs["status"] = status
            self.api.update_status(rs)
        # Pods that are ready but not yet available (minReadySeconds) need a
        # later look, as the controller's AddAfter does.
        mrs = rs["spec"].get("minReadySeconds", 0)
        if mrs and status.get("readyReplicas", 0) != status.get("availableReplicas", 0):
            self.enqueue_after(f"{rs['metadata']['namespace']}/{rs['metadata']['name']}", mrs)


def pod_facts(pod: Obj, facts: dict[str, tuple], template_labels: dict) -> tuple[bool, bool, bool]:
    """(active, ready, labelled as the template) of ``pod``, kept in ``facts`` for the
    same pod object (a stored object never changes: a write stores a new one)."""
    known = facts.get(pod["metadata"]["name"])
    if known is not None and known[0] is pod:
        return known[1]
    out = (is_active(pod), is_pod_ready(pod),
           all(labels_of(pod).get(k) == v for k, v in template_labels.items()))
    facts[pod["metadata"]["name"]] = (pod, out)
    return out


def compute_status(rs: Obj, pods: list[Obj], now: float, facts: dict | None = None) -> Obj:
    """calculateStatus: counts of pods, labelled, ready and available.  ``facts``:
    what :func:`pod_facts` keeps (none: every pod looked at afresh)."""
    template_labels = rs["spec"].get("template", {}).get("metadata", {}).get("labels") or {}
    mrs = rs["spec"].get("minReadySeconds", 0)
    if facts is not None and not mrs:        # available is ready: no clock in it
        seen = [pod_facts(p, facts, template_labels) for p in pods]
        ready = available = sum(1 for f in seen if f[1])
        labelled = sum(1 for f in seen if f[2])
    else:
        ready = sum(1 for p in pods if is_pod_ready(p))
        available = sum(1 for p in pods if is_pod_available(p, mrs, now, parse_timestamp))
        labelled = sum(1 for p in pods if all(labels_of(p).get(k) == v for k, v in template_labels.items()))
    status: Obj = {"replicas": len(pods)}
    if labelled:
        status["fullyLabeledReplicas"] = labelled
    if ready:
        status["readyReplicas"] = ready
    if available:
        status["availableReplicas"] = available
    status["observedGeneration"] = rs["metadata"].get("generation", 1)
    old = rs.get("status") or {}
    if old.get("conditions"):
        status["conditions"] = old["conditions"]
    # omitempty: zero counts are not serialised, except replicas (which is required).
    return status


class ReplicationControllerController(ReplicaSetController):
    name = "replicationcontroller"
    kind = "ReplicationController"

    def selector_of(self, owner: Obj) -> selectors.Selector:
        sel = owner["spec"].get("selector")
        return selectors.from_map(sel) if sel else selectors.NOTHING
