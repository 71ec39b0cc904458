"""One request's path through a Service, derived from the API state: which hop
receives it on which port (nodePort → port → targetPort), or where and why it
stops.  When the cluster can really send requests (``cluster.curl``) the
traffic explorer shows that trace; this derivation is the picture's fallback
and its explanation.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> _ = c.kubectl("create deployment hello --image=k8s.gcr.io/echoserver:1.4")
>>> _ = c.kubectl("create service nodeport hello --tcp=8080:8080 --node-port=30080")
>>> _ = c.settle()
>>> p = route(c, "hello")
>>> [(h["kind"], h.get("port")) for h in p.hops]
[('client', None), ('node', 30080), ('service', 8080), ('pod', 8080), ('container', 8080)]
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..api.pods import is_pod_ready
from ..i18n import label, translate


@dataclass
class Path:
    hops: list[dict] = field(default_factory=list)
    ok: bool = True
    reason: str = ""

    def text(self) -> str:
        """The hops as lines: ``node minikube (192.168.49.2) :30080``, the kit's words in
        the learner's language (names, addresses, ports and API fields as they are)."""
        out = []
        for h in self.hops:
            port = f" :{h['port']}" if h.get("port") is not None else ""
            note = f"  — {translate(h['note'])}" if h.get("note") else ""
            kind = label(h["kind"])
            out.append(f"{kind}{' ' * max(1, 10 - _width(kind))}{hop_name(h)}{port}{note}")
        if not self.ok:
            out.append(translate(f"FAILED: {self.reason}"))
        return "\n".join(out)


def hop_name(hop: dict) -> str:
    """A hop's name as shown: where the request comes from ("your computer", "outside")
    in the learner's language, the objects' names and addresses as they are."""
    kind, name = hop.get("kind"), hop.get("name", "")
    return label(name) if kind == "client" else translate(name) if kind == "error" else name


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fail(p: Path, reason: str) -> Path:
    p.ok = False
    p.reason = reason
    p.hops.append({"kind": "error", "name": reason.split(":")[0], "note": reason})
    return p


def listening_ports(cluster, container: dict) -> set[int]:
    """What the container's program listens on: the image's program when the
    registry knows it, otherwise the ports the container declares."""
    declared = {p.get("containerPort") for p in container.get("ports") or []}
    info = cluster.images.resolve(container.get("image", ""))
    app = getattr(getattr(info, "spec", None), "app", None)
    ports = set(getattr(app, "ports", ()) or ())
    return ports or declared


def route(cluster, service: str, namespace: str = "default", source: str = "outside", attempt: int = 0,
          port_index: int = 0) -> Path:
    """The path of request number ``attempt`` (endpoints are taken in turn)
    from ``source`` ("outside" or a pod name) to ``service``'s port."""
    api = cluster.api
    p = Path()
    svc = api.peek("services", service, namespace)
    if svc is None:
        p.hops.append({"kind": "client", "name": source})
        return _fail(p, f'no Service "{service}" in namespace "{namespace}"')
    spec = svc["spec"]
    ports = spec.get("ports") or []
    if not ports:
        return _fail(p, "the Service has no ports")
    sp = ports[min(port_index, len(ports) - 1)]
    if source == "outside":
        p.hops.append({"kind": "client", "name": "outside"})
        if spec.get("type", "ClusterIP") == "ClusterIP":
            return _fail(p, f"connection timed out: a ClusterIP ({spec.get('clusterIP')}) is only reachable inside the cluster")
        node = sorted(cluster.node_ips)[0]
        p.hops.append({"kind": "node", "name": f"{node} ({cluster.node_ips[node]})", "port": sp.get("nodePort"),
                       "note": "nodePort"})
    else:
        pod = api.peek("pods", source, namespace)
        if pod is None:
            p.hops.append({"kind": "client", "name": source})
            return _fail(p, f'no Pod "{source}"')
        p.hops.append({"kind": "client", "name": f"pod {source}"})
    p.hops.append({"kind": "service", "name": f"{service} ({spec.get('clusterIP')})", "port": sp.get("port"),
                   "note": "port"})
    if not spec.get("selector"):
        return _fail(p, "no endpoints: the Service has no selector")
    from ..api import selectors
    sel = selectors.from_map(spec["selector"])
    pods = [x for x in api.list("pods", namespace, selector=sel, copy=False)
            if is_pod_ready(x) and not x["metadata"].get("deletionTimestamp")]
    if not pods:
        return _fail(p, "no endpoints: no ready pod matches the selector " +
                     ",".join(f"{k}={v}" for k, v in sorted(spec["selector"].items())))
    pod = pods[attempt % len(pods)]
    target = sp.get("targetPort", sp.get("port"))
    containers = pod["spec"].get("containers") or []
    if isinstance(target, str):          # a named port: the container port of that name
        named = [(c, q["containerPort"]) for c in containers for q in c.get("ports") or [] if q.get("name") == target]
        if not named:
            p.hops.append({"kind": "pod", "name": f"{pod['metadata']['name']} ({pod['status'].get('podIP')})"})
            return _fail(p, f'no container port named "{target}"')
        target = named[0][1]
    p.hops.append({"kind": "pod", "name": f"{pod['metadata']['name']} ({pod['status'].get('podIP')})",
                   "port": target, "note": "targetPort"})
    for c in containers:
        if target in listening_ports(cluster, c):
            p.hops.append({"kind": "container", "name": c["name"], "port": target})
            return p
    return _fail(p, f"connection refused: nothing in the pod listens on port {target}")
