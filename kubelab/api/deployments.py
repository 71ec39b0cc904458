"""Deployment ↔ ReplicaSet rules shared by the Deployment controller and kubectl
(pkg/controller/deployment/util and k8s.io/kubectl/pkg/util/deployment, v1.32).

Which ReplicaSet is a Deployment's *new* one (its pod template equals the Deployment's,
ignoring the pod-template-hash label; the oldest wins if several do) and which are *old*.
"""
from __future__ import annotations

from typing import Callable

from .meta import Obj, clone

__all__ = ["REVISION", "HASH_LABEL", "template_equal", "revision_of", "by_creation",
           "find_new_replica_set", "find_old_replica_sets"]

REVISION = "deployment.kubernetes.io/revision"
HASH_LABEL = "pod-template-hash"


def template_equal(a: Obj, b: Obj) -> bool:
    """EqualIgnoreHash: templates equal once the pod-template-hash label is dropped."""
    a, b = clone(a), clone(b)
    for t in (a, b):
        labels = (t.get("metadata") or {}).get("labels") or {}
        labels.pop(HASH_LABEL, None)
        if "metadata" in t and not labels:
            t["metadata"].pop("labels", None)
    return a == b


def revision_of(rs: Obj) -> int:
    """The deployment.kubernetes.io/revision annotation as a number (0 when unset or bad)."""
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def by_creation(rss: list[Obj], parse: Callable[[str], float]) -> list[Obj]:
    """ReplicaSetsByCreationTimestamp: oldest first, name breaks ties."""
    return sorted(rss, key=lambda r: (parse(r["metadata"]["creationTimestamp"]), r["metadata"]["name"]))


def find_new_replica_set(d: Obj, rss: list[Obj], parse: Callable[[str], float]) -> Obj | None:
    """FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's."""
    template = (d.get("spec") or {}).get("template") or {}
    return next((rs for rs in by_creation(rss, parse)
                 if template_equal((rs.get("spec") or {}).get("template") or {}, template)), None)


def find_old_replica_sets(rss: list[Obj], new: Obj | None) -> tuple[list[Obj], list[Obj]]:
    """FindOldReplicaSets: (the old ones that still want pods, all the old ones), in the
    order given (by creation, after find_new_replica_set)."""
    uid = ((new or {}).get("metadata") or {}).get("uid")
    every = [rs for rs in rss if new is None or rs["metadata"].get("uid") != uid]
    return [rs for rs in every if (rs.get("spec") or {}).get("replicas", 0) != 0], every
