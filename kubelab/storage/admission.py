"""What the apiserver does to storage objects before it stores them.

- StorageClass defaulting: ``reclaimPolicy: Delete``, ``volumeBindingMode: Immediate``;
- the DefaultStorageClass admission plugin: a claim that names no class (the field
  absent — ``""`` means "no class" and is left alone) gets the default class;
- the warning ``kubectl`` prints for a volume with the deprecated Recycle policy;
- the StorageObjectInUseProtection plugin: the protection finalizer on every new claim
  and volume (:mod:`kubelab.controllers.volumeprotection` removes it when unused).
"""
from __future__ import annotations

from typing import Callable

from ..api.meta import Obj
from ..api.volumes import ANN_BETA_CLASS, ANN_BETA_DEFAULT_CLASS, ANN_DEFAULT_CLASS

RECYCLE_WARNING = ("spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. "
                   "Instead, the recommended approach is to use dynamic provisioning.")


def default_storage_class(obj: Obj, old: Obj | None) -> None:
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


def is_default(cls: Obj) -> bool:
    ann = cls["metadata"].get("annotations") or {}
    return ann.get(ANN_DEFAULT_CLASS) == "true" or ann.get(ANN_BETA_DEFAULT_CLASS) == "true"


def default_class_admission(api) -> Callable[[Obj, Obj | None], None]:
    """GetDefaultClass: among several defaults the newest wins (ties: by name)."""
    def admit(claim: Obj, old: Obj | None) -> None:
        if old is not None or "storageClassName" in claim.get("spec", {}):
            return
        if ANN_BETA_CLASS in (claim["metadata"].get("annotations") or {}):
            return
        defaults = [c for c in api.list("storageclasses", None, copy=False) if is_default(c)]
        if not defaults:
            return
        by_name = sorted(defaults, key=lambda c: c["metadata"]["name"])
        newest = max(by_name, key=lambda c: c["metadata"].get("creationTimestamp", ""))
        claim["spec"]["storageClassName"] = newest["metadata"]["name"]
    return admit


def recycle_warning(warn: Callable[[str], None]) -> Callable[[Obj, Obj | None], None]:
    def check(pv: Obj, old: Obj | None) -> None:
        if (pv.get("spec") or {}).get("persistentVolumeReclaimPolicy") == "Recycle":
            warn(RECYCLE_WARNING)
    return check


def admit_finalizer(finalizer: str):
    """The admission hook: on create, add ``finalizer`` once."""
    def admit(obj: Obj, old: Obj | None) -> None:
        if old is not None:
            return
        fins = obj["metadata"].setdefault("finalizers", [])
        if finalizer not in fins:
            fins.append(finalizer)
    return admit
