"""The EndpointSlice controller (pkg/controller/endpointslice): the newer,
sharded form of Endpoints that kube-proxy and CoreDNS actually read.

Each selected pod becomes an endpoint with three conditions: ``serving`` (the
pod is Ready), ``terminating`` (it is being deleted) and ``ready`` (serving and
not terminating — what an old client should use).  Unlike Endpoints, pods that
are shutting down stay listed, so a proxy can keep using them while nothing
else is left.  Pods answering on the same port numbers share slices of at most
100 endpoints; a Service that selects nothing still gets one empty slice.
"""
from __future__ import annotations

from ..api.meta import Obj, clone, is_deleting, make_owner_ref
from .base import Controller, split_key
from .endpoints import (HEADLESS_LABEL, TRIGGER_ANNOTATION, _ip_key, find_port, is_headless, selected_pods,
                        should_be_in_endpoints, watch_selected_pods)
from .pods import is_pod_ready

MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
SERVICE_NAME = "kubernetes.io/service-name"
MAX_ENDPOINTS = 100          # --max-endpoints-per-slice default


def make_endpoint(svc: Obj, pod: Obj) -> Obj:
    """podToEndpoint: one pod as an EndpointSlice endpoint."""
    serving = is_pod_ready(pod)
    terminating = is_deleting(pod)
    ready = bool(svc["spec"].get("publishNotReadyAddresses")) or (serving and not terminating)
    ep: Obj = {"addresses": [pod["status"]["podIP"]],
               "conditions": {"ready": ready, "serving": serving, "terminating": terminating}}
    spec = pod["spec"]
    if spec.get("hostname") and spec.get("subdomain") == svc["metadata"]["name"]:
        ep["hostname"] = spec["hostname"]
    if spec.get("nodeName"):
        ep["nodeName"] = spec["nodeName"]
    ep["targetRef"] = {"kind": "Pod", "name": pod["metadata"]["name"],
                       "namespace": pod["metadata"]["namespace"], "uid": pod["metadata"]["uid"]}
    return ep


def compute_slices(svc: Obj, pods: list[Obj]) -> list[tuple[list[Obj], list[Obj]]]:
    """(ports, endpoints) for each slice the Service needs, in a stable order."""
    groups: dict[tuple, tuple[list[Obj], list[Obj]]] = {}
    for pod in pods:
        if not should_be_in_endpoints(pod, True):
            continue
        ports = []
        for sp in svc["spec"].get("ports") or []:
            number = find_port(pod, sp)
            if number is None:
                continue
            p = {"name": sp.get("name", ""), "port": number, "protocol": sp.get("protocol", "TCP")}
            if sp.get("appProtocol"):
                p["appProtocol"] = sp["appProtocol"]
            ports.append(p)
        key = tuple((p["name"], p["port"], p["protocol"]) for p in ports)
        groups.setdefault(key, (ports, []))[1].append(make_endpoint(svc, pod))
    out = []
    for key in sorted(groups):
        ports, eps = groups[key]
        eps.sort(key=lambda e: _ip_key(e["addresses"][0]))
        for i in range(0, len(eps), MAX_ENDPOINTS):
            out.append((ports, eps[i:i + MAX_ENDPOINTS]))
    return out or [([], [])]


class EndpointSliceController(Controller):
    name = "endpointslice"

    def setup(self) -> None:
        self.watch("Service", lambda t, o, old: self.enqueue(f"{o['metadata']['namespace']}/{o['metadata']['name']}"))
        self.services = watch_selected_pods(self, self._on_pod)

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        # (only the pods of namespaces where a Service selects pods: see watch_selected_pods)
        if old is not None and _view(pod) == _view(old):
            return
        for key in self.services.selecting(pod, old):
            self.enqueue(key)

    def owned_slices(self, svc: Obj) -> list[Obj]:
        return sorted((s for s in self.api.owned("endpointslices", svc["metadata"]["uid"])
                       if (s["metadata"].get("labels") or {}).get(MANAGED_BY) == CONTROLLER_NAME),
                      key=lambda s: s["metadata"]["creationTimestamp"] + s["metadata"]["name"])

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        svc = self.api.peek("services", name, ns)
        if svc is None or svc["metadata"].get("deletionTimestamp") or not svc["spec"].get("selector"):
            return          # deleted Services lose their slices through the garbage collector
        wanted = compute_slices(svc, selected_pods(self.api, svc))
        existing = self.owned_slices(svc)
        labels = {**(svc["metadata"].get("labels") or {}), MANAGED_BY: CONTROLLER_NAME, SERVICE_NAME: name}
        if is_headless(svc):
            labels[HEADLESS_LABEL] = ""
        # Reuse slices in order; create what is missing, delete what is left over.
        for i, (ports, endpoints) in enumerate(wanted):
            cur = existing[i] if i < len(existing) else None
            if cur is not None and (cur.get("ports") or []) == ports and (cur.get("endpoints") or []) == endpoints \
                    and cur["metadata"].get("labels") == labels:
                continue
            new = clone(cur) if cur is not None else {
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {"generateName": f"{name}-", "namespace": ns,
                             "ownerReferences": [make_owner_ref(svc)]},
                "addressType": "IPv4"}
            new["metadata"]["labels"] = labels
            new["metadata"]["annotations"] = {TRIGGER_ANNOTATION: self.clock.timestamp()}
            new["endpoints"] = endpoints or None       # an empty slice shows `endpoints: null`
            new["ports"] = ports or None
            if cur is None:
                self.api.create(new)
            else:
                new["metadata"].pop("resourceVersion", None)
                self.api.update(new)
        for extra in existing[len(wanted):]:
            self.api.delete("endpointslices", extra["metadata"]["name"], ns)


def make_master_slice(ip: str, port: int = 8443) -> Obj:
    """The apiserver's own slice for ``default/kubernetes`` (no managed-by label)."""
    return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": {SERVICE_NAME: "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [ip], "conditions": {"ready": True}}],
            "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}


def _view(p: Obj) -> tuple:
    st = p.get("status") or {}
    return (p["metadata"].get("labels"), st.get("podIP"), st.get("phase"), is_pod_ready(p),
            p["metadata"].get("deletionTimestamp"), p["spec"].get("nodeName"))
