"""The node lifecycle controller and the taint eviction controller
(pkg/controller/nodelifecycle, pkg/controller/tainteviction).

Every ``node-monitor-period`` (5 s) the node lifecycle controller looks at each
node's heartbeat — its Lease in ``kube-node-lease``, renewed by the kubelet every
10 s.  A node silent for longer than ``node-monitor-grace-period`` (50 s since
v1.32, kubernetes#126287; 40 s before) gets its conditions set to ``Unknown``
("Kubelet stopped posting node status."), the taints
``node.kubernetes.io/unreachable`` with effects NoSchedule and NoExecute, and
its pods are marked not Ready (so Services stop sending them traffic).

The taint eviction controller then deletes each pod on a NoExecute-tainted node
once its toleration runs out: every pod gets ``tolerationSeconds: 300`` for
``unreachable`` and ``not-ready`` from the DefaultTolerationSeconds admission
plugin, so pods are evicted five minutes later — one clock timer per pod, not
a scan.  Their controllers (ReplicaSet, ...) create replacements elsewhere; the
deleted pods stay ``Terminating`` until the node comes back (no kubelet is
there to confirm they stopped) or the node object is deleted.

When the kubelet posts Ready again, the taints are removed and pending
evictions cancelled.
"""
from __future__ import annotations

from ..api.taints import tolerates

from typing import TYPE_CHECKING, Any

from ..api.meta import Obj, is_deleting
from ..clock import parse_timestamp
from .base import Controller

if TYPE_CHECKING:
    pass

NODE_MONITOR_PERIOD = 5.0
NODE_MONITOR_GRACE_PERIOD = 50.0
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")


def last_heartbeat(api, node: Obj) -> float | None:
    """The newest of the Lease's renewTime and the Ready condition's lastHeartbeatTime."""
    times = []
    lease = api.peek("leases", node["metadata"]["name"], "kube-node-lease")
    if lease is not None and lease.get("spec", {}).get("renewTime"):
        times.append(parse_timestamp(lease["spec"]["renewTime"]))
    for c in node.get("status", {}).get("conditions", []):
        if c["type"] == "Ready" and c.get("lastHeartbeatTime"):
            times.append(parse_timestamp(c["lastHeartbeatTime"]))
    return max(times) if times else None


def ready_status(node: Obj) -> str:
    for c in node.get("status", {}).get("conditions", []):
        if c["type"] == "Ready":
            return c.get("status", "Unknown")
    return "Unknown"


UNSCHEDULABLE = "node.kubernetes.io/unschedulable"


