"""The scheduler's volume plugins (VolumeBinding, VolumeRestrictions, VolumeZone's
node affinity check), handed to :class:`kubelab.scheduler.Scheduler` by the cluster.

- ``prefilter(pod)``: problems no node can fix — a missing or deleting claim, an
  unbound claim of an Immediate class (``pod has unbound immediate
  PersistentVolumeClaims``), a ReadWriteOncePod claim another pod already uses;
- ``filter(pod, node)``: a bound volume whose nodeAffinity excludes the node; a
  WaitForFirstConsumer claim the node can get no volume for;
- ``prebind(pod, node)``: for WaitForFirstConsumer claims, bind the chosen static
  volume or mark the claim ``volume.kubernetes.io/selected-node`` so its provisioner
  makes one; the pod is bound to the node once every claim is Bound.
"""
from __future__ import annotations

from typing import Callable

from ..api.meta import Obj
from ..api.volumes import (ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, NO_PROVISIONER, claim_class,
                           find_best_match, node_affinity_ok)

UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
RWOP_CONFLICT = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"
AFFINITY_CONFLICT = "node(s) had volume node affinity conflict"
NO_VOLUMES = "node(s) didn't find available persistent volumes to bind"
MISSING_PV = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"


def claim_names(pod: Obj) -> list[str]:
    return [v["persistentVolumeClaim"].get("claimName", "") for v in pod["spec"].get("volumes") or []
            if v.get("persistentVolumeClaim")]


class VolumeBinding:
    def __init__(self, api, retry: Callable[[], None] = lambda: None, requeue: Callable[[str], None] = lambda k: None):
        self.api = api
        self.retry = retry              # move unschedulable pods back to the queue
        self.requeue = requeue          # schedule one pod again
        self.waiting: dict[str, str] = {}    # pod key -> node it is assumed on, claims still binding
        api.watch(self._on_claim, "PersistentVolumeClaim")
        api.watch(self._on_volume, "PersistentVolume")

    def _on_claim(self, etype: str, claim: Obj, old: Obj | None) -> None:
        if etype == "MODIFIED" and (old or {}).get("status", {}).get("phase") == claim.get("status", {}).get("phase") \
                and bool(old["metadata"].get("deletionTimestamp")) == bool(claim["metadata"].get("deletionTimestamp")):
            return
        self.retry()
        ns = claim["metadata"]["namespace"]
        for key in sorted(self.waiting):
            if key.startswith(ns + "/"):
                self.requeue(key)

    def _on_volume(self, etype: str, pv: Obj, old: Obj | None) -> None:
        if etype == "ADDED" or (old or {}).get("status", {}).get("phase") != pv.get("status", {}).get("phase"):
            self.retry()

    def _delayed(self, claim: Obj) -> bool:
        cls = self.api.peek("storageclasses", claim_class(claim), None)
        return bool(cls) and cls.get("volumeBindingMode") == "WaitForFirstConsumer"

    def _claims(self, pod: Obj) -> list[Obj | None]:
        ns = pod["metadata"]["namespace"]
        return [self.api.peek("persistentvolumeclaims", n, ns) for n in claim_names(pod)]

    def prefilter(self, pod: Obj) -> tuple[bool, str] | None:
        """(resolvable, message) when no node can run the pod, else None."""
        names = claim_names(pod)
        if not names:
            return None
        ns = pod["metadata"]["namespace"]
        for name, claim in zip(names, self._claims(pod)):
            if claim is None:
                return False, f'persistentvolumeclaim "{name}" not found'
            if claim["metadata"].get("deletionTimestamp"):
                return False, f'persistentvolumeclaim "{name}" is being deleted'
        for claim in self._claims(pod):
            if not claim["spec"].get("volumeName") and not self._delayed(claim) \
                    and claim.get("status", {}).get("phase") != "Bound":
                return False, UNBOUND_IMMEDIATE
        me = pod["metadata"]["uid"]
        for claim in self._claims(pod):
            if "ReadWriteOncePod" in (claim["spec"].get("accessModes") or []):
                for other in self.api.list("pods", ns, copy=False):
                    if other["metadata"]["uid"] != me and other["spec"].get("nodeName") \
                            and other.get("status", {}).get("phase") not in ("Succeeded", "Failed") \
                            and claim["metadata"]["name"] in claim_names(other):
                        return True, RWOP_CONFLICT
        return None

    def filter(self, pod: Obj, node: Obj) -> str | None:
        names = claim_names(pod)
        if not names:
            return None
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        node_name = node["metadata"]["name"]
        if key in self.waiting and self.waiting[key] != node_name:
            return NO_VOLUMES          # assumed on another node while its claims bind
        labels = node["metadata"].get("labels") or {}
        chosen: set[str] = set()
        volumes = None
        for claim in self._claims(pod):
            if claim is None:
                continue
            bound = claim["spec"].get("volumeName")
            if bound:
                pv = self.api.peek("persistentvolumes", bound, None)
                if pv is None:
                    return MISSING_PV
                if not node_affinity_ok(pv, labels):
                    return AFFINITY_CONFLICT
                continue
            if volumes is None:
                volumes = self.api.list("persistentvolumes", None)
            pv = find_best_match(claim, volumes, delay_binding=True, node_labels=labels, excluded=chosen)
            if pv is not None:
                chosen.add(pv["metadata"]["name"])
                continue
            cls = self.api.peek("storageclasses", claim_class(claim), None)
            if cls is None or cls.get("provisioner") == NO_PROVISIONER:
                return NO_VOLUMES
        return None

    def prebind(self, pod: Obj, node: Obj) -> bool:
        """Start binding what the pod needs on ``node``; True when every claim is Bound."""
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        node_name = node["metadata"]["name"]
        labels = node["metadata"].get("labels") or {}
        volumes = self.api.list("persistentvolumes", None)
        chosen: set[str] = set()
        ready = True
        for claim in self._claims(pod):
            if claim is None or claim.get("status", {}).get("phase") == "Bound":
                continue
            ready = False
            if claim["spec"].get("volumeName") or key in self.waiting:
                continue
            md = claim["metadata"]
            pv = find_best_match(claim, volumes, delay_binding=True, node_labels=labels, excluded=chosen)
            if pv is not None:
                chosen.add(pv["metadata"]["name"])
                if not pv["spec"].get("claimRef"):
                    def reserve(v: Obj, md=md) -> None:
                        v["metadata"].setdefault("annotations", {})[ANN_BOUND_BY_CONTROLLER] = "yes"
                        v["spec"]["claimRef"] = {"kind": "PersistentVolumeClaim", "namespace": md["namespace"],
                                                 "name": md["name"], "uid": md["uid"], "apiVersion": "v1",
                                                 "resourceVersion": md.get("resourceVersion", "")}
                    self.api.mutate("persistentvolumes", pv["metadata"]["name"], None, reserve)
            else:
                def select(c: Obj) -> None:
                    c["metadata"].setdefault("annotations", {})[ANN_SELECTED_NODE] = node_name
                self.api.mutate("persistentvolumeclaims", md["name"], md["namespace"], select)
        if ready:
            self.waiting.pop(key, None)
        else:
            self.waiting[key] = node_name
        return ready

    def forget(self, key: str) -> None:
        self.waiting.pop(key, None)
