"""Checks for chapter 05 (labels, scaling, rolling updates, rollback)."""
from __future__ import annotations

from ..api.meta import controller_ref
from . import Check, not_yet, ok


def _deployment(cluster, name):
    return cluster.get("deployment", name)


def scaled(cluster, name: str = "kubernetes-bootcamp", replicas: int = 3) -> Check:
    """Exercise 1: scale the Deployment to ``replicas`` and let every pod become ready."""
    d = _deployment(cluster, name)
    if d is None:
        return not_yet(f'there is no Deployment "{name}"; create it first.')
    if d["spec"].get("replicas") != replicas:
        return not_yet(f"spec.replicas is {d['spec'].get('replicas')}, not {replicas}: kubectl scale ... --replicas={replicas}")
    st = d.get("status") or {}
    if st.get("readyReplicas", 0) != replicas or st.get("replicas", 0) != replicas:
        return not_yet(f"{st.get('readyReplicas', 0)}/{replicas} ready; wait: %kubelab settle")
    return ok(f"{name} runs {replicas} ready replicas.")


def rolled_out(cluster, image: str, name: str = "kubernetes-bootcamp") -> Check:
    """Exercise 2: every pod of the Deployment runs ``image`` and the rollout is complete."""
    d = _deployment(cluster, name)
    if d is None:
        return not_yet(f'there is no Deployment "{name}".')
    images = [c["image"] for c in d["spec"]["template"]["spec"]["containers"]]
    if image not in images:
        return not_yet(f"the pod template runs {images}; use kubectl set image to change it to {image}.")
    st = d.get("status") or {}
    want = d["spec"].get("replicas", 1)
    if not (st.get("updatedReplicas") == st.get("availableReplicas") == st.get("replicas") == want):
        return not_yet("the rollout is not finished: kubectl rollout status deployments/" + name)
    return ok(f"all {want} pods run {image} (revision {d['metadata']['annotations'].get('deployment.kubernetes.io/revision')}).")


def labelled_but_kept(cluster, key: str = "tier", value: str = "web", name: str = "kubernetes-bootcamp") -> Check:
    """Exercise 3: add ``key=value`` to one pod of the Deployment without taking it
    away from its ReplicaSet."""
    pods = [p for p in cluster.api.list("pods", "default")
            if (p["metadata"].get("labels") or {}).get(key) == value and not p["metadata"].get("deletionTimestamp")]
    if not pods:
        return not_yet(f"no pod has the label {key}={value}: kubectl label pod POD {key}={value}")
    pod = pods[0]
    ref = controller_ref(pod)
    if ref is None or not ref["name"].startswith(name + "-"):
        return not_yet(f"{pod['metadata']['name']} is no longer owned by a ReplicaSet of {name}: "
                       "a label its selector needs was changed.")
    return ok(f"{pod['metadata']['name']} has {key}={value} and still belongs to {ref['name']}.")


def rollout_bounds(max_pods: int, min_available: int) -> Check:
    """Exercise 4: replicas 10, maxSurge 25%, maxUnavailable 25%: at most how many
    pods, at least how many available during a rollout?"""
    if (max_pods, min_available) == (13, 8):
        return ok("maxSurge rounds up (2.5 → 3, so 13 pods at most); maxUnavailable rounds down "
                  "(2.5 → 2, so 8 available at least).")
    hints = []
    if max_pods != 13:
        hints.append("maxSurge is a percentage of 10 rounded *up*")
    if min_available != 8:
        hints.append("maxUnavailable is a percentage of 10 rounded *down*")
    return not_yet("; ".join(hints) + ".")
