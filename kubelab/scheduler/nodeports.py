"""The NodePorts filter: two pods asking for one host port cannot share a node.

kube-scheduler's NodePorts plugin (pkg/scheduler/framework/plugins/nodeports)
takes the ports of the pod's app containers (``spec.containers[*].ports``; init
containers do not count) and refuses a node where a pod already placed there
holds one of them.  A port is ``(hostIP, protocol, hostPort)``; ``hostPort`` 0 or
unset reserves nothing, an empty hostIP is ``0.0.0.0`` and an empty protocol
``TCP``, and ``0.0.0.0`` clashes with every address on the same protocol and port
(framework/types.go HostPortInfo.CheckConflict).  A refused node is reported as
:data:`ERR_REASON`, the plugin's ErrReason.

>>> used = NodePorts()
>>> used.add("default/a", "n1", {"spec": {"containers": [{"ports": [{"containerPort": 80, "hostPort": 8080}]}]}})
>>> want = host_ports({"spec": {"containers": [{"ports": [{"containerPort": 80, "hostPort": 8080,
...                                                          "hostIP": "10.0.0.1"}]}]}})
>>> used.conflicts("n1", want), used.conflicts("n2", want)
(True, False)
"""
from __future__ import annotations

from collections import defaultdict

from ..api.meta import Obj

ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
BIND_ALL = "0.0.0.0"

#: (hostIP, protocol, hostPort), sanitised as HostPortInfo.sanitize does
Port = tuple[str, str, int]


def host_ports(pod: Obj) -> tuple[Port, ...]:
    """The host ports a pod's app containers ask for (getContainerPorts; HostPort > 0)."""
    out = []
    for container in pod["spec"].get("containers") or ():
        for p in container.get("ports") or ():
            port = p.get("hostPort") or 0
            if port > 0:
                out.append((p.get("hostIP") or BIND_ALL, p.get("protocol") or "TCP", port))
    return tuple(out)


class NodePorts:
    """The host ports in use on each node (NodeInfo.UsedPorts), kept from the pods placed there."""

    def __init__(self) -> None:
        self._used: dict[str, dict[Port, int]] = defaultdict(lambda: defaultdict(int))
        self._by_pod: dict[str, tuple[str, tuple[Port, ...]]] = {}     # pod key -> (node, ports)

    def add(self, key: str, node: str, pod: Obj) -> None:
        ports = host_ports(pod)
        if ports:
            self._by_pod[key] = (node, ports)
            used = self._used[node]
            for port in ports:
                used[port] += 1

    def remove(self, key: str) -> None:
        entry = self._by_pod.pop(key, None)
        if entry is None:
            return
        node, ports = entry
        used = self._used[node]
        for port in ports:
            used[port] -= 1
            if not used[port]:
                del used[port]
        if not used:
            del self._used[node]

    def conflicts(self, node: str, wanted: tuple[Port, ...]) -> bool:
        """fitsPorts: does any wanted port clash with one in use on ``node``?"""
        used = self._used.get(node)
        if not used or not wanted:
            return False
        for ip, protocol, port in wanted:
            if ip == BIND_ALL:
                if any(p[1] == protocol and p[2] == port for p in used):
                    return True
            elif (BIND_ALL, protocol, port) in used or (ip, protocol, port) in used:
                return True
        return False
