"""minikube's storage-provisioner: the external provisioner ``k8s.io/minikube-hostpath``.

It runs as the ``storage-provisioner`` pod in kube-system (sig-storage-lib-external-
provisioner).  For a claim the persistentvolume-controller has annotated with
``volume.kubernetes.io/storage-provisioner: k8s.io/minikube-hostpath`` it makes a
directory ``/tmp/hostpath-provisioner/<namespace>/<claim>`` on the node and a
PersistentVolume ``pvc-<claim uid>`` pre-bound to the claim (the binder then
completes the binding).  When such a volume is Released with policy Delete, it
removes the directory and the PersistentVolume.
"""
from __future__ import annotations

import posixpath

from ..api.errors import ApiError
from ..api.meta import Obj, clone
from ..api.volumes import (ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, MINIKUBE_PROVISIONER,
                           claim_class)
from ..api.workqueue import WorkQueue, split_key
from .data import VolumeData

PV_DIR = "/tmp/hostpath-provisioner"


class HostPathProvisioner:
    """A control loop, but not the controller manager's: it runs in minikube's
    storage-provisioner pod, on the shared work queue."""
    name = "storage-provisioner"

    def __init__(self, api, clock, recorder, data: VolumeData, node: str, identity: str):
        self.api, self.clock, self.recorder = api, clock, recorder
        self.queue = WorkQueue()
        self.data = data
        self.node = node
        self.identity = identity
        #: the lib's event source: <provisioner>_<hostname>_<uuid>
        self.component = f"{MINIKUBE_PROVISIONER}_{node}_{identity}"
        api.watch(self._on_claim, "PersistentVolumeClaim")
        api.watch(self._on_volume, "PersistentVolume")

    def enqueue(self, key: str) -> None:
        self.queue.add(key)

    def drain(self) -> bool:
        return self.queue.drain(self.api, self.component, self.sync)

    def _running(self) -> bool:
        """It only acts while its pod runs (delete the pod and claims stay Pending)."""
        pod = self.api.peek("pods", "storage-provisioner", "kube-system")
        return pod is not None and (pod.get("status") or {}).get("phase") == "Running"

    def _on_claim(self, etype: str, claim: Obj, old: Obj | None) -> None:
        if etype != "DELETED" and (claim["metadata"].get("annotations") or {}).get(ANN_STORAGE_PROVISIONER) == MINIKUBE_PROVISIONER:
            self.enqueue(f"pvc:{claim['metadata']['namespace']}/{claim['metadata']['name']}")

    def _on_volume(self, etype: str, pv: Obj, old: Obj | None) -> None:
        if etype != "DELETED" and (pv["metadata"].get("annotations") or {}).get(ANN_PROVISIONED_BY) == MINIKUBE_PROVISIONER:
            self.enqueue("pv:" + pv["metadata"]["name"])

    def sync(self, key: str) -> None:
        if not self._running():
            self.clock.schedule(5.0, lambda: self.enqueue(key), label=f"{self.name} requeue {key}")
            return
        kind, _, rest = key.partition(":")
        if kind == "pvc":
            ns, name = split_key(rest)
            claim = self.api.try_get("persistentvolumeclaims", name, ns)
            if claim is not None:
                self.provision(claim)
        else:
            pv = self.api.try_get("persistentvolumes", rest, None)
            if pv is not None:
                self.maybe_delete(pv)

    def provision(self, claim: Obj) -> None:
        md = claim["metadata"]
        if claim["spec"].get("volumeName") or md.get("deletionTimestamp"):
            return
        cls = self.api.peek("storageclasses", claim_class(claim), None)
        if cls is None or cls.get("provisioner") != MINIKUBE_PROVISIONER:
            return
        if cls.get("volumeBindingMode") == "WaitForFirstConsumer" and ANN_SELECTED_NODE not in (md.get("annotations") or {}):
            return
        pv_name = f"pvc-{md['uid']}"
        if self.api.peek("persistentvolumes", pv_name, None) is not None:
            return
        self.recorder.normal(claim, "Provisioning",
                             f'External provisioner is provisioning volume for claim "{md["namespace"]}/{md["name"]}"',
                             component=self.component)
        path = posixpath.join(PV_DIR, md["namespace"], md["name"])
        self.data.host_path(self.node, path)          # os.MkdirAll on the node
        pv = {
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": pv_name, "annotations": {"hostPathProvisionerIdentity": self.identity,
                                                          ANN_PROVISIONED_BY: MINIKUBE_PROVISIONER}},
            "spec": {
                "accessModes": clone(claim["spec"].get("accessModes")),
                "capacity": {"storage": ((claim["spec"].get("resources") or {}).get("requests") or {}).get("storage", "0")},
                "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": md["name"],
                             "namespace": md["namespace"], "resourceVersion": md.get("resourceVersion", ""),
                             "uid": md["uid"]},
                "hostPath": {"path": path, "type": ""},
                "persistentVolumeReclaimPolicy": cls.get("reclaimPolicy") or "Delete",
                "storageClassName": cls["metadata"]["name"],
                "volumeMode": claim["spec"].get("volumeMode") or "Filesystem",
            },
        }
        self.api.create(pv)
        self.recorder.normal(claim, "ProvisioningSucceeded", f"Successfully provisioned volume {pv_name}",
                             component=self.component)

    def maybe_delete(self, pv: Obj) -> None:
        if (pv.get("status") or {}).get("phase") != "Released" or pv["metadata"].get("deletionTimestamp"):
            return
        if pv["spec"].get("persistentVolumeReclaimPolicy") != "Delete":
            return
        self.data.remove(pv, self.node)
        try:
            self.api.delete("persistentvolumes", pv["metadata"]["name"])
        except ApiError:
            pass
