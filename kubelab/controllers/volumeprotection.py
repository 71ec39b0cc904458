"""Storage object in-use protection (KEP 1174 / 2110).

The StorageObjectInUseProtection admission plugin puts a finalizer on every new
claim (``kubernetes.io/pvc-protection``) and volume (``kubernetes.io/pv-protection``).
Deleting one then only sets its deletionTimestamp — ``kubectl get`` shows
Terminating — until the controller here sees it is no longer in use and removes the
finalizer:

- a claim is in use while a pod that is not finished mounts it;
- a volume is in use while it is Bound.
"""
from __future__ import annotations

from ..api.meta import Obj
from ..api.volumes import PV_PROTECTION, PVC_PROTECTION
from .base import Controller, split_key


def pods_using(api, namespace: str, claim_name: str) -> list[Obj]:
    """Pods in ``namespace`` that mount the claim and have not finished (podIsShutDown)."""
    out = []
    for pod in api.list("pods", namespace, copy=False):
        if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
            continue
        if any((v.get("persistentVolumeClaim") or {}).get("claimName") == claim_name
               for v in pod["spec"].get("volumes") or []):
            out.append(pod)
    return out


class PVCProtectionController(Controller):
    name = "pvc-protection"

    def setup(self) -> None:
        self.watch("PersistentVolumeClaim", self._on_claim)
        self.watch("Pod", self._on_pod)

    def _on_claim(self, etype: str, claim: Obj, old: Obj | None) -> None:
        if etype != "DELETED" and claim["metadata"].get("deletionTimestamp"):
            self.enqueue(f"{claim['metadata']['namespace']}/{claim['metadata']['name']}")

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        finished = (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")
        if etype == "DELETED" or finished:
            for v in pod["spec"].get("volumes") or []:
                name = (v.get("persistentVolumeClaim") or {}).get("claimName")
                if name:
                    self.enqueue(f"{pod['metadata']['namespace']}/{name}")

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        claim = self.api.peek("persistentvolumeclaims", name, ns)
        if claim is None or not claim["metadata"].get("deletionTimestamp"):
            return
        if PVC_PROTECTION in (claim["metadata"].get("finalizers") or []) and not pods_using(self.api, ns, name):
            self.api.remove_finalizer("persistentvolumeclaims", name, ns, PVC_PROTECTION)


class PVProtectionController(Controller):
    name = "pv-protection"

    def setup(self) -> None:
        self.watch("PersistentVolume", self._on_volume)

    def _on_volume(self, etype: str, pv: Obj, old: Obj | None) -> None:
        if etype != "DELETED" and pv["metadata"].get("deletionTimestamp"):
            self.enqueue(pv["metadata"]["name"])

    def sync(self, key: str) -> None:
        pv = self.api.peek("persistentvolumes", key, None)
        if pv is None or not pv["metadata"].get("deletionTimestamp"):
            return
        if PV_PROTECTION in (pv["metadata"].get("finalizers") or []) and (pv.get("status") or {}).get("phase") != "Bound":
            self.api.remove_finalizer("persistentvolumes", key, None, PV_PROTECTION)
