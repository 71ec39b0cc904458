"""kube-controller-manager's persistentvolume-binder (pkg/controller/volume/persistentvolume).

It keeps claims and volumes in step, level-triggered from both sides:

- ``sync_claim``: an unbound claim gets the best matching Available volume
  (:func:`kubelab.api.volumes.find_best_match`), or — with a StorageClass — is handed to that
  class's provisioner, or waits (Pending, with the event saying why);
- ``sync_volume``: a volume with no claimRef is Available; one whose claim is gone
  is Released and reclaimed by its policy: Retain keeps it (and its data), Delete
  removes volume and data, Recycle scrubs the data and makes it Available again.

Binding writes both halves: the PV's ``claimRef`` (with the claim's uid) and the
claim's ``volumeName``, then both phases become Bound.  Every claim and volume is
synced again every :data:`RESYNC_SECONDS`, which is how a claim created
before its volume finds it.
"""
from __future__ import annotations

import math
import re

from typing import Callable

from ..api.errors import ApiError
from ..api.meta import Obj, clone
from ..api.volumes import (ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER,
                           ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, claim_class,
                           find_best_match, is_bound_to, mismatch)
from .base import Controller, split_key

#: kube-controller-manager --pvclaimbinder-sync-period: how often every claim and
#: volume is synced again (a Pending claim finds a new PV at the next one).
RESYNC_SECONDS = 15.0
CONTROLLER = "persistentvolume-controller"

#: How long the in-tree recycler pod (busybox ``rm -rf /scrub/*``) takes.
RECYCLE_SECONDS = 5.0
_RECYCLABLE = ("hostPath", "nfs")


def storage_class(api, name: str) -> Obj | None:
    return api.peek("storageclasses", name, None) if name else None


def is_delay_binding(api, claim: Obj) -> bool:
    cls = storage_class(api, claim_class(claim))
    return bool(cls) and cls.get("volumeBindingMode") == "WaitForFirstConsumer"


