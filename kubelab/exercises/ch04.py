"""Checks for chapter 04 (Services: 创建Service)."""
from __future__ import annotations

from . import Check, not_yet, ok

NODE_IP = "192.168.49.2"


def _service(cluster, name: str):
    svc = cluster.get("service", name)
    if svc is None:
        return None, not_yet(f'there is no Service called "{name}" in the default namespace.')
    return svc, None


def node_port_31000(cluster, service: str = "hello-node", node_port: int = 31000) -> Check:
    """Exercise 1: make the Service reachable from your computer on nodePort 31000."""
    svc, problem = _service(cluster, service)
    if problem is not None:
        return problem
    spec = svc["spec"]
    if spec.get("type") not in ("NodePort", "LoadBalancer"):
        return not_yet(f"{service} is a {spec.get('type')} Service: only NodePort and LoadBalancer Services "
                       f"open a port on the nodes.")
    ports = [p.get("nodePort") for p in spec.get("ports") or []]
    if node_port not in ports:
        return not_yet(f"{service} has nodePort {', '.join(map(str, ports))}, not {node_port}. A nodePort can be "
                       f"chosen (spec.ports[].nodePort) but not changed by expose; recreate the Service or "
                       f"apply a manifest.")
    r = cluster.curl(f"http://{NODE_IP}:{node_port}/")
    if not r.status:
        return not_yet(f"nodePort {node_port} exists but the request failed: {r.trace[-1]}")
    return ok(f"http://{NODE_IP}:{node_port}/ answers {r.status}, served by pod {r.pod}.")


CHOICES = {"200": False, "connection refused": False, "timeout": True, "could not resolve host": False}


def cluster_ip_from_outside(answer: str) -> Check:
    """Exercise 2: what does ``curl http://CLUSTER-IP:8080/`` do from your computer?"""
    answer = (answer or "").strip().lower()
    if answer not in CHOICES:
        return not_yet(f"choose one of: {', '.join(CHOICES)}.")
    if CHOICES[answer]:
        return ok("a ClusterIP is virtual and only routed inside the cluster: from your computer the packets go "
                  "nowhere and the connection times out.")
    hints = {"200": "the ClusterIP is not reachable from outside the cluster (try it with cluster.curl).",
             "connection refused": "nothing answers at all, not even with a refusal: no machine has that address.",
             "could not resolve host": "an IP address needs no DNS lookup; the problem is the route."}
    return not_yet(hints[answer])


def headless(cluster, service: str = "hello-headless", app: str = "hello-node") -> Check:
    """Exercise 3: a headless Service whose DNS name returns every pod's IP."""
    svc, problem = _service(cluster, service)
    if problem is not None:
        return problem
    if svc["spec"].get("clusterIP") != "None":
        return not_yet(f"{service} has the ClusterIP {svc['spec'].get('clusterIP')}; a headless Service sets "
                       f"clusterIP: None (kubectl expose ... --cluster-ip=None).")
    pods = sorted(p["status"]["podIP"] for p in cluster.api.list("pods", "default")
                  if (p["metadata"].get("labels") or {}).get("app") == app and p.get("status", {}).get("podIP"))
    ips = sorted(cluster.resolve(service, "default").ips)
    if not pods:
        return not_yet(f"no pod labelled app={app} is running.")
    if ips != pods:
        return not_yet(f"{service} resolves to {ips or 'nothing'}, the pods are {pods}. Check the selector.")
    return ok(f"{service}.default.svc.cluster.local resolves to the {len(ips)} pod IPs {', '.join(ips)}.")
