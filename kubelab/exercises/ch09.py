"""Checks for chapter 09 (Kubernates: 控制平面组件, Node组件, 插件)."""
from __future__ import annotations

from . import Check, not_yet, ok

COMPONENTS = ("kubectl", "kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler", "kubelet",
              "container runtime", "kube-proxy", "coredns")


def _quiz(answer: str, right: str, hints: dict[str, str], why: str) -> Check:
    answer = (answer or "").strip().lower()
    if answer not in COMPONENTS:
        return not_yet(f"choose one of {', '.join(COMPONENTS)}.")
    if answer == right:
        return ok(why)
    return not_yet(hints.get(answer, "look at the trace again: which lifeline does this arrow start from?"))


def who_picks_the_node(answer: str) -> Check:
    """Exercise 1: which component decides on which node a new pod runs?"""
    return _quiz(answer, "kube-scheduler", {
        "kube-controller-manager": "the ReplicaSet controller creates the pod, without a node.",
        "kubelet": "the kubelet only runs pods that are already bound to its node.",
        "kube-apiserver": "the API server stores the binding, but another component chooses it.",
        "etcd": "etcd only stores what the API server writes.",
    }, "kube-scheduler watches pods without spec.nodeName and binds each to a node.")


def who_writes_service_rules(answer: str) -> Check:
    """Exercise 2: which component turns a Service into rules on every node?"""
    return _quiz(answer, "kube-proxy", {
        "kube-controller-manager": "the endpoint controllers keep the list of pod addresses; they write no rules on nodes.",
        "kubelet": "the kubelet runs containers; it does not route Service traffic.",
        "coredns": "CoreDNS gives a Service a name, not the rules that forward its traffic.",
        "kube-apiserver": "the API server stores the Service; a node component watches it.",
    }, "kube-proxy watches Services and EndpointSlices and writes the iptables rules (DNAT to a pod).")


def without_scheduler(cluster, name: str = "manual") -> Check:
    """Exercise 3: run a pod that the scheduler never touches (spec.nodeName set by you)."""
    pod = cluster.get("pod", name)
    if pod is None:
        return not_yet(f'there is no pod "{name}" in the default namespace.')
    key = f"default/{name}"
    mine = [a for a in cluster.api.actions if a.key == key and a.kind == "Pod"]
    # only this pod's life: an earlier pod of the same name may have been scheduled
    created = max((i for i, a in enumerate(mine) if a.verb == "create"), default=0)
    scheduled = [a for a in mine[created:] if a.component.endswith("scheduler")]
    if scheduled or not pod["spec"].get("nodeName"):
        return not_yet("the scheduler bound this pod. Create it with spec.nodeName already set (a manifest), so "
                       "the scheduler has nothing to do.")
    if pod.get("status", {}).get("phase") != "Running":
        return not_yet(f"{name} is not Running yet; wait: %kubelab settle")
    return ok(f"{name} runs on {pod['spec']['nodeName']} and the scheduler never wrote to it: the kubelet runs any "
              f"pod bound to its node, whoever bound it.")
