"""The Endpoints controller (pkg/controller/endpoint): for every Service with a
selector, an Endpoints object of the same name listing the selected pods.

Ready pods go to ``addresses``, the others to ``notReadyAddresses``; a pod
without an IP, in a terminal phase or being deleted is left out (unless the
Service sets ``publishNotReadyAddresses``).  A named ``targetPort`` is looked
up among each pod's container ports, so two pods of one Service may answer on
different numbers; a pod that lacks the name is skipped for that port.

>>> svc = {"spec": {"ports": [{"name": "http", "port": 80, "targetPort": "web", "protocol": "TCP"}]}}
>>> pod = {"spec": {"containers": [{"ports": [{"name": "web", "containerPort": 8080}]}]}}
>>> find_port(pod, svc["spec"]["ports"][0])
8080
"""
from __future__ import annotations

from typing import Callable

from ..api import selectors
from ..api.meta import Obj, clone, is_deleting
from .base import Controller, split_key
from .pods import is_pod_ready

HEADLESS_LABEL = "service.kubernetes.io/headless"
TRIGGER_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time"


def find_port(pod: Obj, port: Obj) -> int | None:
    """podutil.FindPort: the container port a service port's targetPort names."""
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    proto = port.get("protocol", "TCP")
    for c in pod["spec"].get("containers") or []:
        for cp in c.get("ports") or []:
            if cp.get("name") == target and cp.get("protocol", "TCP") == proto:
                return cp["containerPort"]
    return None


def should_be_in_endpoints(pod: Obj, include_terminating: bool) -> bool:
    """endpointutil.ShouldPodBeInEndpoints."""
    status = pod.get("status") or {}
    if status.get("phase") in ("Succeeded", "Failed"):
        return False
    if not status.get("podIP"):
        return False
    return include_terminating or not is_deleting(pod)


def selected_pods(api, svc: Obj) -> list[Obj]:
    """The pods a Service's selector picks (its namespace only), by name."""
    sel = svc["spec"].get("selector")
    if not sel:
        return []
    return api.list("pods", svc["metadata"]["namespace"], selector=selectors.from_map(sel), copy=False)


def is_headless(svc: Obj) -> bool:
    return svc["spec"].get("clusterIP") == "None"


def services_selecting(api, pod: Obj, old: Obj | None) -> list[str]:
    """Keys of the Services whose selector matches the pod now or before (a scan of
    the namespace's Services; the controllers keep a :class:`ServiceIndex` instead)."""
    ns = pod["metadata"]["namespace"]
    label_sets = [pod["metadata"].get("labels") or {}]
    if old is not None:
        label_sets.append(old["metadata"].get("labels") or {})
    out = []
    for svc in api.list("services", ns, copy=False):
        sel = svc["spec"].get("selector")
        if sel and any(selectors.from_map(sel).matches(ls) for ls in label_sets):
            out.append(f"{ns}/{svc['metadata']['name']}")
    return out


