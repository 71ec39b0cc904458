"""The kind registry: what `kubectl api-resources` lists, as data."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    group: str
    version: str
    kind: str
    plural: str
    singular: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
    categories: tuple[str, ...] = ()

    # The store keys its maps by resource type, a dozen lookups a write: hashed by
    # identity (object's own hash, no Python call a lookup).  That agrees with the
    # fields' equality because each resource type is made once, in the tables below,
    # and no two of them are equal (a test checks).
    __hash__ = object.__hash__

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def group_resource(self) -> str:
        """``deployments.apps``, or ``pods`` for the core group (as error messages say)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def group_kind(self) -> str:
        """``Deployment.apps``, or ``Pod`` for the core group."""
        return f"{self.kind}.{self.group}" if self.group else self.kind


_ALL = ("all",)
_RO = ("get", "list")

# Order follows `kubectl api-resources` (core group first, then groups by name).
RESOURCES: tuple[ResourceType, ...] = (
    ResourceType("", "v1", "Binding", "bindings", "binding", True, verbs=("create",)),
    ResourceType("", "v1", "ComponentStatus", "componentstatuses", "componentstatus", False, ("cs",), verbs=_RO),
    ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", True, ("cm",)),
    ResourceType("", "v1", "Endpoints", "endpoints", "endpoints", True, ("ep",)),
    ResourceType("", "v1", "Event", "events", "event", True, ("ev",)),
    ResourceType("", "v1", "LimitRange", "limitranges", "limitrange", True, ("limits",)),
    ResourceType("", "v1", "Namespace", "namespaces", "namespace", False, ("ns",),
                 verbs=("create", "delete", "get", "list", "patch", "update", "watch")),
    ResourceType("", "v1", "Node", "nodes", "node", False, ("no",)),
    ResourceType("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", True, ("pvc",)),
    ResourceType("", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", False, ("pv",)),
    ResourceType("", "v1", "Pod", "pods", "pod", True, ("po",), categories=_ALL),
    ResourceType("", "v1", "PodTemplate", "podtemplates", "podtemplate", True),
    ResourceType("", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", True, ("rc",), categories=_ALL),
    ResourceType("", "v1", "ResourceQuota", "resourcequotas", "resourcequota", True, ("quota",)),
    ResourceType("", "v1", "Secret", "secrets", "secret", True),
    ResourceType("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", True, ("sa",)),
    ResourceType("", "v1", "Service", "services", "service", True, ("svc",), categories=_ALL,
                 verbs=("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")),
    ResourceType("apiregistration.k8s.io", "v1", "APIService", "apiservices", "apiservice", False),
    ResourceType("apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", True),
    ResourceType("apps", "v1", "DaemonSet", "daemonsets", "daemonset", True, ("ds",), categories=_ALL),
    ResourceType("apps", "v1", "Deployment", "deployments", "deployment", True, ("deploy",), categories=_ALL),
    ResourceType("apps", "v1", "ReplicaSet", "replicasets", "replicaset", True, ("rs",), categories=_ALL),
    ResourceType("apps", "v1", "StatefulSet", "statefulsets", "statefulset", True, ("sts",), categories=_ALL),
    ResourceType("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", True, ("hpa",), categories=_ALL),
    ResourceType("batch", "v1", "CronJob", "cronjobs", "cronjob", True, ("cj",), categories=_ALL),
    ResourceType("batch", "v1", "Job", "jobs", "job", True, categories=_ALL),
    ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", True),
    ResourceType("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", True),
    ResourceType("events.k8s.io", "v1", "Event", "events", "event", True, ("ev",)),
    ResourceType("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", True, ("ing",)),
    ResourceType("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", True, ("netpol",)),
    ResourceType("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", True, ("pdb",)),
    ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", False),
    ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", False),
    ResourceType("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", True),
    ResourceType("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", True),
    ResourceType("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", "priorityclass", False, ("pc",)),
    ResourceType("storage.k8s.io", "v1", "CSIDriver", "csidrivers", "csidriver", False),
    ResourceType("storage.k8s.io", "v1", "CSINode", "csinodes", "csinode", False),
    ResourceType("storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", False, ("sc",)),
)

# The Event kind under events.k8s.io shares names with core/v1 Event; kubectl's
# `get events` means the core one.
_BY_KIND: dict[tuple[str, str], ResourceType] = {}
_LOOKUP: dict[str, ResourceType] = {}
for _rt in RESOURCES:
    _BY_KIND.setdefault((_rt.api_version, _rt.kind), _rt)
    for _name in (_rt.plural, _rt.singular, *_rt.short_names, _rt.kind.lower()):
        _LOOKUP.setdefault(_name, _rt)
    _LOOKUP.setdefault(f"{_rt.plural}.{_rt.group}" if _rt.group else _rt.plural, _rt)
    _LOOKUP.setdefault(f"{_rt.singular}.{_rt.group}" if _rt.group else _rt.singular, _rt)
    _LOOKUP.setdefault(f"{_rt.plural}.{_rt.version}.{_rt.group}" if _rt.group else _rt.plural, _rt)


# Served in more than one version, stored in one: the apiserver converts
# (kubelab.api.autoscaling.convert_v1 turns a v1 body into v2 as it arrives).
_BY_KIND[("autoscaling/v1", "HorizontalPodAutoscaler")] = _BY_KIND[("autoscaling/v2", "HorizontalPodAutoscaler")]


def lookup(name: str) -> ResourceType | None:
    """The resource a kubectl argument names: plural, singular, short name, Kind or
    ``plural.group``; case-insensitive like kubectl's RESTMapper."""
    return _LOOKUP.get(name.lower())


def by_kind(api_version: str, kind: str) -> ResourceType | None:
    return _BY_KIND.get((api_version, kind))


def by_kind_any_version(kind: str) -> list[ResourceType]:
    return [rt for rt in RESOURCES if rt.kind == kind]


def by_plural(group: str, plural: str) -> ResourceType | None:
    for rt in RESOURCES:
        if rt.group == group and rt.plural == plural:
            return rt
    return None
