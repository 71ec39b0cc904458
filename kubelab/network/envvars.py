"""The Service environment variables the kubelet gives every container
(pkg/kubelet/envvars/envvars.go FromServices), for Services that existed when
the container started.

>>> svc = {"metadata": {"name": "redis-primary"}, "spec": {"clusterIP": "10.0.0.11",
...        "ports": [{"name": "", "port": 6379, "protocol": "TCP"}]}}
>>> for k, v in from_services([svc]).items(): print(f"{k}={v}")
REDIS_PRIMARY_SERVICE_HOST=10.0.0.11
REDIS_PRIMARY_SERVICE_PORT=6379
REDIS_PRIMARY_PORT=tcp://10.0.0.11:6379
REDIS_PRIMARY_PORT_6379_TCP=tcp://10.0.0.11:6379
REDIS_PRIMARY_PORT_6379_TCP_PROTO=tcp
REDIS_PRIMARY_PORT_6379_TCP_PORT=6379
REDIS_PRIMARY_PORT_6379_TCP_ADDR=10.0.0.11
"""
from __future__ import annotations

from typing import Callable
from weakref import WeakKeyDictionary, ref

from ..api.meta import Obj


def env_name(name: str) -> str:
    return name.upper().replace("-", "_")


def from_services(services: list[Obj]) -> dict[str, str]:
    out: dict[str, str] = {}
    for svc in services:
        spec = svc.get("spec") or {}
        ip = spec.get("clusterIP")
        ports = spec.get("ports") or []
        if ip in (None, "", "None") or not ports:
            continue          # v1helper.IsServiceIPSet: headless and ExternalName get nothing
        prefix = env_name(svc["metadata"]["name"])
        out[f"{prefix}_SERVICE_HOST"] = ip
        out[f"{prefix}_SERVICE_PORT"] = str(ports[0]["port"])
        for p in ports:
            if p.get("name"):
                out[f"{prefix}_SERVICE_PORT_{env_name(p['name'])}"] = str(p["port"])
        # Docker-link compatible variables; Docker special-cases the first port.
        for i, p in enumerate(ports):
            proto = p.get("protocol") or "TCP"
            hostport = f"[{ip}]:{p['port']}" if ":" in ip else f"{ip}:{p['port']}"
            if i == 0:
                out[f"{prefix}_PORT"] = f"{proto.lower()}://{hostport}"
            pp = f"{prefix}_PORT_{p['port']}_{proto.upper()}"
            out[pp] = f"{proto.lower()}://{hostport}"
            out[pp + "_PROTO"] = proto.lower()
            out[pp + "_PORT"] = str(p["port"])
            out[pp + "_ADDR"] = ip
    return out


def service_env(api, pod: Obj) -> dict[str, str]:
    """getServiceEnvVarMap: the pod's namespace's Services (when enableServiceLinks)
    plus the master Service ``kubernetes`` from ``default``, always.

    The same for every pod of a namespace until a Service changes: one dict (and
    its strings) shared by their containers, which only read it."""
    return for_store(api)(pod)


def for_store(api) -> Callable[[Obj], dict[str, str]]:
    """:func:`service_env` of one store, as the one function its kubelets call at
    every container start (the store's table found once, not at each call)."""
    got = _callers.get(api)
    if got is None:
        got = _callers[api] = _caller(ref(api))
    return got


def _caller(api_ref: "ref") -> Callable[[Obj], dict[str, str]]:
    cache: dict[tuple[str, bool], dict[str, str]] = {}    # (namespace, service links?) -> the variables

    def env_of(pod: Obj) -> dict[str, str]:
        key = (pod["metadata"]["namespace"], bool(pod["spec"].get("enableServiceLinks", True)))
        env = cache.get(key)
        if env is None:
            env = cache[key] = _service_env(api_ref(), pod)
        return env
    api_ref().watch(lambda etype, obj, old: cache.clear(), "Service")    # any Service change: build again
    return env_of


#: the store -> its service_env function (which holds the store weakly: the table lets it go)
_callers: "WeakKeyDictionary[object, Callable[[Obj], dict[str, str]]]" = WeakKeyDictionary()


def _service_env(api, pod: Obj) -> dict[str, str]:
    ns = pod["metadata"]["namespace"]
    chosen: dict[str, Obj] = {}
    if pod["spec"].get("enableServiceLinks", True):
        for svc in api.list("services", ns, copy=False):
            chosen[svc["metadata"]["name"]] = svc
    master = api.peek("services", "kubernetes", "default")
    if master is not None and (ns == "default" or "kubernetes" not in chosen):
        chosen["kubernetes"] = master
    return from_services([chosen[k] for k in sorted(chosen)])
