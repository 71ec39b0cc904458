"""The cluster as a networkx DiGraph, derived from API state only.

Nodes are ``"Kind/namespace/name"`` (``"Node//minikube"`` for cluster-scoped
objects) with attributes ``kind``, ``name``, ``namespace``, ``status``; edges
carry ``type``: ``owns``, ``scheduled-on``, ``selects``, ``routes-to``,
``mounts``, ``env-from``, ``binds``, ``provisions``.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> _ = c.kubectl("create deployment web --image=nginx")
>>> _ = c.settle()
>>> g = build_graph(c, namespace="default")
>>> sorted({d["type"] for _, _, d in g.edges(data=True)})
['owns', 'scheduled-on']
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from ..api import selectors
from ..api.meta import Obj

KINDS = ("Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet", "Job", "CronJob",
         "Pod", "Node", "Service", "Endpoints", "EndpointSlice", "ConfigMap", "Secret",
         "PersistentVolumeClaim", "PersistentVolume", "StorageClass")


def node_id(obj: Obj) -> str:
    md = obj["metadata"]
    return f"{obj['kind']}/{md.get('namespace', '')}/{md['name']}"


def pod_status(pod: Obj) -> str:
    """The word kubectl's STATUS column would show, for colouring."""
    from ..kubectl.printers.pods import pod_row
    try:
        return pod_row(pod, None)[2]
    except Exception:   # a view never breaks on an odd object
        return pod.get("status", {}).get("phase", "Pending")


def _status(obj: Obj) -> str:
    kind = obj["kind"]
    st = obj.get("status") or {}
    if kind == "Pod":
        if obj["metadata"].get("deletionTimestamp"):
            return "Terminating"
        return pod_status(obj)
    if kind == "Node":
        ready = next((c for c in st.get("conditions", []) if c["type"] == "Ready"), None)
        return "Ready" if ready and ready["status"] == "True" else "NotReady"
    if kind in ("Deployment", "ReplicaSet"):
        return f"{st.get('readyReplicas', 0)}/{obj['spec'].get('replicas', 1)}"
    if kind in ("PersistentVolume", "PersistentVolumeClaim"):
        return st.get("phase", "")
    return ""


def build_graph(cluster, *, namespace: str | None = None, kinds: Iterable[str] | None = None,
                selector: str | None = None, around: str | None = None, system: bool = False) -> nx.DiGraph:
    """Objects and their relations.  ``namespace=None`` and ``system=False`` shows
    every namespace but kube-system; ``around="Kind/ns/name"`` keeps that object's
    connected neighbourhood."""
    api = cluster.api
    want = set(kinds or KINDS)
    sel = selectors.parse(selector) if selector else None
    g = nx.DiGraph()

    def keep(obj: Obj) -> bool:
        ns = obj["metadata"].get("namespace")
        if ns and namespace is not None and ns != namespace:
            return False
        if ns == "kube-system" and not system and namespace != "kube-system":
            return False
        if sel is not None and obj["kind"] not in ("Node",) and not sel.matches(obj["metadata"].get("labels") or {}):
            return False
        return True

    objs: list[Obj] = []
    for kind in KINDS:
        if kind not in want and kind != "Node":
            continue
        for obj in api.list(kind, None, copy=False):
            if keep(obj):
                objs.append(obj)
    by_uid = {o["metadata"].get("uid"): o for o in objs}
    pods = [o for o in objs if o["kind"] == "Pod"]
    used_nodes = {p["spec"].get("nodeName") for p in pods}
    for obj in objs:
        if obj["kind"] == "Node" and ("Node" not in want or obj["metadata"]["name"] not in used_nodes):
            continue
        md = obj["metadata"]
        g.add_node(node_id(obj), kind=obj["kind"], name=md["name"], namespace=md.get("namespace", ""),
                   status=_status(obj), labels=dict(md.get("labels") or {}))
    for obj in objs:
        src = node_id(obj)
        if src not in g:
            continue
        for ref in md_refs(obj):
            owner = by_uid.get(ref.get("uid"))
            if owner is not None and node_id(owner) in g:
                g.add_edge(node_id(owner), src, type="owns", controller=bool(ref.get("controller")))
        if obj["kind"] == "Pod" and obj["spec"].get("nodeName"):
            target = f"Node//{obj['spec']['nodeName']}"
            if target in g:
                g.add_edge(src, target, type="scheduled-on")
        if obj["kind"] == "Service" and obj["spec"].get("selector"):
            s = selectors.from_map(obj["spec"]["selector"])
            for p in pods:
                if p["metadata"]["namespace"] == obj["metadata"]["namespace"] and s.matches(p["metadata"].get("labels") or {}):
                    g.add_edge(src, node_id(p), type="selects", ready=_ready(p),
                               ports=[(pt.get("port"), pt.get("targetPort"), pt.get("nodePort")) for pt in obj["spec"].get("ports", [])])
        if obj["kind"] == "Pod":
            _pod_config_edges(g, obj, src)
        if obj["kind"] == "PersistentVolumeClaim" and obj["spec"].get("volumeName"):
            target = f"PersistentVolume//{obj['spec']['volumeName']}"
            if target in g:
                g.add_edge(src, target, type="binds")
        if obj["kind"] == "PersistentVolume" and obj["spec"].get("storageClassName"):
            target = f"StorageClass//{obj['spec']['storageClassName']}"
            if target in g:
                g.add_edge(target, src, type="provisions")
    if around:
        if around in g:
            keep_nodes = nx.node_connected_component(g.to_undirected(), around)
            g = g.subgraph(keep_nodes).copy()
    return g


def md_refs(obj: Obj) -> list[Obj]:
    return obj["metadata"].get("ownerReferences") or []


def _ready(pod: Obj) -> bool:
    return any(c["type"] == "Ready" and c["status"] == "True" for c in (pod.get("status") or {}).get("conditions", []))


def _pod_config_edges(g: nx.DiGraph, pod: Obj, src: str) -> None:
    ns = pod["metadata"]["namespace"]
    for vol in pod["spec"].get("volumes") or []:
        if "configMap" in vol:
            target = f"ConfigMap/{ns}/{vol['configMap'].get('name')}"
        elif "secret" in vol:
            target = f"Secret/{ns}/{vol['secret'].get('secretName')}"
        elif "persistentVolumeClaim" in vol:
            target = f"PersistentVolumeClaim/{ns}/{vol['persistentVolumeClaim'].get('claimName')}"
        else:
            continue
        if target in g:
            g.add_edge(src, target, type="mounts", volume=vol["name"])
    for c in pod["spec"].get("containers") or []:
        for env in c.get("env") or []:
            vf = env.get("valueFrom") or {}
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                if key in vf:
                    target = f"{kind}/{ns}/{vf[key]['name']}"
                    if target in g:
                        keys = g.edges[src, target].get("keys", []) if g.has_edge(src, target) else []
                        g.add_edge(src, target, type="env-from", keys=keys + [f"{env['name']}={vf[key]['key']}"])
        for ef in c.get("envFrom") or []:
            for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                if key in ef:
                    target = f"{kind}/{ns}/{ef[key]['name']}"
                    if target in g:
                        g.add_edge(src, target, type="env-from", keys=["*"])
