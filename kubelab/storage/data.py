"""Where a volume's bytes live, so data outlives the pods that wrote it.

A hostPath (or local) volume is a directory on one node: two pods on the same node
see the same files, a pod on another node sees that node's directory.  An NFS
export is one directory the whole cluster shares.  Anything else (CSI, cloud
disks) follows its PersistentVolume.

>>> d = VolumeData("minikube")
>>> d.host_path("minikube", "/data").files["/a"] = "hi"
>>> d.host_path("minikube", "/data").files
{'/a': 'hi'}
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api.meta import Obj
from ..apps.base import FileSystem

if TYPE_CHECKING:
    from ..api.store import Store


class ClaimMountError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class VolumeData:
    def __init__(self, control_plane: str = "minikube"):
        self.control_plane = control_plane          # where kube-controller-manager's deleters run
        self.nodes: dict[str, dict[str, FileSystem]] = {}
        self.shared: dict[str, FileSystem] = {}

    def node(self, name: str) -> dict[str, FileSystem]:
        """The node's hostPath directories (the kubelet mounts hostPath volumes from here)."""
        return self.nodes.setdefault(name, {})

    def host_path(self, node: str, path: str) -> FileSystem:
        return self.node(node).setdefault(path.rstrip("/") or "/", FileSystem())

    def backing(self, pv: Obj, node: str) -> FileSystem:
        """The filesystem ``pv`` is, as seen from ``node``."""
        spec = pv["spec"]
        if spec.get("hostPath"):
            return self.host_path(node, spec["hostPath"].get("path", "/"))
        if spec.get("local"):
            return self.host_path(node, spec["local"].get("path", "/"))
        if spec.get("nfs"):
            nfs = spec["nfs"]
            return self.shared.setdefault(f"nfs://{nfs.get('server', '')}{nfs.get('path', '')}", FileSystem())
        return self.shared.setdefault(f"pv/{pv['metadata']['name']}", FileSystem())

    def scrub(self, pv: Obj, node: str | None = None) -> None:
        """What the recycler pod's ``rm -rf /scrub/*`` leaves: an empty directory."""
        self.backing(pv, node or self.control_plane).files.clear()

    def remove(self, pv: Obj, node: str | None = None) -> None:
        """The storage asset is gone (a deleter's ``os.RemoveAll``)."""
        spec = pv["spec"]
        node = node or self.control_plane
        if spec.get("hostPath") or spec.get("local"):
            path = (spec.get("hostPath") or spec.get("local")).get("path", "/").rstrip("/") or "/"
            self.node(node).pop(path, None)
        else:
            self.backing(pv, node).files.clear()

    def claim_fs(self, api: "Store", node: str) -> Callable[[str, str], FileSystem]:
        """The ``claim_fs(namespace, claimName)`` a kubelet on ``node`` mounts claims with."""
        def mount(ns: str, claim_name: str) -> FileSystem:
            claim = api.peek("persistentvolumeclaims", claim_name, ns)
            if claim is None:
                raise ClaimMountError(f'persistentvolumeclaim "{claim_name}" not found')
            pv_name = claim["spec"].get("volumeName")
            pv = api.peek("persistentvolumes", pv_name, None) if pv_name else None
            if pv is None:
                raise ClaimMountError(f'PVC {ns}/{claim_name} has non-bound phase ("Pending")')
            return self.backing(pv, node)
        return mount
