"""What the Deployment controller and kubectl's rollout commands share
(pkg/controller/deployment/util and its copy in k8s.io/kubectl/pkg/util/deployment):
the annotations and label a rollout writes, the pod-template-hash, and how
ReplicaSets are compared and numbered.  Pure functions of API objects.

>>> template_equal({"metadata": {"labels": {"app": "a", HASH_LABEL: "x"}}}, {"metadata": {"labels": {"app": "a"}}})
True
>>> revision_of({"metadata": {"annotations": {REVISION: "3"}}}), revision_of({"metadata": {}})
(3, 0)
"""
from __future__ import annotations

import json

from .meta import Obj, clone

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE = "kubernetes.io/change-cause"
HASH_LABEL = "pod-template-hash"
# Annotations the Deployment controller does not copy to its ReplicaSets.
SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY,
                    DESIRED, MAX_REPLICAS, "deprecated.deployment.rollback.to"}

_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"


def safe_encode(text: str) -> str:
    """rand.SafeEncodeString: map each byte onto the vowel-free alphabet."""
    return "".join(_ALPHANUMS[b % len(_ALPHANUMS)] for b in text.encode())


def compute_hash(template: Obj, collision_count: int | None = None) -> str:
    """The pod-template-hash: FNV-32a of the template, written out as decimal and
    safe-encoded (controller.ComputeHash).  Kubernetes hashes Go's dump of the
    struct; we hash canonical JSON, so the value differs from a real cluster's
    but has the same form and the same stability (same template, same hash)."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":"))
    if collision_count:
        data += str(collision_count)
    h = 0x811C9DC5
    for b in data.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return safe_encode(str(h))


def template_equal(a: Obj, b: Obj) -> bool:
    """EqualIgnoreHash: templates equal once the pod-template-hash label is dropped."""
    a, b = clone(a), clone(b)
    for t in (a, b):
        labels = (t.get("metadata") or {}).get("labels") or {}
        labels.pop(HASH_LABEL, None)
        if "metadata" in t and not labels:
            t["metadata"].pop("labels", None)
    return a == b


def revision_of(rs: Obj) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0
