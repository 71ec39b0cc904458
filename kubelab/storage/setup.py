"""Wiring: everything storage adds to a cluster, in one place.

``StorageSystem(cluster)`` registers the admission hooks, makes the control loops
(binder, protection controllers, the minikube provisioner) and hands the scheduler
its volume checks; the cluster drains ``loops()`` with its controllers and gives
each kubelet ``claim_fs(node)``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.meta import Obj
from . import admission
from .constants import ANN_DEFAULT_CLASS, MINIKUBE_PROVISIONER, PV_PROTECTION, PVC_PROTECTION
from .data import VolumeData
from .protection import PVCProtectionController, PVProtectionController, admit_finalizer
from .provisioner import HostPathProvisioner
from .pvcontroller import PersistentVolumeController
from .scheduling import VolumeBinding

if TYPE_CHECKING:
    from ..cluster import Cluster


def minikube_default_class() -> Obj:
    """The ``standard`` class minikube's storage-provisioner addon creates."""
    return {
        "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
        "metadata": {"name": "standard",
                     "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists"},
                     "annotations": {ANN_DEFAULT_CLASS: "true"}},
        "provisioner": MINIKUBE_PROVISIONER,
        "reclaimPolicy": "Delete",
        "volumeBindingMode": "Immediate",
    }


class StorageSystem:
    def __init__(self, cluster: "Cluster", control_plane: str = "minikube"):
        api, clock, recorder = cluster.api, cluster.clock, cluster.recorder
        self.api = api
        self.data = VolumeData(control_plane)
        if not hasattr(api, "warnings"):
            api.warnings = []
        hooks = api.hooks
        hooks.defaulters["StorageClass"].append(admission.default_storage_class)
        hooks.admitters["PersistentVolumeClaim"].append(admission.default_class_admission(api))
        hooks.admitters["PersistentVolumeClaim"].append(admit_finalizer(PVC_PROTECTION))
        hooks.admitters["PersistentVolume"].append(admit_finalizer(PV_PROTECTION))
        hooks.validators["PersistentVolume"].append(admission.recycle_warning(lambda w: api.warnings.append(w)))
        self.binder = PersistentVolumeController(api, clock, recorder, self.data)
        self.pvc_protection = PVCProtectionController(api, clock, recorder)
        self.pv_protection = PVProtectionController(api, clock, recorder)
        self.provisioner: HostPathProvisioner | None = None
        self.volume_binding = VolumeBinding(api, retry=cluster.scheduler._retry_unschedulable,
                                            requeue=lambda key: _requeue(cluster.scheduler, key))
        cluster.scheduler.volume_binding = self.volume_binding

    def add_minikube_provisioner(self, cluster: "Cluster", node: str = "minikube") -> HostPathProvisioner:
        self.provisioner = HostPathProvisioner(cluster.api, cluster.clock, cluster.recorder, self.data, node,
                                               cluster.api.new_uid())
        return self.provisioner

    def loops(self) -> list:
        """Drained after the controllers: binder and protection first, the provisioner
        (a pod, not part of the controller manager) last."""
        out = [self.binder, self.pvc_protection, self.pv_protection]
        return out + ([self.provisioner] if self.provisioner else [])

    def drain(self) -> bool:
        did = False
        for loop in self.loops():
            did = loop.drain() or did
        return did

    def files(self, pv_name: str, node: str | None = None) -> dict[str, str]:
        """The files on a volume, as ``minikube ssh -- ls`` on ``node`` would find them."""
        pv = self.api.peek("persistentvolumes", pv_name, None)
        if pv is None:
            return {}
        return dict(sorted(self.data.backing(pv, node or self.data.control_plane).files.items()))

    def claim_fs(self, node: str):
        return self.data.claim_fs(self.api, node)


def _requeue(scheduler, key: str) -> None:
    if key not in scheduler._queued:
        scheduler._queued.add(key)
        scheduler.queue.append(key)