class PersistentVolumeController(Controller):
    """``scrub(pv)`` and ``remove(pv)`` are the volume plugins' recycler and deleter: they
    wipe or remove the bytes where the volume keeps them (handed in by the cluster)."""
    name = "persistentvolume-binder"
    component = CONTROLLER

    def __init__(self, api, clock, recorder, *, scrub: Callable[[Obj], None], remove: Callable[[Obj], None]):
        self.scrub, self.remove = scrub, remove
        super().__init__(api, clock, recorder)

    def setup(self) -> None:
        self.started = self.clock.now
        self._recycling: set[str] = set()     # volumes whose recycler pod is running
        self._wakes: dict[str, object] = {}   # claim key -> the busy timer waking it at the next resync
        self._resynced: set[str] = set()      # keys this resync period woke (not an echo of our own write)
        self.watch("PersistentVolumeClaim", self._on_claim)
        self.watch("PersistentVolume", self._on_volume)
        self.watch("StorageClass", self._on_class)
        self._schedule_resync()

    # ------------------------------------------------------------------ watches
    def _on_claim(self, etype: str, claim: Obj, old: Obj | None) -> None:
        md = claim["metadata"]
        if etype == "DELETED":
            if claim["spec"].get("volumeName"):
                self.enqueue("pv:" + claim["spec"]["volumeName"])
            return
        self.enqueue(f"pvc:{md['namespace']}/{md['name']}")

    def _on_volume(self, etype: str, pv: Obj, old: Obj | None) -> None:
        if etype != "DELETED":
            self.enqueue("pv:" + pv["metadata"]["name"])
            if etype == "ADDED" or (old or {}).get("status", {}).get("phase") != pv.get("status", {}).get("phase"):
                self._wake_pending_claims_at_resync(pv)
            return
        ref = pv["spec"].get("claimRef")
        if ref:
            self.enqueue(f"pvc:{ref.get('namespace', '')}/{ref.get('name', '')}")

    def _on_class(self, etype: str, cls: Obj, old: Obj | None) -> None:
        pass      # classes are read when needed; a new class is noticed at the next resync

    # ------------------------------------------------------------------ resync
    def _next_tick(self) -> float:
        n = math.floor((self.clock.now - self.started) / RESYNC_SECONDS) + 1
        return self.started + n * RESYNC_SECONDS

    def _schedule_resync(self) -> None:
        def tick() -> None:
            for claim in self.api.list("persistentvolumeclaims", None, copy=False):
                key = f"pvc:{claim['metadata']['namespace']}/{claim['metadata']['name']}"
                self._resynced.add(key)
                self.enqueue(key)
            for pv in self.api.list("persistentvolumes", None, copy=False):
                self.enqueue("pv:" + pv["metadata"]["name"])
            self._schedule_resync()
        self.clock.schedule(self._next_tick() - self.clock.now, tick, label="persistentvolume-binder resync")

    def _wake_pending_claims_at_resync(self, pv: Obj) -> None:
        """A Pending claim this new volume would satisfy is bound at the next resync;
        mark that as work in flight so ``settle()`` waits for it."""
        if (pv.get("status") or {}).get("phase") != "Available" or pv["spec"].get("claimRef"):
            return
        for claim in self.api.list("persistentvolumeclaims", None, copy=False):
            if claim["spec"].get("volumeName") or claim.get("status", {}).get("phase") != "Pending":
                continue
            if find_best_match(claim, [pv], delay_binding=is_delay_binding(self.api, claim)) is not None:
                key = f"pvc:{claim['metadata']['namespace']}/{claim['metadata']['name']}"
                if key not in self._wakes:
                    def wake(key=key) -> None:
                        self._wakes.pop(key, None)
                        self.enqueue(key)
                    self._wakes[key] = self.clock.schedule(self._next_tick() - self.clock.now, wake,
                                                           label=f"resync {key}", busy=True)

    # -------------------------------------------------------------------- sync
    def sync(self, key: str) -> None:
        kind, _, rest = key.partition(":")
        if kind == "pvc":
            ns, name = split_key(rest)
            claim = self.api.try_get("persistentvolumeclaims", name, ns)
            if claim is not None:
                self.sync_claim(claim)
        else:
            pv = self.api.try_get("persistentvolumes", rest, None)
            if pv is not None:
                self.sync_volume(pv)

    def sync_claim(self, claim: Obj) -> None:
        if (claim["metadata"].get("annotations") or {}).get(ANN_BIND_COMPLETED) is None:
            self._sync_unbound_claim(claim)
        else:
            self._sync_bound_claim(claim)

    def _volumes(self) -> list[Obj]:
        return self.api.list("persistentvolumes", None)

    def _sync_unbound_claim(self, claim: Obj) -> None:
        wanted = claim["spec"].get("volumeName")
        if not wanted:
            delay = is_delay_binding(self.api, claim)
            pv = find_best_match(claim, self._volumes(), delay_binding=delay)
            if pv is not None:
                self.bind(pv, claim)
                return
            ann = claim["metadata"].get("annotations") or {}
            if delay and ANN_SELECTED_NODE not in ann:
                self._event(claim, "Normal", *self._wait_for_consumer(claim))
            elif claim_class(claim):
                self._provision(claim)
            else:
                self._event(claim, "Normal", "FailedBinding",
                            "no persistent volumes available for this claim and no storage class is set")
            self._claim_status(claim, "Pending", None)
            return
        pv = self.api.try_get("persistentvolumes", wanted, None)
        if pv is None:
            self._claim_status(claim, "Pending", None)      # the named volume may appear later
            return
        if not pv["spec"].get("claimRef"):
            why = mismatch(claim, pv)
            if why:
                self._event(claim, "Warning", "VolumeMismatch", f'Cannot bind to requested volume "{wanted}": {why}')
                self._claim_status(claim, "Pending", None)
                return
            self.bind(pv, claim)
        elif is_bound_to(pv, claim):
            self.bind(pv, claim)
        else:
            if ANN_BOUND_BY_CONTROLLER not in (claim["metadata"].get("annotations") or {}):
                self._event(claim, "Warning", "FailedBinding", f'volume "{wanted}" already bound to a different claim.')
            self._claim_status(claim, "Pending", None)

    def _wait_for_consumer(self, claim: Obj) -> tuple[str, str]:
        """emitEventForUnboundDelayBindingClaim: name the pods still to be scheduled."""
        ns, name = claim["metadata"]["namespace"], claim["metadata"]["name"]
        pods = sorted(p["metadata"]["name"] for p in self.api.list("pods", ns, copy=False)
                      if not p["spec"].get("nodeName") and any(
                          (v.get("persistentVolumeClaim") or {}).get("claimName") == name
                          for v in p["spec"].get("volumes") or []))
        if not pods:
            return "WaitForFirstConsumer", "waiting for first consumer to be created before binding"
        if len(pods) == 1:
            return "WaitForPodScheduled", f"waiting for pod {pods[0]} to be scheduled"
        return "WaitForPodScheduled", f"waiting for pods {','.join(pods)} to be scheduled"

    def _provision(self, claim: Obj) -> None:
        """provisionClaim: in-tree plugins are named kubernetes.io/...; anything else is
        an external provisioner, told by annotating the claim."""
        name = claim_class(claim)
        cls = storage_class(self.api, name)
        if cls is None:
            self._event(claim, "Warning", "ProvisioningFailed", f'storageclass.storage.k8s.io "{name}" not found')
            return
        provisioner = cls.get("provisioner", "")
        if provisioner.startswith("kubernetes.io/"):
            self._event(claim, "Warning", "ProvisioningFailed", f"no volume plugin matched name: {provisioner}")
            return
        ann = claim["metadata"].get("annotations") or {}
        key = f"pvc:{claim['metadata']['namespace']}/{claim['metadata']['name']}"
        if ann.get(ANN_STORAGE_PROVISIONER) == provisioner and key not in self._resynced:
            return        # our own annotation coming back: already said
        self._resynced.discard(key)
        if ann.get(ANN_STORAGE_PROVISIONER) != provisioner:
            def mark(c: Obj) -> None:
                a = c["metadata"].setdefault("annotations", {})
                a[ANN_STORAGE_PROVISIONER] = provisioner
                a[ANN_BETA_STORAGE_PROVISIONER] = provisioner
            claim = self.api.mutate("persistentvolumeclaims", claim["metadata"]["name"],
                                    claim["metadata"]["namespace"], mark)
        self._event(claim, "Normal", "ExternalProvisioning",
                    f"Waiting for a volume to be created either by the external provisioner '{provisioner}' or "
                    "manually by the system administrator. If volume creation is delayed, please verify that the "
                    "provisioner is running and correctly registered.")

    def _sync_bound_claim(self, claim: Obj) -> None:
        wanted = claim["spec"].get("volumeName")
        if not wanted:
            self._claim_status(claim, "Lost", None, ("Warning", "ClaimLost",
                               "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"))
            return
        pv = self.api.try_get("persistentvolumes", wanted, None)
        if pv is None:
            self._claim_status(claim, "Lost", None, ("Warning", "ClaimLost",
                               "Bound claim has lost its PersistentVolume. Data on the volume is lost!"))
        elif not pv["spec"].get("claimRef") or is_bound_to(pv, claim):
            self.bind(pv, claim)
        else:
            self._claim_status(claim, "Lost", None, ("Warning", "ClaimMisbound",
                               "Two claims are bound to the same volume, this one is bound incorrectly"))

    def sync_volume(self, pv: Obj) -> None:
        ref = pv["spec"].get("claimRef")
        if not ref or not ref.get("uid"):
            self._volume_phase(pv, "Available")
            return
        claim = self.api.try_get("persistentvolumeclaims", ref.get("name", ""), ref.get("namespace", ""))
        if claim is not None and claim["metadata"]["uid"] != ref["uid"]:
            claim = None        # deleted, and another made with the same name
        if claim is None:
            phase = (pv.get("status") or {}).get("phase")
            if phase not in ("Released", "Failed"):
                pv = self._volume_phase(pv, "Released")
            self.reclaim(pv)
            return
        if not claim["spec"].get("volumeName"):
            self.enqueue(f"pvc:{ref['namespace']}/{ref['name']}")
        elif claim["spec"]["volumeName"] == pv["metadata"]["name"]:
            self._volume_phase(pv, "Bound")
        elif ANN_BOUND_BY_CONTROLLER in (pv["metadata"].get("annotations") or {}):
            self._unbind(pv)

    # ------------------------------------------------------------------ binding
    def bind(self, pv: Obj, claim: Obj) -> None:
        """bindVolumeToClaim + Bound, then bindClaimToVolume + Bound (the order of ctrl.bind)."""
        cmd = claim["metadata"]
        name = pv["metadata"]["name"]

        def to_claim(v: Obj) -> None:
            if not is_bound_to(v, claim):
                v["metadata"].setdefault("annotations", {})[ANN_BOUND_BY_CONTROLLER] = "yes"
            v["spec"]["claimRef"] = {"kind": "PersistentVolumeClaim", "namespace": cmd["namespace"],
                                     "name": cmd["name"], "uid": cmd["uid"], "apiVersion": "v1",
                                     "resourceVersion": cmd.get("resourceVersion", "")}
        ref = pv["spec"].get("claimRef") or {}
        if ref.get("uid") != cmd["uid"] or ref.get("name") != cmd["name"]:
            pv = self.api.mutate("persistentvolumes", name, None, to_claim)
        pv = self._volume_phase(pv, "Bound")

        def to_volume(c: Obj) -> None:
            ann = c["metadata"].setdefault("annotations", {})
            if c["spec"].get("volumeName") != name:
                c["spec"]["volumeName"] = name
                ann[ANN_BOUND_BY_CONTROLLER] = "yes"
            ann[ANN_BIND_COMPLETED] = "yes"
        if claim["spec"].get("volumeName") != name or ANN_BIND_COMPLETED not in (cmd.get("annotations") or {}):
            claim = self.api.mutate("persistentvolumeclaims", cmd["name"], cmd["namespace"], to_volume)
        self._claim_status(claim, "Bound", pv)

    def _unbind(self, pv: Obj) -> None:
        """unbindVolume: a controller-made binding is dropped, a user's pre-binding kept."""
        def clear(v: Obj) -> None:
            ann = v["metadata"].get("annotations") or {}
            if ANN_BOUND_BY_CONTROLLER in ann:
                v["spec"].pop("claimRef", None)
                ann.pop(ANN_BOUND_BY_CONTROLLER)
            elif v["spec"].get("claimRef"):
                v["spec"]["claimRef"].pop("uid", None)
        pv = self.api.mutate("persistentvolumes", pv["metadata"]["name"], None, clear)
        self._volume_phase(pv, "Available")

    # ---------------------------------------------------------------- reclaiming
    def reclaim(self, pv: Obj) -> None:
        policy = pv["spec"].get("persistentVolumeReclaimPolicy", "Retain")
        if policy == "Retain":
            return                                      # the data stays for an administrator
        if policy == "Recycle":
            self._recycle(pv)
        elif policy == "Delete":
            self._delete(pv)

    def _recycle(self, pv: Obj) -> None:
        name = pv["metadata"]["name"]
        if not any(pv["spec"].get(k) for k in _RECYCLABLE):
            self._volume_phase(pv, "Failed", "No recycler plugin found for the volume!",
                               ("Warning", "VolumeFailedRecycle", "No recycler plugin found for the volume!"))
            return
        uid = (pv["spec"].get("claimRef") or {}).get("uid")

        def done() -> None:
            current = self.api.try_get("persistentvolumes", name, None)
            if current is None or (current["spec"].get("claimRef") or {}).get("uid") != uid:
                return
            with self.api.acting_as(CONTROLLER):
                self.scrub(current)
                self._event(current, "Normal", "VolumeRecycled", "Volume recycled")
                self._unbind(current)
        if name in self._recycling:
            return
        self._recycling.add(name)

        def finish() -> None:
            self._recycling.discard(name)
            done()
        self.clock.schedule(RECYCLE_SECONDS, finish, label=f"recycle {name}", busy=True)

    def _delete(self, pv: Obj) -> None:
        """In-tree deleters run here; a volume an external provisioner made is its to delete."""
        if ANN_PROVISIONED_BY in (pv["metadata"].get("annotations") or {}):
            return
        if pv["spec"].get("hostPath"):
            path = pv["spec"]["hostPath"].get("path", "")
            if not re.search(r"/tmp/.+", path):
                message = f"host_path deleter only supports /tmp/.+ but received provided {path}"
                self._volume_phase(pv, "Failed", message, ("Warning", "VolumeFailedDelete", message))
                return
            self.remove(pv)
            try:
                self.api.delete("persistentvolumes", pv["metadata"]["name"])
            except ApiError:
                pass
            return
        message = (f'error getting deleter volume plugin for volume "{pv["metadata"]["name"]}": '
                   "no deletable volume plugin matched")
        self._volume_phase(pv, "Failed", message, ("Warning", "VolumeFailedDelete", message))

    # ------------------------------------------------------------------ writes
    def _event(self, obj: Obj, etype: str, reason: str, message: str) -> None:
        self.recorder.event(obj, etype, reason, message, component=CONTROLLER)

    def _volume_phase(self, pv: Obj, phase: str, message: str = "",
                      event: tuple[str, str, str] | None = None) -> Obj:
        st = pv.get("status") or {}
        if st.get("phase") == phase and (st.get("message") or "") == message:
            return pv
        now = self.clock.timestamp()

        def write(v: Obj) -> None:
            s = v.setdefault("status", {})
            if s.get("phase") != phase:
                s["lastPhaseTransitionTime"] = now
            s["phase"] = phase
            if message:
                s["message"] = message
            else:
                s.pop("message", None)
        pv = self.api.mutate("persistentvolumes", pv["metadata"]["name"], None, write, status=True)
        if event:
            self._event(pv, *event)
        return pv

    def _claim_status(self, claim: Obj, phase: str, pv: Obj | None,
                      event: tuple[str, str, str] | None = None) -> Obj:
        st = claim.get("status") or {}
        want = {"phase": phase}
        if pv is not None:
            want["accessModes"] = clone(pv["spec"].get("accessModes"))
            want["capacity"] = clone(pv["spec"].get("capacity"))
        if all(st.get(k) == v for k, v in want.items()) and (pv is not None or "capacity" not in st):
            return claim
        changed = st.get("phase") != phase
        if phase == "Bound":       # nothing left to wait for
            timer = self._wakes.pop(f"pvc:{claim['metadata']['namespace']}/{claim['metadata']['name']}", None)
            if timer is not None:
                timer.cancel()

        def write(c: Obj) -> None:
            s = c.setdefault("status", {})
            s.update(want)
            if pv is None:
                s.pop("accessModes", None)
                s.pop("capacity", None)
        claim = self.api.mutate("persistentvolumeclaims", claim["metadata"]["name"],
                                claim["metadata"]["namespace"], write, status=True)
        if event and changed:
            self._event(claim, *event)
        return claim
