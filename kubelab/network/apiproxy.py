"""``pods/NAME/proxy`` and ``services/NAME/proxy``: the apiserver proxies an HTTP
request to a pod's port, or to a ready endpoint of a Service's port (what
``kubectl cluster-info`` prints URLs of).  The network registers these with the
API's connector (:mod:`kubelab.api.connect`).

Simplification: of several ready endpoints the apiserver picks one at random; the
kit takes the first, so the answer is the same on every run.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..api import errors
from ..api.connect import ProxyOptions
from ..api.meta import Obj
from ..apps.base import Request, Response

if TYPE_CHECKING:
    from .traffic import Network


def _unreachable(what: str, ip: str, port: int) -> errors.ApiError:
    # The apiserver's proxy transport (apimachinery's util/proxy) says "service" for pods too.
    return errors.ApiError(503, "ServiceUnavailable",
                           f"error trying to reach service: dial tcp {ip}:{port}: connect: connection refused")


def _deliver(network: "Network", what: str, key: str, ip: str, port: int, options: ProxyOptions) -> Response:
    found = network.listener(key, port)
    if found is None:
        raise _unreachable(what, ip, port)
    _, app = found
    headers = dict(options.headers)
    req = Request(options.method, options.path or "/", headers.get("host", f"{ip}:{port}"), port,
                  "", headers, options.body)
    return app.http(req)


def proxy_pod(network: "Network", pod: Obj, port: str, options: ProxyOptions) -> Response:
    """pod ResourceLocation: the given port, else the first declared container port, else 80."""
    if not port:
        port = next((str(p["containerPort"]) for c in pod["spec"].get("containers") or []
                     for p in c.get("ports") or []), "80")
    ip = (pod.get("status") or {}).get("podIP", "")
    md = pod["metadata"]
    if not port.isdigit() or not ip:
        raise _unreachable("pod", ip, 0)
    return _deliver(network, "pod", f"{md['namespace']}/{md['name']}", ip, int(port), options)


def proxy_service(network: "Network", svc: Obj, port: str, options: ProxyOptions) -> Response:
    """service ResourceLocation: the Service port named (or numbered) ``port``,
    then a ready endpoint of it."""
    md = svc["metadata"]
    ident = f"{md['name']}:{port}" if port else md["name"]
    ports = (svc.get("spec") or {}).get("ports") or []
    chosen = next((p for p in ports if p.get("name", "") == port or (port.isdigit() and p.get("port") == int(port))),
                  None)
    if chosen is None:
        raise errors.ApiError(503, "ServiceUnavailable", f'no endpoints available for service "{ident}"')
    name = chosen.get("name", "")
    for sl in network.api.list("endpointslices", md["namespace"], copy=False,
                               field_filter=lambda s: (s["metadata"].get("labels") or {})
                               .get("kubernetes.io/service-name") == md["name"]):
        target = next((p.get("port") for p in sl.get("ports") or [] if p.get("name", "") == name), None)
        for ep in sl.get("endpoints") or []:
            if target is None or (ep.get("conditions") or {}).get("ready") is False:
                continue
            ref = ep.get("targetRef") or {}
            key = f"{ref.get('namespace', md['namespace'])}/{ref.get('name', '')}"
            return _deliver(network, "service", key, ep["addresses"][0], int(target), options)
    raise errors.ApiError(503, "ServiceUnavailable", f'no endpoints available for service "{ident}"')


def register(network: "Network") -> None:
    connector = network.api.connector
    connector.add_proxy("pods", lambda pod, port, options: proxy_pod(network, pod, port, options))
    connector.add_proxy("services", lambda svc, port, options: proxy_service(network, svc, port, options))
