"""Storage: PersistentVolumes, claims and StorageClasses.

The pieces of Kubernetes that make a claim turn into a volume a pod can mount,
each where it lives in a real cluster:

- :mod:`.admission` — the apiserver's DefaultStorageClass and
  StorageObjectInUseProtection admission plugins, StorageClass defaulting and the
  warning for the deprecated Recycle policy;
- :mod:`.pvcontroller` — kube-controller-manager's persistentvolume-binder
  (binding, phases, reclaiming);
- :mod:`.protection` — the pvc-protection and pv-protection controllers;
- :mod:`.provisioner` — minikube's storage-provisioner (``k8s.io/minikube-hostpath``);
- :mod:`.scheduling` — the scheduler's VolumeBinding / VolumeRestrictions checks;
- :mod:`.data` — where the bytes live: hostPath directories per node, NFS exports.

The layers contract keeps this package independent of :mod:`kubelab.controllers`,
so its control loops use the small :class:`.loop.Loop` base.
"""
from __future__ import annotations

from .constants import (ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_DEFAULT_CLASS, ANN_PROVISIONED_BY,
                        ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, MINIKUBE_PROVISIONER, PV_PROTECTION,
                        PVC_PROTECTION)
from .data import VolumeData
from .matching import find_best_match
from .setup import StorageSystem, minikube_default_class

__all__ = ["StorageSystem", "VolumeData", "find_best_match", "minikube_default_class",
           "ANN_BIND_COMPLETED", "ANN_BOUND_BY_CONTROLLER", "ANN_DEFAULT_CLASS", "ANN_PROVISIONED_BY",
           "ANN_SELECTED_NODE", "ANN_STORAGE_PROVISIONER", "MINIKUBE_PROVISIONER", "PV_PROTECTION",
           "PVC_PROTECTION"]
