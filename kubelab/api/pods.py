"""A pod's readiness, as pkg/api/v1/pod/util.go words it (v1.32).

Controllers, kubectl and the pictures all ask here; the rule is the Ready condition, not the
phase or the container statuses.

>>> pod = {"status": {"conditions": [{"type": "Ready", "status": "True",
...                                   "lastTransitionTime": "2025-01-06T09:00:00Z"}]}}
>>> is_pod_ready(pod), is_pod_ready({"status": {"phase": "Running"}})
(True, False)
"""
from __future__ import annotations

from typing import Callable

from .meta import Obj, condition_true, find_condition

__all__ = ["is_pod_ready", "ready_since", "is_pod_available"]


def is_pod_ready(pod: Obj) -> bool:
    """IsPodReady: the Ready condition is True."""
    return condition_true(pod, "Ready")


def ready_since(pod: Obj, parse: Callable[[str], float]) -> float | None:
    """When a ready pod became Ready (its condition's lastTransitionTime), None if it is not
    ready or the time is unset (podutils.podReadyTime)."""
    cond = find_condition(pod, "Ready")
    if not cond or cond.get("status") != "True" or not cond.get("lastTransitionTime"):
        return None
    return parse(cond["lastTransitionTime"])


def is_pod_available(pod: Obj, min_ready_seconds: int, now_ts: float,
                     parse: Callable[[str], float]) -> bool:
    """IsPodAvailable: ready, and ready for more than minReadySeconds:
    ``lastTransitionTime + minReadySeconds`` strictly before now (``time.Time.Before``),
    so a pod ready at 09:00:00 with minReadySeconds 10 is not available at 09:00:10.

    >>> pod = {"status": {"conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "t"}]}}
    >>> [is_pod_available(pod, 10, now, lambda t: 100.0) for now in (110.0, 110.5)]
    [False, True]
    >>> is_pod_available(pod, 0, 0.0, lambda t: 100.0)
    True
    """
    if not is_pod_ready(pod):
        return False
    if not min_ready_seconds:
        return True
    since = ready_since(pod, parse)
    return since is not None and since + min_ready_seconds < now_ts
