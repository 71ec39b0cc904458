"""Checks for chapter 11 (port, targetPort, nodePort的关系)."""
from __future__ import annotations

from . import Check, not_yet, ok

NODE_IP = "192.168.49.2"


def fixed_target_port(cluster, service: str = "web", client: str = "client") -> Check:
    """Exercise 1: ``web`` routes to the pods' real port, so a pod can use it by name."""
    svc = cluster.get("service", service)
    if svc is None:
        return not_yet(f'there is no Service "{service}".')
    port = svc["spec"]["ports"][0]["port"]
    r = cluster.curl(f"http://{service}:{port}/", from_pod=client)
    if not r.status:
        return not_yet(f"http://{service}:{port}/ from pod {client} fails: {r.trace[-1]}")
    return ok(f"http://{service}:{port}/ reaches {r.pod} on targetPort {svc['spec']['ports'][0]['targetPort']}.")


def node_port_31000(cluster, service: str = "web", node_port: int = 31000) -> Check:
    """Exercise 2: make ``web`` reachable from your computer at 192.168.49.2:31000."""
    svc = cluster.get("service", service)
    if svc is None:
        return not_yet(f'there is no Service "{service}".')
    if svc["spec"].get("type") not in ("NodePort", "LoadBalancer"):
        return not_yet(f"{service} is {svc['spec'].get('type')}; which type opens a port on every node?")
    if node_port not in [p.get("nodePort") for p in svc["spec"].get("ports") or []]:
        return not_yet(f"{service} does not have nodePort {node_port}; set spec.ports[0].nodePort.")
    r = cluster.curl(f"http://{NODE_IP}:{node_port}/")
    if not r.status:
        return not_yet(f"the request reached the node but failed: {r.trace[-1]}")
    return ok(f"http://{NODE_IP}:{node_port}/ answers {r.status} from {r.pod}.")


def which_port(port: int, target_port: int, node_port: int, *, svc: dict) -> Check:
    """Exercise 3: read a Service manifest and name its three ports."""
    p = (svc.get("spec") or {}).get("ports", [{}])[0]
    want = (p.get("port"), p.get("targetPort", p.get("port")), p.get("nodePort"))
    got = (port, target_port, node_port)
    if got == want:
        return ok(f"clients in the cluster use {want[0]}, the container listens on {want[1]}, clients "
                  f"outside use {want[2]} on any node.")
    names = ("port (ClusterIP side)", "targetPort (container side)", "nodePort (node side)")
    wrong = [f"{n}: not {g}" for n, g, w in zip(names, got, want) if g != w]
    return not_yet("; ".join(wrong))
