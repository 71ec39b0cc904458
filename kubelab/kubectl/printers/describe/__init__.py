"""``kubectl describe``, ported from k8s.io/kubectl/pkg/describe/describe.go (v0.32.4).

Every describer writes ``Label:\\tvalue`` lines at indentation levels of two spaces and
lets a tabwriter (minwidth 0, padding 2) align each run of consecutive tabbed lines;
:func:`kubelab.kubectl.printers.table.tabwrite` does the same here.

One module a family (pods, workloads, services, config, storage, nodes, batch, autoscaling), all on the
shared :mod:`.writer`; this module only maps each kind to its describer.

Describing an object often needs *other* objects: a Deployment's ReplicaSets, the pods a
ReplicaSet controls, a Service's EndpointSlices.  The caller passes them through a
:class:`Related` — a bag of lookups, each defaulting to "nothing" — so this module never
reads the cluster:

>>> cm = {"kind": "ConfigMap", "metadata": {"name": "game", "namespace": "default"},
...       "data": {"lives": "3"}}
>>> print(describe(cm, events=[], now=0), end="")
Name:         game
Namespace:    default
Labels:       <none>
Annotations:  <none>
<BLANKLINE>
Data
====
lives:
----
3
<BLANKLINE>
<BLANKLINE>
BinaryData
====
<BLANKLINE>
Events:  <none>

Where Go iterates a map (a Secret's or ConfigMap's data) the real output order is
random; we sort the keys so that notebooks stay stable.
"""
from __future__ import annotations

from typing import Callable

from kubelab.api.meta import Obj

from .autoscaling import describe_hpa
from .batch import describe_cronjob, describe_job
from .config import describe_configmap, describe_namespace, describe_secret
from .nodes import describe_node, pod_requests_and_limits
from .pods import describe_pod
from .policy import describe_pdb
from .services import describe_endpoints, describe_service
from .storage import describe_persistentvolume, describe_persistentvolumeclaim, describe_storageclass
from .workloads import describe_daemonset, describe_deployment, describe_replicaset, describe_statefulset
from .writer import Related, describe_events, rfc1123z

__all__ = ["describe", "Related", "describe_events", "rfc1123z", "DESCRIBERS", "pod_requests_and_limits"]

DESCRIBERS: dict[str, Callable[[Obj, list[Obj] | None, float, Related], str]] = {
    "Pod": describe_pod,
    "Deployment": describe_deployment,
    "ReplicaSet": describe_replicaset,
    "DaemonSet": describe_daemonset,
    "Service": describe_service,
    "Endpoints": describe_endpoints,
    "ConfigMap": describe_configmap,
    "Secret": describe_secret,
    "Namespace": describe_namespace,
    "PersistentVolume": describe_persistentvolume,
    "PersistentVolumeClaim": describe_persistentvolumeclaim,
    "StorageClass": describe_storageclass,
    "Node": describe_node,
    "Job": describe_job,
    "CronJob": describe_cronjob,
    "StatefulSet": describe_statefulset,
    "HorizontalPodAutoscaler": describe_hpa,
    "PodDisruptionBudget": describe_pdb,
}


def describe(obj: Obj, *, events: list[Obj] | None = None, now: float = 0.0,
             related: Related | None = None) -> str:
    """``kubectl describe`` text for one object.

    ``events`` are the Events whose involvedObject is ``obj`` (``None`` is
    ``--show-events=false``); ``now`` is the simulated time; ``related`` supplies the
    other objects a description mentions (see :class:`Related`).
    """
    fn = DESCRIBERS.get(obj.get("kind", ""))
    if fn is None:
        raise KeyError(f"no describer for kind {obj.get('kind')!r}")
    return fn(obj, events, now, related or Related())
