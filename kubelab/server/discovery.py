"""Discovery: what the server serves, from the kit's resource registry.

kubectl v1.32 first asks ``/api`` and ``/apis`` for the aggregated documents
(``Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList``),
which name every resource of every group in two requests; older clients (and the
official Python client) read the legacy documents: ``APIVersions``,
``APIGroupList``, ``APIGroup`` and one ``APIResourceList`` per group/version.
"""
from __future__ import annotations

from typing import Any

from ..api.resources import ResourceType
from . import versions
from .openapi import group_versions

#: The server's version, as ``kubectl version`` shows it (the nodes run v1.32.0).
VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.0",
           "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53", "gitTreeState": "clean",
           "buildDate": "2024-12-11T17:59:15Z", "goVersion": "go1.23.3", "compiler": "gc",
           "platform": "linux/amd64"}

AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

_STATUS = ("get", "patch", "update")
_SCALED = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")
_NO_STATUS = ("Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "PodTemplate",
              "Secret", "ServiceAccount", "ControllerRevision", "Lease", "EndpointSlice", "NetworkPolicy",
              "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "PriorityClass", "CSIDriver",
              "CSINode", "StorageClass")


def subresources(rt: ResourceType) -> list[tuple[str, dict[str, str], tuple[str, ...]]]:
    """(name, response kind, verbs) of each subresource of ``rt``."""
    own = {"group": rt.group, "version": rt.version, "kind": rt.kind}
    out: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
    if rt.kind == "Pod":
        out += [("attach", {"group": "", "version": "v1", "kind": "PodAttachOptions"}, ("create", "get")),
                ("binding", {"group": "", "version": "v1", "kind": "Binding"}, ("create",)),
                ("eviction", {"group": "policy", "version": "v1", "kind": "Eviction"}, ("create",)),
                ("exec", {"group": "", "version": "v1", "kind": "PodExecOptions"}, ("create", "get")),
                ("log", {"group": "", "version": "v1", "kind": "Pod"}, ("get",)),
                ("portforward", {"group": "", "version": "v1", "kind": "PodPortForwardOptions"}, ("create", "get"))]
    if rt.kind in _SCALED:
        out.append(("scale", {"group": "autoscaling", "version": "v1", "kind": "Scale"}, ("get", "patch", "update")))
    if rt.kind not in _NO_STATUS:
        out.append(("status", own, _STATUS))
    if rt.kind == "Namespace":
        out.append(("finalize", own, ("update",)))
    return sorted(out)


def _scope(rt: ResourceType) -> str:
    return "Namespaced" if rt.namespaced else "Cluster"


def _served(group: str, version: str) -> list[ResourceType]:
    return [rt for rt in versions.served() if rt.group == group and rt.version == version]


def _aggregated_resource(rt: ResourceType) -> dict[str, Any]:
    out: dict[str, Any] = {"resource": rt.plural,
                           "responseKind": {"group": rt.group, "version": rt.version, "kind": rt.kind},
                           "scope": _scope(rt), "singularResource": rt.singular, "verbs": sorted(rt.verbs)}
    if rt.short_names:
        out["shortNames"] = list(rt.short_names)
    if rt.categories:
        out["categories"] = list(rt.categories)
    subs = [{"subresource": name, "responseKind": kind, "verbs": list(verbs)} for name, kind, verbs in subresources(rt)]
    if subs:
        out["subresources"] = subs
    return out


def aggregated(core: bool) -> dict[str, Any]:
    """The ``APIGroupDiscoveryList`` of ``/api`` (core) or ``/apis`` (every named group)."""
    items = []
    for group, version in group_versions():
        if (group == "") != core:
            continue
        entry = {"version": version, "resources": [_aggregated_resource(rt) for rt in _served(group, version)],
                 "freshness": "Current"}
        if items and items[-1]["metadata"].get("name", "") == group:
            items[-1]["versions"].append(entry)
            continue
        meta: dict[str, Any] = {"creationTimestamp": None}
        if group:
            meta["name"] = group
        items.append({"metadata": meta, "versions": [entry]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items}


def api_versions() -> dict[str, Any]:
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "192.168.49.2:8443"}]}


def api_group(group: str) -> dict[str, Any] | None:
    versions = [v for g, v in group_versions() if g == group]
    if not group or not versions:
        return None
    gvs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": gvs, "preferredVersion": gvs[0]}


def api_group_list() -> dict[str, Any]:
    groups = []
    for group, _ in group_versions():
        if group and all(g["name"] != group for g in groups):
            groups.append(api_group(group))
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def resource_list(group: str, version: str) -> dict[str, Any] | None:
    served = _served(group, version)
    if not served:
        return None
    items = []
    for rt in served:
        entry: dict[str, Any] = {"name": rt.plural, "singularName": rt.singular, "namespaced": rt.namespaced,
                                 "kind": rt.kind, "verbs": sorted(rt.verbs)}
        if rt.short_names:
            entry["shortNames"] = list(rt.short_names)
        if rt.categories:
            entry["categories"] = list(rt.categories)
        items.append(entry)
        for name, kind, verbs in subresources(rt):
            sub = {"name": f"{rt.plural}/{name}", "singularName": "", "namespaced": rt.namespaced,
                   "kind": kind["kind"], "verbs": list(verbs)}
            if kind["group"] != rt.group or kind["version"] != rt.version:
                sub["group"], sub["version"] = kind["group"], kind["version"]
            items.append(sub)
    gv = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": items}
