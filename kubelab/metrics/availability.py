"""The kube-aggregator's availability controller (staging/src/k8s.io/kube-aggregator/
pkg/controllers/status/remote/remote_available_controller.go): an APIService backed by
a Service is ``Available`` when the Service exists, listens on the port named, and its
Endpoints have an address for it.  The aggregator proxies only to an available one
(:meth:`kubelab.api.metrics.MetricsAPI.available` reads this condition)::

    NAME                     SERVICE                      AVAILABLE                  AGE
    v1beta1.metrics.k8s.io   kube-system/metrics-server   False (MissingEndpoints)   5s
"""
from __future__ import annotations

from ..api.meta import Obj


def availability(api, apiservice: Obj) -> tuple[str, str, str]:
    """(status, reason, message) of the Available condition."""
    ref = (apiservice.get("spec") or {}).get("service")
    if not ref:
        return "True", "Local", "Local APIServices are always available"
    name, ns, port = ref.get("name", ""), ref.get("namespace", ""), ref.get("port", 443)
    svc = api.peek("services", name, ns)
    if svc is None:
        return "False", "ServiceNotFound", f'service/{name} in "{ns}" is not present'
    sp = next((p for p in svc["spec"].get("ports") or [] if p.get("port") == port), None)
    if sp is None:
        return "False", "ServicePortError", f'service/{name} in "{ns}" is not listening on port {port}'
    ep = api.peek("endpoints", name, ns) or {}
    ready = any(s.get("addresses") and any(p.get("name", "") == sp.get("name", "") for p in s.get("ports") or [])
                for s in ep.get("subsets") or [])
    if not ready:
        return "False", "MissingEndpoints", \
            f'endpoints for service/{name} in "{ns}" have no addresses with port name "{sp.get("name", "")}"'
    return "True", "Passed", "all checks passed"


class AvailabilityController:
    """Keeps every APIService's Available condition current as Services and Endpoints change."""

    component = "kube-apiserver"

    def __init__(self, api, clock):
        self.api = api
        self.clock = clock
        self._dirty = False
        for kind in ("APIService", "Service", "Endpoints"):
            api.watch(self._on_change, kind)

    def _on_change(self, etype: str, obj: Obj, old: Obj | None) -> None:
        self._dirty = self._dirty or obj.get("kind") == "APIService" or self.api.count("apiservices") > 0

    def drain(self) -> bool:
        if not self._dirty:
            return False
        self._dirty = False
        did = False
        for svc in self.api.list("apiservices", copy=False):
            status, reason, message = availability(self.api, svc)
            cond = next((c for c in (svc.get("status") or {}).get("conditions") or [] if c.get("type") == "Available"),
                        None)
            if cond is not None and (cond.get("status"), cond.get("reason"), cond.get("message")) == \
                    (status, reason, message):
                continue
            new = {"type": "Available", "status": status,
                   "lastTransitionTime": self.clock.timestamp() if cond is None or cond.get("status") != status
                   else cond.get("lastTransitionTime"), "reason": reason, "message": message}

            def write(obj: Obj, new: Obj = new) -> None:
                obj["status"] = {"conditions": [new]}
            with self.api.acting_as(self.component):
                self.api.mutate("apiservices", svc["metadata"]["name"], None, write, status=True)
            did = True
        return did
