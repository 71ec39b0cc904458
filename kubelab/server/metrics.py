"""``/apis/metrics.k8s.io``: the aggregated resource metrics API over HTTP.

The kube-aggregator lists the group in discovery once the APIService
``v1beta1.metrics.k8s.io`` exists, and proxies its requests to metrics-server
(:mod:`kubelab.api.metrics` answers, with the 404 / 503 a cluster gives while the
addon is missing or starting).  Read-only: ``get`` and ``list`` of ``pods`` (namespaced
or across namespaces) and ``nodes``, with ``labelSelector``.
"""
from __future__ import annotations

from typing import Any

from ..api import metrics as mapi
from ..api.errors import ApiError

GROUP_VERSION = {"groupVersion": mapi.API_VERSION, "version": mapi.VERSION}
_RESOURCES = ((mapi.NODES, False), (mapi.PODS, True))


def _not_found() -> ApiError:
    return ApiError(404, "NotFound", "the server could not find the requested resource", {})


def api_group() -> dict[str, Any]:
    return {"name": mapi.GROUP, "versions": [GROUP_VERSION], "preferredVersion": GROUP_VERSION}


def with_group(api, aggregated: dict[str, Any], legacy: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``/apis`` discovery with metrics.k8s.io added when an APIService registers it."""
    if not api.metrics.registered():
        return aggregated, legacy
    resources = [{"resource": rt.plural, "responseKind": {"group": rt.group, "version": rt.version, "kind": rt.kind},
                  "scope": "Namespaced" if namespaced else "Cluster", "singularResource": rt.singular,
                  "verbs": ["get", "list"]} for rt, namespaced in _RESOURCES]
    entry = {"metadata": {"name": mapi.GROUP, "creationTimestamp": None},
             "versions": [{"version": mapi.VERSION, "resources": resources, "freshness": "Current"}]}
    aggregated = dict(aggregated, items=[*aggregated.get("items", []), entry])
    legacy = dict(legacy, groups=[*legacy.get("groups", []), api_group()])
    return aggregated, legacy


def resource_list() -> dict[str, Any]:
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": mapi.API_VERSION,
            "resources": [{"name": rt.plural, "singularName": rt.singular, "namespaced": namespaced, "kind": rt.kind,
                           "verbs": ["get", "list"]} for rt, namespaced in _RESOURCES]}


def answer(api, method: str, parts: list[str], query: dict[str, str]) -> dict[str, Any]:
    """The body for ``/apis/metrics.k8s.io/<parts...>``; raises ApiError."""
    if method != "GET":
        raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
    if not api.metrics.registered():
        raise _not_found()
    if not parts:
        return {"kind": "APIGroup", "apiVersion": "v1", **api_group()}
    if parts[0] != mapi.VERSION:
        raise _not_found()
    rest = parts[1:]
    if not rest:
        return resource_list()
    selector = query.get("labelSelector", "")
    namespace = None
    if len(rest) >= 3 and rest[0] == "namespaces" and rest[2] == "pods":
        namespace, rest = rest[1], rest[2:]
    if rest[0] == "pods" and len(rest) == 1:
        return _list("PodMetricsList", api.metrics.list_pods(namespace, selector))
    if rest[0] == "pods" and len(rest) == 2 and namespace is not None:
        return api.metrics.get_pod(rest[1], namespace)
    if rest[0] == "nodes" and namespace is None and len(rest) == 1:
        return _list("NodeMetricsList", api.metrics.list_nodes(selector))
    if rest[0] == "nodes" and namespace is None and len(rest) == 2:
        return api.metrics.get_node(rest[1])
    raise _not_found()


def _list(kind: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": kind, "apiVersion": mapi.API_VERSION, "metadata": {}, "items": items}
