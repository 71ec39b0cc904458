"""Shared pytest configuration.

pytest collects tests/ (unit and scenario tests), the docstring examples in kubelab/ and
every notebook in notebooks/ and widgets/ (nbval, stored outputs compared): see
[tool.pytest.ini_options] in pyproject.toml. Test files are imported with
--import-mode=importlib, so two areas may both have e.g. test_errors.py.
"""

import os
import types

import pytest
from hypothesis import HealthCheck, settings

# CI must not flake: a fixed example sequence (derandomize) and no per-example deadline
# (a shared 2-core runner is slower than a laptop). Locally hypothesis explores freely.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
# Strict kubectl (kubelab.kubectl.cli.STRICT_ENV): a simulator bug raises instead of
# exiting 1 like a refusal. Set in the environment so nbval's kernels inherit it.
os.environ.setdefault("KUBELAB_STRICT", "1")

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# --- builders for PersistentVolume tests (tests/storage, tests/controllers): objects in exact API shape

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


@pytest.fixture
def k():
    """The volume builders above, as ``k.pv(...)``, ``k.pvc(...)`` ..."""
    return types.SimpleNamespace(pv=pv, pvc=pvc, pod=pod, phase=phase, events=events)
