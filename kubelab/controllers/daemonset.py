"""The DaemonSet controller (pkg/controller/daemon): one pod on every node the
pod template can run on (taints tolerated, nodeSelector matched)."""
from __future__ import annotations

from ..api.meta import Obj, controller_ref, is_deleting
from ..api.taints import tolerates
from .base import Controller, split_key
from .deployment import compute_hash
from .pods import create_pod, is_active, is_pod_available, is_pod_ready, make_pod
from ..clock import parse_timestamp


def node_fits(pod_spec: Obj, node: Obj) -> bool:
    labels = node["metadata"].get("labels") or {}
    for k, v in (pod_spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    for taint in node.get("spec", {}).get("taints") or []:
        if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(pod_spec.get("tolerations"), taint):
            return False
    return True


# Tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations).
DAEMON_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]
# ... and to those on the host's network (kube-proxy, flannel).
HOST_NETWORK_TOLERATION = {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"}


class DaemonSetController(Controller):
    name = "daemonset"

    def setup(self) -> None:
        key = lambda o: f"{o['metadata']['namespace']}/{o['metadata']['name']}"
        self.watch("DaemonSet", lambda t, o, old: self.enqueue(key(o)))
        self.watch("Pod", lambda t, o, old: self.enqueue_owner(o, "DaemonSet"), owners=("DaemonSet",))
        self.watch("Node", lambda t, o, old: [self.enqueue(key(ds)) for ds in self.api.list("daemonsets", copy=False)])

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        ds = self.api.try_get("daemonsets", name, ns)
        if ds is None or is_deleting(ds):
            return
        uid = ds["metadata"]["uid"]
        pods = [p for p in self.api.owned("pods", uid) if (controller_ref(p) or {}).get("uid") == uid and is_active(p)]
        by_node: dict[str, list[Obj]] = {}
        for p in pods:
            node = _target_node(p)
            by_node.setdefault(node, []).append(p)
        template = ds["spec"]["template"]
        hash_ = compute_hash(template)
        nodes = self.api.list("nodes", copy=False)
        desired = 0
        for node in nodes:
            nname = node["metadata"]["name"]
            spec = dict(template.get("spec") or {})
            added = DAEMON_TOLERATIONS + [HOST_NETWORK_TOLERATION] if spec.get("hostNetwork") else DAEMON_TOLERATIONS
            spec["tolerations"] = list(spec.get("tolerations") or []) + [t for t in added if t not in (spec.get("tolerations") or [])]
            if not node_fits(spec, node):
                for p in by_node.get(nname, []):
                    self.api.delete("pods", p["metadata"]["name"], ns)
                continue
            desired += 1
            if not by_node.get(nname):
                pod_template = {"metadata": dict(template.get("metadata") or {}), "spec": spec}
                labels = dict(pod_template["metadata"].get("labels") or {})
                labels["controller-revision-hash"] = hash_
                labels["pod-template-generation"] = str(ds["metadata"].get("generation", 1))
                pod_template["metadata"]["labels"] = labels
                pod = make_pod(pod_template, ds)
                # Daemon pods name their node through required node affinity, and
                # the scheduler binds them there.
                pod["spec"]["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [nname]}]}]}}}
                if create_pod(self.api, self.recorder, ds, pod, "daemonset-controller") is None:
                    self.requeue_rate_limited(key)
        pods = [p for p in self.api.owned("pods", uid) if is_active(p)]
        scheduled = sum(1 for p in pods if p["spec"].get("nodeName"))
        ready = sum(1 for p in pods if is_pod_ready(p))
        mrs = ds["spec"].get("minReadySeconds", 0)
        available = sum(1 for p in pods if is_pod_available(p, mrs, self.clock.now, parse_timestamp))
        status = {"currentNumberScheduled": scheduled, "desiredNumberScheduled": desired,
                  "numberMisscheduled": 0, "numberReady": ready, "observedGeneration": ds["metadata"].get("generation", 1),
                  "updatedNumberScheduled": scheduled}
        if available:
            status["numberAvailable"] = available
        if desired - available > 0:
            status["numberUnavailable"] = desired - available
        if status != ds.get("status"):
            ds["status"] = status
            self.api.update_status(ds)
        if mrs and ready != available:
            # updateDaemonSetStatus: resync after minReadySeconds, when the ready pods are available
            self.enqueue_after(key, mrs)


def _target_node(pod: Obj) -> str:
    if pod["spec"].get("nodeName"):
        return pod["spec"]["nodeName"]
    terms = (((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
             .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms") or []
    for term in terms:
        for f in term.get("matchFields") or []:
            if f.get("key") == "metadata.name":
                return f["values"][0]
    return ""