class ServiceIndex:
    """The Services that have a selector, kept by watching them: by namespace, and
    by one (key, value) pair of their selector, so a pod change finds the Services
    selecting it from its own labels, without listing the namespace's Services
    (getPodServiceMemberships does that with the informer's cache).

    >>> from kubelab.api.store import Store
    >>> from kubelab.clock import Clock
    >>> import random
    >>> api = Store(Clock(), random.Random(0))
    >>> _ = api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    >>> index = ServiceIndex(api)
    >>> _ = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
    ...                 "spec": {"selector": {"app": "web", "tier": "front"}, "ports": [{"port": 80}]}})
    >>> pod = {"metadata": {"namespace": "default", "labels": {"app": "web", "tier": "front", "x": "1"}}}
    >>> index.selecting(pod, None), index.selecting({"metadata": {"namespace": "default", "labels": {"app": "web"}}}, None)
    (['default/web'], [])
    """

    def __init__(self, api, on_namespaces: Callable[[frozenset[str]], None] | None = None) -> None:
        self._by_ns: dict[str, dict[str, dict]] = {}                     # ns -> name -> selector map
        self._by_pair: dict[tuple[str, str, str], set[str]] = {}          # (ns, key, value) -> names
        #: told the namespaces with a selecting Service whenever they change
        self.on_namespaces = on_namespaces
        api.watch(self._on_service, "Service")
        for svc in api.list("services", copy=False):
            self._on_service("ADDED", svc, None)

    def _on_service(self, etype: str, svc: Obj, old: Obj | None) -> None:
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        sel = None if etype == "DELETED" else ((svc.get("spec") or {}).get("selector") or None)
        services = self._by_ns.get(ns)
        had = services.get(name) if services is not None else None
        if had == sel:
            return
        known = ns in self._by_ns
        if had is not None:
            del services[name]
            if not services:
                del self._by_ns[ns]
            pair = (ns, *min(had.items()))
            self._by_pair[pair].discard(name)
            if not self._by_pair[pair]:
                del self._by_pair[pair]
        if sel is not None:
            self._by_ns.setdefault(ns, {})[name] = dict(sel)
            self._by_pair.setdefault((ns, *min(sel.items())), set()).add(name)
        if (ns in self._by_ns) != known and self.on_namespaces is not None:
            self.on_namespaces(self.namespaces())

    def namespaces(self) -> frozenset[str]:
        """The namespaces where a Service has a selector (elsewhere no pod is selected)."""
        return frozenset(self._by_ns)

    def selecting(self, pod: Obj, old: Obj | None) -> list[str]:
        """Keys of the Services whose selector matches the pod now or before, by name
        (what :func:`services_selecting` gives)."""
        ns = pod["metadata"]["namespace"]
        services = self._by_ns.get(ns)
        if services is None:
            return []
        found: set[str] = set()
        by_pair = self._by_pair
        for md in (pod["metadata"], old["metadata"] if old is not None else None):
            if md is None:
                continue
            labels = md.get("labels") or {}
            for k, v in labels.items():
                for name in by_pair.get((ns, k, v), ()):
                    if name not in found and all(labels.get(sk) == sv for sk, sv in services[name].items()):
                        found.add(name)
        return [f"{ns}/{name}" for name in sorted(found)]


def watch_selected_pods(controller: Controller, handler: Callable[[str, Obj, "Obj | None"], None]) -> ServiceIndex:
    """A :class:`ServiceIndex` for ``controller``, which watches pods with ``handler``
    in the namespaces where a Service has a selector only: the watch is narrowed as
    Services come and go, so the pods of a namespace without one (a big Deployment's,
    most of the time) cost the controller nothing."""
    api = controller.api
    index = ServiceIndex(api, lambda namespaces: api.narrow(handler, namespaces))
    controller.watch("Pod", handler, namespaces=index.namespaces())
    return index


def compute_subsets(svc: Obj, pods: list[Obj]) -> list[Obj]:
    """The ``subsets`` of a Service's Endpoints: addresses grouped by the set of
    ports they answer on (endpoints.RepackSubsets), addresses sorted by IP."""
    publish = bool(svc["spec"].get("publishNotReadyAddresses"))
    groups: dict[tuple, dict[str, list[Obj]]] = {}
    for pod in pods:
        if not should_be_in_endpoints(pod, publish):
            continue
        ports = []
        for sp in svc["spec"].get("ports") or []:
            number = find_port(pod, sp)
            if number is None:
                continue          # the controller logs "failed to find port for service" and skips
            ep_port = {"name": sp.get("name", ""), "port": number, "protocol": sp.get("protocol", "TCP")}
            if not ep_port["name"]:
                del ep_port["name"]
            if sp.get("appProtocol"):
                ep_port["appProtocol"] = sp["appProtocol"]
            ports.append(ep_port)
        if svc["spec"].get("ports") and not ports:
            continue
        addr = {"ip": pod["status"]["podIP"]}
        spec = pod["spec"]
        if spec.get("hostname") and spec.get("subdomain") == svc["metadata"]["name"]:
            addr["hostname"] = spec["hostname"]
        if spec.get("nodeName"):
            addr["nodeName"] = spec["nodeName"]
        addr["targetRef"] = {"kind": "Pod", "name": pod["metadata"]["name"],
                             "namespace": pod["metadata"]["namespace"], "uid": pod["metadata"]["uid"]}
        key = tuple(sorted((p.get("name", ""), p["port"], p["protocol"]) for p in ports))
        group = groups.setdefault(key, {"ports": ports, "addresses": [], "notReadyAddresses": []})
        ready = publish or is_pod_ready(pod)
        group["addresses" if ready else "notReadyAddresses"].append(addr)
    subsets = []
    for key in sorted(groups):
        g = groups[key]
        subset: Obj = {}
        for field in ("addresses", "notReadyAddresses"):
            if g[field]:
                subset[field] = sorted(g[field], key=lambda a: (_ip_key(a["ip"]), a["targetRef"]["uid"]))
        if g["ports"]:
            subset["ports"] = sorted(g["ports"], key=lambda p: (p.get("name", ""), p["port"]))
        subsets.append(subset)
    return subsets