class NodeLifecycleController(Controller):
    name = "node-lifecycle"
    events_component = "node-controller"

    def __init__(self, api, clock, recorder, grace_period: float = NODE_MONITOR_GRACE_PERIOD,
                 period: float = NODE_MONITOR_PERIOD):
        self.grace_period = grace_period
        self.period = period
        self.timer = None
        super().__init__(api, clock, recorder)

    def setup(self) -> None:
        self.watch("Node", lambda etype, obj, old: self.enqueue("/" + obj["metadata"]["name"]))
        self.timer = self.clock.schedule(self.period, self._monitor, label="node monitor")

    def _monitor(self) -> None:
        """monitorNodeHealth: every period, look at every node's heartbeat."""
        for node in self.api.list("nodes", copy=False):
            self.enqueue("/" + node["metadata"]["name"])
        self.timer = self.clock.schedule(self.period, self._monitor, label="node monitor")

    def sync(self, key: str) -> None:
        name = key.lstrip("/")
        node = self.api.peek("nodes", name)
        if node is None:
            return
        beat = last_heartbeat(self.api, node)
        silent = beat is not None and self.clock.now - beat > self.grace_period
        ready = ready_status(node)
        if silent and ready != "Unknown":
            self._mark_unknown(node)
            node = None                     # written: read it again
        elif not silent and ready == "True" and self._untaint(node):
            node = None
        self._unschedulable_taint(name, node)

    def _unschedulable_taint(self, name: str, node: Obj | None = None) -> None:
        """doNoScheduleTaintingPass: a cordoned node (spec.unschedulable) carries the
        node.kubernetes.io/unschedulable:NoSchedule taint, and loses it when uncordoned.
        ``node``: the stored node when the caller has it (and has not written it since)."""
        if node is None:
            node = self.api.peek("nodes", name)
        if node is None:
            return
        want = bool((node.get("spec") or {}).get("unschedulable"))
        has = any(t.get("key") == UNSCHEDULABLE for t in (node.get("spec") or {}).get("taints") or [])
        if want == has:
            return
        now = self.clock.timestamp()

        def swap(n: Obj) -> None:
            taints = [t for t in n["spec"].get("taints") or [] if t.get("key") != UNSCHEDULABLE]
            if want:
                taints.append({"effect": "NoSchedule", "key": UNSCHEDULABLE, "timeAdded": now})
            if taints:
                n["spec"]["taints"] = taints
            else:
                n["spec"].pop("taints", None)
        self.api.mutate("nodes", name, None, swap)

    def _mark_unknown(self, node: Obj) -> None:
        name = node["metadata"]["name"]
        now = self.clock.timestamp()

        def unknown(n: Obj) -> None:
            for c in n["status"].get("conditions", []):
                if c["type"] in CONDITIONS:
                    c.update(status="Unknown", reason="NodeStatusUnknown",
                             message="Kubelet stopped posting node status.", lastTransitionTime=now)
        self.api.mutate("nodes", name, None, unknown, status=True)
        self.recorder.event(node, "Normal", "NodeNotReady", f"Node {name} status is now: NodeNotReady",
                            component=self.events_component)

        def taint(n: Obj) -> None:
            taints = [t for t in n["spec"].get("taints") or [] if t.get("key") not in (UNREACHABLE, NOT_READY)]
            taints += [{"effect": "NoSchedule", "key": UNREACHABLE, "timeAdded": now},
                       {"effect": "NoExecute", "key": UNREACHABLE, "timeAdded": now}]
            n["spec"]["taints"] = taints
        self.api.mutate("nodes", name, None, taint)
        # MarkPodsNotReady: Services stop routing to the node's pods at once.
        for pod in self.api.list("pods", None, copy=False, node=name):       # the spec.nodeName index
            if pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
                continue
            self._mark_pod_not_ready(pod, now)

    def _mark_pod_not_ready(self, pod: Obj, now: str) -> None:
        def not_ready(p: Obj) -> None:
            for c in p.get("status", {}).get("conditions", []):
                if c["type"] == "Ready" and c["status"] != "False":
                    c.update(status="False", lastTransitionTime=now)
                    c.pop("reason", None)
                    c.pop("message", None)
        md = pod["metadata"]
        self.api.mutate("pods", md["name"], md["namespace"], not_ready, status=True)
        self.recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready", component=self.events_component)

    def _untaint(self, node: Obj) -> bool:
        """Drop the unreachable/not-ready taints; True if there were any (the node was written)."""
        taints = node["spec"].get("taints") or []
        if not any(t.get("key") in (UNREACHABLE, NOT_READY) for t in taints):
            return False

        def drop(n: Obj) -> None:
            kept = [t for t in n["spec"].get("taints") or [] if t.get("key") not in (UNREACHABLE, NOT_READY)]
            if kept:
                n["spec"]["taints"] = kept
            else:
                n["spec"].pop("taints", None)
        self.api.mutate("nodes", node["metadata"]["name"], None, drop)
        return True


def eviction_delay(tolerations: list[Obj] | None, taints: list[Obj], now: float) -> float | None:
    """Seconds until a pod must go for these NoExecute taints (None: it tolerates them forever).

    getMinTolerationTime: an untolerated taint means now (0); otherwise the
    smallest tolerationSeconds, counted from when the taint was added.

    >>> t = [{"key": UNREACHABLE, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
    >>> eviction_delay(t, [{"key": UNREACHABLE, "effect": "NoExecute", "timeAdded": "2025-01-06T09:01:00Z"}], 100.0)
    260.0
    >>> eviction_delay([], [{"key": UNREACHABLE, "effect": "NoExecute"}], 0.0) is None or 0.0
    0.0
    """
    delay: float | None = None
    for taint in taints:
        if taint.get("effect") != "NoExecute":
            continue
        matching = [t for t in tolerations or [] if tolerates([t], taint)]
        if not matching:
            return 0.0
        added = parse_timestamp(taint["timeAdded"]) if taint.get("timeAdded") else now
        for t in matching:
            if t.get("tolerationSeconds") is None:
                continue
            left = max(0.0, added + float(t["tolerationSeconds"]) - now)
            delay = left if delay is None else min(delay, left)
    return delay


