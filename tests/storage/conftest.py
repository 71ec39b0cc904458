"""Small builders for storage tests (objects in exact API shape)."""


def pv(name, size="1Gi", modes=("ReadWriteOnce",), sc="manual", policy=None, path=None, labels=None, **spec):
    obj = {"apiVersion": "v1", "kind": "PersistentVolume",
           "metadata": {"name": name, **({"labels": labels} if labels else {})},
           "spec": {"capacity": {"storage": size}, "accessModes": list(modes),
                    "hostPath": {"path": path or f"/mnt/{name}"}, **spec}}
    if sc is not None:
        obj["spec"]["storageClassName"] = sc
    if policy:
        obj["spec"]["persistentVolumeReclaimPolicy"] = policy
    return obj


def pvc(name, size="1Gi", modes=("ReadWriteOnce",), sc="manual", **spec):
    obj = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
           "spec": {"accessModes": list(modes), "resources": {"requests": {"storage": size}}, **spec}}
    if sc is not None:
        obj["spec"]["storageClassName"] = sc
    return obj


def pod(name, claim, command="sleep 3600", node=None):
    spec = {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", command],
                            "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
            "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": claim}}]}
    if node:
        spec["nodeSelector"] = {"kubernetes.io/hostname": node}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}


def phase(c, kind, name):
    obj = c.get(kind, name)
    return None if obj is None else (obj.get("status") or {}).get("phase")


def events(c, name, reason=None):
    return [e for e in c.api.list("events", "default") if e["involvedObject"]["name"] == name
            and (reason is None or e["reason"] == reason)]


import types

import pytest

import kubelab


@pytest.fixture
def k():
    """The builders above, as ``k.pv(...)``, ``k.pvc(...)`` ..."""
    return types.SimpleNamespace(pv=pv, pvc=pvc, pod=pod, phase=phase, events=events)


@pytest.fixture
def c():
    return kubelab.Cluster()
