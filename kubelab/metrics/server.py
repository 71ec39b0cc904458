"""metrics-server (kubernetes-sigs/metrics-server v0.7): scrapes every kubelet's
resource metrics once per ``--metric-resolution`` and keeps, per pod and node, the
CPU rate between its last two samples and the latest memory.

It runs only while its pod does: a pod labelled ``k8s-app=metrics-server`` in
kube-system (what ``minikube addons enable metrics-server`` or the project's
components.yaml deploy) with its container running.  Its first scrape is at start;
a pod's CPU needs two samples, so for one resolution (60 s with minikube's
``--metric-resolution=60s``) ``kubectl top`` says ``metrics not available yet``.
The apiserver reaches it through the aggregator (:mod:`kubelab.api.metrics`).

A PodMetrics is what the HPA controller and ``kubectl top`` read::

    containers: [{name: php-apache, usage: {cpu: 487804878n, memory: 11628Ki}}]
    timestamp: 2025-01-06T09:05:00Z        # the newer sample
    window: 1m0s                           # between the two samples
"""
from __future__ import annotations

import re
from typing import Callable

from ..api import metrics as mapi
from ..api.meta import Obj

NAMESPACE, LABEL = "kube-system", ("k8s-app", "metrics-server")
#: metrics-server's own default for --metric-resolution
DEFAULT_RESOLUTION = 60.0


def parse_duration(text: str) -> float | None:
    """A Go duration as flags take it (``60s``, ``1m``, ``1m30s``, ``500ms``)."""
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[u] for n, u in parts)


def resolution_of(pod: Obj) -> float:
    for c in pod["spec"].get("containers") or []:
        for arg in [*(c.get("command") or []), *(c.get("args") or [])]:
            if arg.startswith("--metric-resolution="):
                return parse_duration(arg.split("=", 1)[1]) or DEFAULT_RESOLUTION
    return DEFAULT_RESOLUTION


def _running(pod: Obj) -> bool:
    if pod["metadata"].get("deletionTimestamp"):
        return False
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    return any("running" in (s.get("state") or {}) for s in statuses)


class MetricsServer:
    """The scraper and its storage; ``scrape()`` reads every kubelet's
    /metrics/resource (a list of :class:`~kubelab.api.metrics.NodeSample`)."""

    component = "metrics-server"

    def __init__(self, api, clock, scrape: Callable[[], list[mapi.NodeSample]]):
        self.api = api
        self.clock = clock
        self.scrape = scrape
        self.pod: str | None = None            # the metrics-server pod that runs
        self.resolution = DEFAULT_RESOLUTION
        self.timer = None
        self.previous: dict[str, mapi.NodeSample] = {}
        self.storage = mapi.Storage()
        self._dirty = False
        api.watch(self._on_pod, "Pod", namespaces=(NAMESPACE,))     # its own namespace's pods only

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        if (pod["metadata"].get("labels") or {}).get(LABEL[0]) == LABEL[1]:
            self._dirty = True

    def drain(self) -> bool:
        """Start or stop with the pod.  Writes nothing to the API, so never 'did work'."""
        if not self._dirty:
            return False
        self._dirty = False
        running = [p for p in self.api.list("pods", NAMESPACE, copy=False)
                   if (p["metadata"].get("labels") or {}).get(LABEL[0]) == LABEL[1] and _running(p)]
        if running and self.pod is None:
            self._start(running[0])
        elif not running and self.pod is not None:
            self._stop()
        return False

    def _start(self, pod: Obj) -> None:
        self.pod = pod["metadata"]["name"]
        self.resolution = resolution_of(pod)
        self.previous = {}
        self.storage = mapi.Storage()
        self.api.metrics.storage = self.storage
        self._tick()

    def _stop(self) -> None:
        self.pod = None
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.api.metrics.storage = None

    def _tick(self) -> None:
        samples = self.scrape()
        nodes: dict[str, Obj] = {}
        pods: dict[str, Obj] = {}
        for s in samples:
            before = self.previous.get(s.node)
            if before is None or s.time <= before.time:
                continue
            window = s.time - before.time
            node = self.api.peek("nodes", s.node)
            # a counter that went back (containers gone) gives no rate: the system's share then
            rate = max(0.0, (s.cpu - before.cpu) / window)
            nodes[s.node] = self._node_metrics(s, node, rate, window)
            old = {(p.namespace, p.name, c.name): c for p in before.pods for c in p.containers}
            for p in s.pods:
                usage = []
                for c in p.containers:
                    prev = old.get((p.namespace, p.name, c.name))
                    if prev is None or prev.start != c.start:
                        break          # one sample of this run so far: no rate for the pod
                    usage.append({"name": c.name, "usage": {"cpu": mapi.cpu_quantity((c.cpu - prev.cpu) / window),
                                                            "memory": mapi.memory_quantity(c.memory)}})
                else:
                    obj = self.api.peek("pods", p.name, p.namespace)
                    if obj is not None:
                        pods[f"{p.namespace}/{p.name}"] = self._pod_metrics(obj, usage, s.time, window)
        self.previous = {s.node: s for s in samples}
        self.storage.pods, self.storage.nodes = pods, nodes
        self.timer = self.clock.schedule(self.resolution, self._tick, label="metrics-server scrape")

    def _pod_metrics(self, pod: Obj, usage: list[Obj], t: float, window: float) -> Obj:
        md = pod["metadata"]
        meta: Obj = {"name": md["name"], "namespace": md["namespace"]}
        if md.get("labels"):
            meta["labels"] = dict(md["labels"])
        return {"kind": "PodMetrics", "apiVersion": mapi.API_VERSION, "metadata": meta,
                "timestamp": self.clock.timestamp(t), "window": mapi.go_duration(window), "containers": usage}

    def _node_metrics(self, s: mapi.NodeSample, node: Obj | None, rate: float, window: float) -> Obj:
        meta: Obj = {"name": s.node}
        labels = ((node or {}).get("metadata") or {}).get("labels")
        if labels:
            meta["labels"] = dict(labels)
        return {"kind": "NodeMetrics", "apiVersion": mapi.API_VERSION, "metadata": meta,
                "timestamp": self.clock.timestamp(s.time), "window": mapi.go_duration(window),
                "usage": {"cpu": mapi.cpu_quantity(rate), "memory": mapi.memory_quantity(s.memory)}}