class TaintEvictionController(Controller):
    """Deletes pods from nodes with NoExecute taints they do not tolerate (for long)."""

    name = "taint-eviction"
    events_component = "taint-eviction-controller"

    def __init__(self, api, clock, recorder):
        self.timers: dict[str, Any] = {}         # pod key -> its eviction timer
        #: keys _on_pod let go since the last drain, in order: their syncs would do nothing
        self._quiet: list[str] = []
        super().__init__(api, clock, recorder)

    def enqueue(self, key: str) -> None:
        # The keys let go come first, where queueing each would have put it: the syncs
        # run in the order they would have (the evictions timed in that order).
        if self._quiet:
            for quiet in self._quiet:
                self.queue.add(quiet)
            self._quiet.clear()
        self.queue.add(key)

    def drain(self) -> bool:
        # Keys let go and nothing queued after them: their syncs, last, would have done
        # nothing (a timer or a NoExecute taint would have queued a key), but counted as
        # work done (the cluster's pump goes round once more).
        did = super().drain()
        if self._quiet:
            self._quiet.clear()
            return True
        return did

    def setup(self) -> None:
        self.watch("Node", self._on_node)
        self.watch("Pod", self._on_pod)

    def _on_node(self, etype: str, node: Obj, old: Obj | None) -> None:
        new_t = [t for t in node["spec"].get("taints") or [] if t.get("effect") == "NoExecute"]
        old_t = [t for t in ((old or {}).get("spec") or {}).get("taints") or [] if t.get("effect") == "NoExecute"]
        if new_t == old_t and etype != "DELETED":
            return
        name = node["metadata"]["name"]
        for pod in self.api.list("pods", None, copy=False, node=name):       # the spec.nodeName index
            self.enqueue(f"{pod['metadata']['namespace']}/{pod['metadata']['name']}")

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        # A new pod not yet on a node has nothing to be evicted from (its sync would only
        # cancel a timer that its name's previous pod's DELETED has queued to cancel).
        spec = pod["spec"]
        if etype == "ADDED":
            if not spec.get("nodeName"):
                return
        elif etype != "DELETED":
            # a change that keeps the node (a status write keeps the very spec object)
            if old is None or old["spec"] is spec or old["spec"].get("nodeName") == spec.get("nodeName"):
                return
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        if key not in self.timers and (etype == "DELETED" or not self._no_execute(spec.get("nodeName"))):
            # The sync would find no timer to cancel and, for a pod on a node without
            # NoExecute taints, none to set (a pod bound to an untainted node, most of them):
            # let go, unless a key is queued after it before the drain (see enqueue).  Until
            # then nothing makes its sync act: a node that gains such taints queues its pods
            # (_on_node), and only the sync sets a timer.
            self._quiet.append(key)
            return
        self.enqueue(key)

    def _no_execute(self, node_name: str | None) -> bool:
        """Whether the node has NoExecute taints (what sync reads of it)."""
        node = self.api.peek("nodes", node_name) if node_name else None
        return any(t.get("effect") == "NoExecute" for t in (node or {}).get("spec", {}).get("taints") or [])

    def sync(self, key: str) -> None:
        ns, name = key.split("/", 1)
        pod = self.api.peek("pods", name, ns)
        timer = self.timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        if pod is None or is_deleting(pod) or not pod["spec"].get("nodeName"):
            return
        node = self.api.peek("nodes", pod["spec"]["nodeName"])
        taints = [t for t in (node or {}).get("spec", {}).get("taints") or [] if t.get("effect") == "NoExecute"]
        if not taints:
            return
        delay = eviction_delay(pod["spec"].get("tolerations"), taints, self.clock.now)
        if delay is None:
            return
        uid = pod["metadata"]["uid"]
        self.timers[key] = self.clock.schedule(delay, lambda: self._evict(key, uid), label=f"evict {key}")

    def _evict(self, key: str, uid: str) -> None:
        self.timers.pop(key, None)
        ns, name = key.split("/", 1)
        pod = self.api.peek("pods", name, ns)
        if pod is None or pod["metadata"]["uid"] != uid or is_deleting(pod):
            return
        with self.api.acting_as("taint-eviction-controller"):
            self.recorder.event(pod, "Normal", "TaintManagerEviction", f"Marking for deletion Pod {key}",
                                component=self.events_component)
            now = self.clock.timestamp()

            def disruption(p: Obj) -> None:
                conds = [c for c in p.setdefault("status", {}).get("conditions", []) if c["type"] != "DisruptionTarget"]
                conds.insert(0, {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                                 "lastTransitionTime": now, "reason": "DeletionByTaintManager",
                                 "message": "Taint manager: deleting due to NoExecute taint"})
                p["status"]["conditions"] = conds
            self.api.mutate("pods", name, ns, disruption, status=True)
            self.api.delete("pods", name, ns, preconditions_uid=uid)
