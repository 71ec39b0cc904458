"""The cluster as a networkx DiGraph, derived from API state only.

Nodes are ``"Kind/namespace/name"`` (``"Node//minikube"`` for cluster-scoped
objects, ``"Client//outside"`` for a client outside the cluster) with the
attributes ``kind``, ``name``, ``namespace``, ``status``, ``labels`` and a few
per kind (``ready``/``restarts``/``node`` on pods, ``type``/``ports`` on
services, ``phase`` on claims and volumes).  Edges carry ``type``:

============  =====================================  ==========================
type          from → to                              data
============  =====================================  ==========================
owns          owner → dependent (ownerReferences)    ``controller``
scheduled-on  Pod → Node                              –
selects       Service → Pod selected but not routed   ``ready``, ``ports``
              (not ready, terminating)
routes-to     Service → Pod (ready endpoints),        ``ports`` (dicts with
              Client → Service (nodePort),            port/targetPort/nodePort)
              Endpoints(Slice) → Pod                  
tracks        Service → Endpoints of the same name    –
mounts        Pod → ConfigMap/Secret/PVC (volumes)    ``volume``, ``items``
env-from      Pod → ConfigMap/Secret                  ``keys`` ("ENV=key", "*")
binds         PVC → PV                                –
provisions    StorageClass → PV it provisioned        ``provisioner``
============  =====================================  ==========================

A Service and a Pod share one edge whose ``selected``/``routed`` flags say which
of the two relations hold (a DiGraph keeps one edge per pair).

>>> import kubelab
>>> c = kubelab.Cluster()
>>> _ = c.kubectl("create deployment web --image=nginx")
>>> _ = c.settle()
>>> g = build_graph(c, namespace="default")
>>> sorted({d["type"] for _, _, d in g.edges(data=True)})
['owns', 'scheduled-on']
"""
from __future__ import annotations

from collections import deque
from typing import Iterable

import networkx as nx

from ..api import resources, selectors
from ..api.meta import Obj
from ..api.pods import is_pod_ready

