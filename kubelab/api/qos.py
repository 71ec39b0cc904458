"""A pod's QoS class: pkg/apis/core/helper/qos (GetPodQOS, ComputePodQOS), v1.32.

Only cpu and memory count, and only quantities above zero.  Requests and limits are summed
over the pod's containers and init containers (ephemeral containers have no resources), then:
BestEffort when nothing is set; Guaranteed when every container limits both cpu and memory and
the summed requests equal the summed limits (compared as quantities, so ``cpu: 1`` equals
``1000m``); Burstable otherwise.

>>> compute_pod_qos({"containers": [{"resources": {"requests": {"cpu": "1", "memory": "1Gi"},
...                                                 "limits": {"cpu": "1000m", "memory": "1Gi"}}}]})
'Guaranteed'
"""
from __future__ import annotations

from fractions import Fraction

from .meta import Obj
from .quantity import parse_quantity

__all__ = ["compute_pod_qos", "get_pod_qos"]

_QOS_RESOURCES = ("cpu", "memory")


def _add(total: dict[str, Fraction], resources: dict) -> set[str]:
    """Add the positive cpu/memory quantities to ``total``; the names that were added."""
    found = set()
    for name, q in resources.items():
        if name not in _QOS_RESOURCES:
            continue
        amount = Fraction(parse_quantity(q).amount)
        if amount > 0:
            total[name] = total.get(name, Fraction(0)) + amount
            found.add(name)
    return found


def compute_pod_qos(spec: Obj) -> str:
    """ComputePodQOS from a pod spec (the class the apiserver stores in status.qosClass)."""
    requests: dict[str, Fraction] = {}
    limits: dict[str, Fraction] = {}
    guaranteed = True
    containers = list(spec.get("containers") or []) + list(spec.get("initContainers") or [])
    for c in containers:
        if c.get("resources"):
            break
    else:
        return "BestEffort"      # no container asks for anything (most pods): nothing to add up
    for c in containers:
        res = c.get("resources") or {}
        _add(requests, res.get("requests") or {})
        if _add(limits, res.get("limits") or {}) != set(_QOS_RESOURCES):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(limits.get(n) == q for n, q in requests.items()) \
            and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


def get_pod_qos(pod: Obj) -> str:
    """GetPodQOS: status.qosClass when the pod has one, else computed from its spec."""
    return (pod.get("status") or {}).get("qosClass") or compute_pod_qos(pod.get("spec") or {})
