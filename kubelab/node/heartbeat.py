"""The kubelet's heartbeat: it renews its node's Lease every 10 s (the nodeLease
controller, pkg/kubelet/nodelease) and, after an outage, posts the node Ready
again (the node status loop).  The node lifecycle controller watches both."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api.meta import Obj

if TYPE_CHECKING:
    from ..api.store import Store
    from ..clock import Clock

LEASE_RENEW = 10.0             # nodeLease renewInterval (0.25 x leaseDurationSeconds 40)
LEASE_DURATION = 40

HEALTHY = {"MemoryPressure": ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
           "DiskPressure": ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
           "PIDPressure": ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
           "Ready": ("True", "KubeletReady", "kubelet is posting ready status")}


class Heartbeat:
    """``network_ready()`` says whether the runtime's network is ready (a CNI
    config on the machine, for kubeadm's nodes): until then Ready is not posted."""

    def __init__(self, node_name: str, api: "Store", clock: "Clock", network_ready: Callable[[], bool]):
        self.node_name, self.api, self.clock = node_name, api, clock
        self.network_ready = network_ready
        self.timer = None
        self.stopped = False

    def start(self) -> None:
        """Renew the Lease now and every 10 s (what "the node is alive" means)."""
        self.stopped = False
        if self.timer is not None:
            self.timer.cancel()
        self._renew()

    def stop(self) -> None:
        self.stopped = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _renew(self) -> None:
        self.timer = None
        if self.stopped:
            return
        with self.api.acting_as("kubelet"):
            self._write_lease()
            self._post_ready_if_needed()
        self.timer = self.clock.schedule(LEASE_RENEW, self._renew, label=f"lease {self.node_name}")

    def _write_lease(self) -> None:
        if self.api.peek("namespaces", "kube-node-lease") is None:
            return
        now = self.clock.micro_timestamp()
        lease = self.api.peek("leases", self.node_name, "kube-node-lease")
        if lease is None:
            node = self.api.peek("nodes", self.node_name)
            owner = [{"apiVersion": "v1", "kind": "Node", "name": self.node_name,
                      "uid": node["metadata"]["uid"]}] if node else []
            self.api.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                             "metadata": {"name": self.node_name, "namespace": "kube-node-lease",
                                          **({"ownerReferences": owner} if owner else {})},
                             "spec": {"holderIdentity": self.node_name, "leaseDurationSeconds": LEASE_DURATION,
                                      "renewTime": now}})
            return
        self.api.mutate("leases", self.node_name, "kube-node-lease",
                        lambda o: o["spec"].__setitem__("renewTime", now))

    def _post_ready_if_needed(self) -> None:
        """After an outage the node controller has marked the node Unknown: post Ready again."""
        node = self.api.peek("nodes", self.node_name)
        if node is None:
            return
        ready = next((c for c in node.get("status", {}).get("conditions", []) if c["type"] == "Ready"), None)
        if ready is None or ready.get("status") == "True":
            return
        if not self.network_ready():
            return                         # NetworkPluginNotReady: no CNI config on the machine yet
        now = self.clock.timestamp()

        def post(n: Obj) -> None:
            for c in n["status"].get("conditions", []):
                if c["type"] in HEALTHY:
                    status, reason, message = HEALTHY[c["type"]]
                    if c["status"] != status:
                        c["lastTransitionTime"] = now
                    c.update(status=status, reason=reason, message=message, lastHeartbeatTime=now)
        self.api.mutate("nodes", self.node_name, None, post, status=True)
