"""The pod garbage collector (pkg/controller/podgc/gc_controller.go).

Finished pods (phase Succeeded or Failed) stay in the API until someone deletes
them: a Job keeps its pods so their logs can be read.  When there are more of
them than ``--terminated-pod-gc-threshold`` (12500 by default), the collector
deletes the oldest ones down to the threshold.  It also deletes pods bound to
a node that no longer exists (orphans).  It runs every 20 s (gcCheckPeriod).

>>> pods = [{"metadata": {"name": n, "creationTimestamp": t}, "status": {"phase": "Succeeded"}}
...         for n, t in (("b", "2025-01-06T09:00:02Z"), ("a", "2025-01-06T09:00:01Z"), ("c", "2025-01-06T09:00:03Z"))]
>>> [p["metadata"]["name"] for p in compute_terminated_to_delete(pods, threshold=1)]
['a', 'b']
"""
from __future__ import annotations

from ..api.errors import ApiError
from ..api.meta import Obj, is_deleting
from .base import Controller

GC_CHECK_PERIOD = 20.0
DEFAULT_THRESHOLD = 12500


def is_terminated(pod: Obj) -> bool:
    return pod.get("status", {}).get("phase") in ("Succeeded", "Failed")


def compute_terminated_to_delete(terminated: list[Obj], threshold: int) -> list[Obj]:
    """gcTerminated: above the threshold, the oldest (by creationTimestamp) go first."""
    excess = len(terminated) - threshold
    if threshold <= 0 or excess <= 0:
        return []
    ordered = sorted(terminated, key=lambda p: (p["metadata"].get("creationTimestamp", ""), p["metadata"]["name"]))
    return ordered[:excess]


class PodGCController(Controller):
    name = "pod-garbage-collector"

    def __init__(self, api, clock, recorder, threshold: int = DEFAULT_THRESHOLD, period: float = GC_CHECK_PERIOD):
        self.threshold = threshold
        self.period = period
        self.terminated: set[str] = set()     # keys of finished pods, kept by watching (no scans)
        super().__init__(api, clock, recorder)

    def setup(self) -> None:
        self.watch("Pod", self._on_pod)
        self.clock.schedule(self.period, self._tick, label="pod gc")

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        # is_terminated, inline: every change of every pod comes here
        done = etype != "DELETED" and pod.get("status", {}).get("phase") in ("Succeeded", "Failed")
        if not done and not self.terminated:
            return                 # nothing to forget (a busy cluster's running pods)
        md = pod["metadata"]
        key = md["namespace"] + "/" + md["name"]
        if done:
            self.terminated.add(key)
        else:
            self.terminated.discard(key)

    def _tick(self) -> None:
        self.enqueue("gc")
        self.clock.schedule(self.period, self._tick, label="pod gc")

    def sync(self, key: str) -> None:
        if len(self.terminated) > self.threshold > 0:
            pods = []
            for k in sorted(self.terminated):
                ns, name = k.split("/", 1)
                pod = self.api.peek("pods", name, ns)
                if pod is not None and not is_deleting(pod):
                    pods.append(pod)
            for pod in compute_terminated_to_delete(pods, self.threshold):
                self._delete(pod)
        self._gc_orphaned()

    def _gc_orphaned(self) -> None:
        """Pods bound to a node that is gone cannot be confirmed stopped by anyone: force them out."""
        nodes = {n["metadata"]["name"] for n in self.api.list("nodes", copy=False)}
        for node_name in sorted(self._bound_nodes() - nodes):
            for pod in self.api.list("pods", None, copy=False, node=node_name):
                self._delete(pod, force=True)

    def _bound_nodes(self) -> set[str]:
        # The scheduler's and kubelets' views are not ours to read: ask the API.
        return {p["spec"]["nodeName"] for p in self.api.list("pods", None, copy=False) if p["spec"].get("nodeName")}

    def _delete(self, pod: Obj, force: bool = False) -> None:
        md = pod["metadata"]
        try:
            self.api.delete("pods", md["name"], md["namespace"], grace_period=0 if force or is_terminated(pod) else None)
        except ApiError:        # already gone: nothing to collect
            pass