def _ip_key(ip: str) -> tuple:
    return tuple(int(x) for x in ip.split(".")) if ip.count(".") == 3 else (ip,)


def make_master_endpoints(ip: str, port: int = 8443) -> Obj:
    """What the apiserver's endpoint reconciler keeps for ``default/kubernetes``."""
    return {"apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": ip}], "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}]}


class EndpointsController(Controller):
    name = "endpoint"

    def setup(self) -> None:
        self.watch("Service", lambda t, o, old: self.enqueue(f"{o['metadata']['namespace']}/{o['metadata']['name']}"))
        self.services = watch_selected_pods(self, self._on_pod)
        # Someone editing or deleting a managed Endpoints gets it put back.
        self.watch("Endpoints", lambda t, o, old: self.enqueue(f"{o['metadata']['namespace']}/{o['metadata']['name']}"))

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        # (only the pods of namespaces where a Service selects pods: see watch_selected_pods)
        if old is not None and _same_for_endpoints(pod, old):
            return
        for key in self.services.selecting(pod, old):
            self.enqueue(key)

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        svc = self.api.peek("services", name, ns)
        current = self.api.peek("endpoints", name, ns)
        if svc is None or svc["metadata"].get("deletionTimestamp"):
            if current is not None and svc is None and not _is_master(current):
                self.api.delete("endpoints", name, ns)
            return
        if not svc["spec"].get("selector"):
            return          # a Service without a selector: its Endpoints are the user's to write
        subsets = compute_subsets(svc, selected_pods(self.api, svc))
        labels = dict(svc["metadata"].get("labels") or {})
        if is_headless(svc):
            labels[HEADLESS_LABEL] = ""
        if current is not None:
            same = (current.get("subsets") or []) == subsets and (current["metadata"].get("labels") or {}) == labels
            if same:
                return
            new = clone(current)
        else:
            new = {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": name, "namespace": ns}}
        new["metadata"]["annotations"] = {**(new["metadata"].get("annotations") or {}),
                                          TRIGGER_ANNOTATION: self.clock.timestamp()}
        if labels:
            new["metadata"]["labels"] = labels
        else:
            new["metadata"].pop("labels", None)
        if subsets:
            new["subsets"] = subsets
        else:
            new.pop("subsets", None)
        if current is None:
            self.api.create(new)
        else:
            new["metadata"].pop("resourceVersion", None)
            self.api.update(new)


def _is_master(ep: Obj) -> bool:
    return ep["metadata"]["name"] == "kubernetes" and ep["metadata"]["namespace"] == "default"


def _same_for_endpoints(pod: Obj, old: Obj) -> bool:
    """Pod updates that cannot change any Endpoints (most kubelet status writes
    of a running pod) are skipped, as the controller's podEndpointsChanged does."""
    def view(p: Obj) -> tuple:
        st = p.get("status") or {}
        return (p["metadata"].get("labels"), st.get("podIP"), st.get("phase"), is_pod_ready(p),
                p["metadata"].get("deletionTimestamp"), p["spec"].get("nodeName"),
                p["spec"].get("hostname"), p["spec"].get("subdomain"))
    return view(pod) == view(old)
