"""Storage: PersistentVolumes, claims and StorageClasses.

The pieces of Kubernetes that make a claim turn into a volume a pod can mount,
each where it lives in a real cluster:

- :mod:`.admission` — the apiserver's DefaultStorageClass and
  StorageObjectInUseProtection admission plugins, StorageClass defaulting and the
  warning for the deprecated Recycle policy;
- :mod:`.provisioner` — minikube's storage-provisioner (``k8s.io/minikube-hostpath``);
- :mod:`.scheduling` — the scheduler's VolumeBinding / VolumeRestrictions checks;
- :mod:`.data` — where the bytes live: hostPath directories per node, NFS exports.

Elsewhere, as in Kubernetes: the persistentvolume-binder and the protection controllers
run with the others in :mod:`kubelab.controllers` (``persistentvolume``,
``volumeprotection``); the annotation names and the claim-to-volume matching that all of
them share are API rules in :mod:`kubelab.api.volumes`.
"""
from __future__ import annotations

from .data import VolumeData
from .setup import StorageSystem, minikube_default_class

__all__ = ["StorageSystem", "VolumeData", "minikube_default_class"]