KINDS = ("Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet", "Job", "CronJob",
         "Pod", "Node", "Service", "Endpoints", "EndpointSlice", "ConfigMap", "Secret",
         "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "Client")
#: Kinds shown when the caller does not choose: Endpoints mirror the Service's
#: routes-to edges, so they only clutter the default picture.
DEFAULT_KINDS = tuple(k for k in KINDS if k not in ("Endpoints", "EndpointSlice"))
#: Shared by many objects: "around" stops here instead of spreading to everything.
HUBS = {"Node", "StorageClass", "Client"}
EDGE_TYPES = ("owns", "scheduled-on", "selects", "routes-to", "tracks", "mounts", "env-from", "binds", "provisions")
CLIENT = "Client//outside"
#: Objects every namespace has that a learner did not make (shown with system=True).
_SYSTEM_NAMES = {("ConfigMap", "kube-root-ca.crt"), ("Service", "kubernetes")}


def node_id(obj: Obj) -> str:
    md = obj["metadata"]
    return f"{obj['kind']}/{md.get('namespace', '') or ''}/{md['name']}"


def pod_status(pod: Obj, now: float | None = None) -> str:
    """The word kubectl's STATUS column would show, for colouring."""
    from ..kubectl.printers.pods import pod_status_cells
    try:
        return pod_status_cells(pod, now or 0.0)[1]
    except Exception:   # a view never breaks on an odd object
        return pod.get("status", {}).get("phase", "Pending")


def _attrs(obj: Obj, now: float) -> dict:
    kind, md = obj["kind"], obj["metadata"]
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    a = {"kind": kind, "name": md["name"], "namespace": md.get("namespace", "") or "",
         "labels": dict(md.get("labels") or {}), "status": ""}
    if kind == "Pod":
        a["status"] = pod_status(obj, now)
        a["ready"] = is_pod_ready(obj)
        a["restarts"] = sum(c.get("restartCount", 0) for c in st.get("containerStatuses") or [])
        a["node"] = spec.get("nodeName", "")
        a["ip"] = st.get("podIP", "")
    elif kind == "Node":
        ready = next((c for c in st.get("conditions", []) if c["type"] == "Ready"), None)
        a["status"] = "Ready" if ready and ready["status"] == "True" else "NotReady"
        if spec.get("unschedulable"):
            a["status"] += ",SchedulingDisabled"
    elif kind in ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"):
        a["replicas"] = spec.get("replicas", 1)
        a["ready"] = st.get("readyReplicas", 0)
        a["status"] = f"{a['ready']}/{a['replicas']}"
    elif kind == "DaemonSet":
        a["status"] = f"{st.get('numberReady', 0)}/{st.get('desiredNumberScheduled', 0)}"
    elif kind == "Job":
        a["status"] = f"{st.get('succeeded', 0)}/{spec.get('completions', 1)}"
    elif kind == "Service":
        a["type"] = spec.get("type", "ClusterIP")
        a["clusterIP"] = spec.get("clusterIP", "")
        a["ports"] = [_port(p) for p in spec.get("ports") or []]
        a["status"] = a["type"]
    elif kind in ("PersistentVolume", "PersistentVolumeClaim"):
        a["phase"] = a["status"] = st.get("phase", "")
    if md.get("deletionTimestamp"):
        a["status"] = "Terminating"
    return a


def _port(p: Obj) -> dict:
    return {"name": p.get("name"), "port": p.get("port"), "targetPort": p.get("targetPort", p.get("port")),
            "nodePort": p.get("nodePort"), "protocol": p.get("protocol", "TCP")}


def parse_around(around: str, namespace: str | None) -> str:
    """``"Kind/ns/name"`` as it is, or kubectl's ``"deployment/web"`` / ``"deploy/web"``."""
    parts = around.split("/")
    if len(parts) == 3:
        return around
    if len(parts) == 2:
        rt = resources.lookup(parts[0])
        kind = rt.kind if rt else parts[0]
        ns = (namespace or "default") if (rt is None or rt.namespaced) else ""
        return f"{kind}/{ns}/{parts[1]}"
    raise ValueError(f"around={around!r}: expected KIND/NAME or KIND/NAMESPACE/NAME")


def build_graph(cluster, *, namespace: str | None = None, kinds: Iterable[str] | None = None,
                selector: str | None = None, around: str | None = None, system: bool = False) -> nx.DiGraph:
    """Objects and their relations.

    ``namespace=None`` shows every namespace but kube-system (``system=True``
    adds it and the objects Kubernetes makes in every namespace); ``kinds``
    keeps only those kinds; ``selector`` (``-l`` syntax) keeps labelled objects
    that match (cluster-scoped ones stay); ``around="deployment/web"`` keeps the
    objects reachable from that one without passing through a shared Node,
    StorageClass or the outside client.
    """
    api = cluster.api
    now = cluster.clock.now
    want = set(kinds or DEFAULT_KINDS)
    sel = selectors.parse(selector) if selector else None
    g = nx.DiGraph()

    def keep(obj: Obj) -> bool:
        md = obj["metadata"]
        ns = md.get("namespace")
        if ns and namespace is not None and ns != namespace:
            return False
        if not system and (ns == "kube-system" and namespace != "kube-system"
                           or (obj["kind"], md["name"]) in _SYSTEM_NAMES):
            return False
        if sel is not None and ns and not sel.matches(md.get("labels") or {}):
            return False
        return True

    objs: list[Obj] = []
    for kind in KINDS:
        if kind == "Client" or (kind not in want and kind not in ("Node", "Service", "Pod")):
            continue          # nodes, services and pods are read for edges even when not drawn
        for obj in api.list(kind, None, copy=False):
            if keep(obj):
                objs.append(obj)
    by_uid = {o["metadata"].get("uid"): o for o in objs}
    pods = [o for o in objs if o["kind"] == "Pod"]
    used_nodes = {p["spec"].get("nodeName") for p in pods if "Pod" in want}
    used_classes = {o["spec"].get("storageClassName") for o in objs
                    if o["kind"] in ("PersistentVolume", "PersistentVolumeClaim")}
    for obj in objs:
        kind = obj["kind"]
        if kind not in want:
            continue
        if kinds is None and (kind == "Node" and obj["metadata"]["name"] not in used_nodes
                              or kind == "StorageClass" and obj["metadata"]["name"] not in used_classes):
            continue          # unless asked for, shared infrastructure shows where something uses it
        g.add_node(node_id(obj), **_attrs(obj, now))

    pods_by_ns: dict[str, list[Obj]] = {}
    for p in pods:
        pods_by_ns.setdefault(p["metadata"]["namespace"], []).append(p)
    for obj in objs:
        src = node_id(obj)
        if src not in g:
            continue
        for ref in obj["metadata"].get("ownerReferences") or []:
            owner = by_uid.get(ref.get("uid"))
            if owner is not None and node_id(owner) in g:
                g.add_edge(node_id(owner), src, type="owns", controller=bool(ref.get("controller")))
        kind = obj["kind"]
        if kind == "Pod":
            if obj["spec"].get("nodeName"):
                target = f"Node//{obj['spec']['nodeName']}"
                if target in g:
                    g.add_edge(src, target, type="scheduled-on")
            _pod_config_edges(g, obj, src)
        elif kind == "Service":
            _service_edges(g, api, obj, src, pods_by_ns.get(obj["metadata"]["namespace"], []), want)
        elif kind in ("Endpoints", "EndpointSlice"):
            _endpoint_edges(g, obj, src)
        elif kind == "PersistentVolumeClaim" and obj["spec"].get("volumeName"):
            target = f"PersistentVolume//{obj['spec']['volumeName']}"
            if target in g:
                g.add_edge(src, target, type="binds")
        elif kind == "PersistentVolume":
            ann = obj["metadata"].get("annotations") or {}
            provisioner = ann.get("pv.kubernetes.io/provisioned-by")
            target = f"StorageClass//{obj['spec'].get('storageClassName')}"
            if provisioner and target in g:     # a static PV only names a class; it was not provisioned
                g.add_edge(target, src, type="provisions", provisioner=provisioner)
    if around:
        start = parse_around(around, namespace)
        if start not in g:
            return nx.DiGraph()
        g = g.subgraph(neighbourhood(g, start)).copy()
    return g


def neighbourhood(g: nx.DiGraph, start: str) -> set[str]:
    """Everything connected to ``start``, not spreading through hubs (a Node
    would connect every pod to every other)."""
    seen = {start}
    todo = deque([start])
    while todo:
        n = todo.popleft()
        if n != start and g.nodes[n]["kind"] in HUBS:
            continue
        for m in list(g.successors(n)) + list(g.predecessors(n)):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen


def _service_edges(g: nx.DiGraph, api, svc: Obj, src: str, pods: list[Obj], want: set[str]) -> None:
    """One edge per (Service, Pod): ``routes-to`` when the pod receives the
    Service's traffic, ``selects`` when the selector matches but the pod is not
    an endpoint (not ready, terminating): the picture tells the two apart."""
    spec = svc.get("spec") or {}
    ports = [_port(p) for p in spec.get("ports") or []]
    selected: list[Obj] = []
    if spec.get("selector"):
        s = selectors.from_map(spec["selector"])
        selected = [p for p in pods if s.matches(p["metadata"].get("labels") or {})]
    # Where traffic goes: the Endpoints object's ready addresses when an endpoints
    # controller keeps one, otherwise what it would hold (the ready selected pods).
    name, ns = svc["metadata"]["name"], svc["metadata"]["namespace"]
    ep = api.peek("endpoints", name, ns) if resources.lookup("endpoints") else None
    if ep is not None:
        routed = {f"Pod/{ns}/{a['targetRef']['name']}" for sub in ep.get("subsets") or []
                  for a in sub.get("addresses") or [] if (a.get("targetRef") or {}).get("kind") == "Pod"}
        if f"Endpoints/{ns}/{name}" in g:
            g.add_edge(src, f"Endpoints/{ns}/{name}", type="tracks")
    else:
        routed = {node_id(p) for p in selected if is_pod_ready(p) and not p["metadata"].get("deletionTimestamp")}
    chosen = {node_id(p) for p in selected}
    for t in sorted(chosen | routed):
        if t in g:
            g.add_edge(src, t, type="routes-to" if t in routed else "selects", selected=t in chosen,
                       routed=t in routed, ready=bool(g.nodes[t].get("ready")), ports=ports)
    if spec.get("type") in ("NodePort", "LoadBalancer") and "Client" in want:
        if CLIENT not in g:
            g.add_node(CLIENT, kind="Client", name="outside", namespace="", labels={}, status="")
        g.add_edge(CLIENT, src, type="routes-to", ports=[p for p in ports if p.get("nodePort")])


def _endpoint_edges(g: nx.DiGraph, ep: Obj, src: str) -> None:
    ns = ep["metadata"]["namespace"]
    if ep["kind"] == "Endpoints":
        for sub in ep.get("subsets") or []:
            ports = [{"port": p.get("port"), "name": p.get("name")} for p in sub.get("ports") or []]
            for key, ready in (("addresses", True), ("notReadyAddresses", False)):
                for a in sub.get(key) or []:
                    ref = a.get("targetRef") or {}
                    t = f"Pod/{ns}/{ref.get('name')}"
                    if ref.get("kind") == "Pod" and t in g:
                        g.add_edge(src, t, type="routes-to", ready=ready, ports=ports, ip=a.get("ip"))
    else:
        ports = [{"port": p.get("port"), "name": p.get("name")} for p in ep.get("ports") or []]
        for e in ep.get("endpoints") or []:
            ref = e.get("targetRef") or {}
            t = f"Pod/{ns}/{ref.get('name')}"
            if ref.get("kind") == "Pod" and t in g:
                ready = (e.get("conditions") or {}).get("ready", True)
                g.add_edge(src, t, type="routes-to", ready=bool(ready), ports=ports)


def _pod_config_edges(g: nx.DiGraph, pod: Obj, src: str) -> None:
    ns = pod["metadata"]["namespace"]
    for vol in pod["spec"].get("volumes") or []:
        sources = []
        if "configMap" in vol:
            sources.append(("ConfigMap", vol["configMap"].get("name"), vol["configMap"].get("items")))
        elif "secret" in vol:
            sources.append(("Secret", vol["secret"].get("secretName"), vol["secret"].get("items")))
        elif "persistentVolumeClaim" in vol:
            sources.append(("PersistentVolumeClaim", vol["persistentVolumeClaim"].get("claimName"), None))
        elif "projected" in vol:
            for s in vol["projected"].get("sources") or []:
                for key, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                    if key in s:
                        sources.append((kind, s[key].get("name"), s[key].get("items")))
        for kind, name, items in sources:
            target = f"{kind}/{ns}/{name}"
            if target in g:
                g.add_edge(src, target, type="mounts", volume=vol["name"],
                           items=[i.get("key") for i in items or []])
    for c in list(pod["spec"].get("initContainers") or []) + list(pod["spec"].get("containers") or []):
        for env in c.get("env") or []:
            vf = env.get("valueFrom") or {}
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                if key in vf:
                    target = f"{kind}/{ns}/{vf[key].get('name')}"
                    if target in g:
                        _add_keys(g, src, target, f"{env['name']}={vf[key].get('key')}")
        for ef in c.get("envFrom") or []:
            for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                if key in ef:
                    target = f"{kind}/{ns}/{ef[key].get('name')}"
                    if target in g:
                        _add_keys(g, src, target, f"{ef.get('prefix', '')}*")


def _add_keys(g: nx.DiGraph, src: str, target: str, key: str) -> None:
    if g.has_edge(src, target) and g.edges[src, target]["type"] == "env-from":
        keys = g.edges[src, target]["keys"]
        if key not in keys:
            keys.append(key)
    elif not g.has_edge(src, target):    # a mount already links them: the picture needs one edge
        g.add_edge(src, target, type="env-from", keys=[key])
    else:
        g.edges[src, target].setdefault("keys", []).append(key)


def signature(g: nx.DiGraph) -> tuple:
    """What a picture of ``g`` depends on: redraw only when this changes."""
    return (tuple(sorted((n, d.get("status", ""), d.get("ready")) for n, d in g.nodes(data=True))),
            tuple(sorted((u, v, d["type"]) for u, v, d in g.edges(data=True))))


def selected_by(g: nx.DiGraph, service: str) -> set[str]:
    """The pods a Service's selector matches, routed to or not."""
    return {v for _, v, d in g.out_edges(service, data=True) if d.get("selected")}


def edges_of(g: nx.DiGraph, etype: str) -> set[tuple[str, str]]:
    """``{(from, to)}`` of one edge type: handy in tests and exercises."""
    return {(u, v) for u, v, d in g.edges(data=True) if d["type"] == etype}
