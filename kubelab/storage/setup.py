"""What storage adds to a cluster, given the store, the clock and two callbacks.

``StorageSystem(api, clock, recorder, retry=..., requeue=...)`` registers the admission
hooks and makes the scheduler's volume checks (``volume_binding``, which the cluster hands
to the scheduler; ``retry`` and ``requeue`` are the scheduler's, to put pods back in its
queue when a claim binds) and, on minikube, the storage-provisioner; the cluster drains
``loops()`` with its controllers and gives each kubelet ``claim_fs(node)``.
"""
from __future__ import annotations

from typing import Callable

from ..api.meta import Obj
from ..api.volumes import ANN_DEFAULT_CLASS, MINIKUBE_PROVISIONER, PV_PROTECTION, PVC_PROTECTION
from . import admission
from .data import VolumeData
from .provisioner import HostPathProvisioner
from .scheduling import VolumeBinding


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
    def __init__(self, api, clock, recorder, *, retry: Callable[[], None], requeue: Callable[[str], None],
                 control_plane: str = "minikube"):
        self.api, self.clock, self.recorder = api, clock, recorder
        self.data = VolumeData(control_plane)
        if not hasattr(api, "warnings"):
            api.warnings = []
        hooks = api.hooks
        hooks.defaulters["StorageClass"].append(admission.default_storage_class)
        hooks.admitters["PersistentVolumeClaim"].append(admission.default_class_admission(api))
        hooks.admitters["PersistentVolumeClaim"].append(admission.admit_finalizer(PVC_PROTECTION))
        hooks.admitters["PersistentVolume"].append(admission.admit_finalizer(PV_PROTECTION))
        hooks.validators["PersistentVolume"].append(admission.recycle_warning(lambda w: api.warnings.append(w)))
        self.provisioner: HostPathProvisioner | None = None
        self.volume_binding = VolumeBinding(api, retry=retry, requeue=requeue)

    def add_minikube_provisioner(self, node: str = "minikube") -> HostPathProvisioner:
        self.provisioner = HostPathProvisioner(self.api, self.clock, self.recorder, self.data, node,
                                               self.api.new_uid())
        return self.provisioner

    def loops(self) -> list:
        """The provisioner (a pod, not part of the controller manager), drained after the
        controllers."""
        return [self.provisioner] if self.provisioner else []

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
