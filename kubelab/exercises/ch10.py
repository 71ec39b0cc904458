"""Checks for chapter 10 (ReplicaSet, Deployment, Service: how they fit)."""
from __future__ import annotations

from ..api import selectors
from ..api.meta import controller_ref
from . import Check, not_yet, ok


def set_based_replicaset(cluster, name: str = "frontend") -> Check:
    """Exercise 1: a ReplicaSet whose selector uses ``version in (v1, v2)`` keeps
    two pods running."""
    rs = cluster.get("replicaset", name)
    if rs is None:
        return not_yet(f'there is no ReplicaSet "{name}": kubectl apply -f - with a ReplicaSet manifest.')
    exprs = (rs["spec"].get("selector") or {}).get("matchExpressions") or []
    if not any(e.get("key") == "version" and e.get("operator") == "In" and sorted(e.get("values") or []) == ["v1", "v2"]
               for e in exprs):
        return not_yet("its selector has no matchExpressions entry {key: version, operator: In, values: [v1, v2]}.")
    pods = [p for p in cluster.api.list("pods", "default") if (controller_ref(p) or {}).get("uid") == rs["metadata"]["uid"]
            and not p["metadata"].get("deletionTimestamp")]
    if len(pods) != rs["spec"].get("replicas", 1) or rs["spec"].get("replicas") != 2:
        return not_yet(f"it should own 2 pods; it owns {len(pods)} (spec.replicas={rs['spec'].get('replicas')}).")
    return ok(f"{name} selects {selectors.from_label_selector(rs['spec']['selector'])} and owns 2 pods.")


def rc_can_express(selector: str, answer: bool) -> Check:
    """Exercise 2: can a ReplicationController's selector (a plain map of
    key: value) say ``selector``?  Answer True or False."""
    text = selector.strip()
    if not isinstance(answer, bool):
        return not_yet("answer True or False.")
    can = selectors.parse(text).equality_map() is not None
    if answer == can:
        why = ("it is only key=value pairs, which is what an RC's map holds" if can else
               "it needs a set-based or != requirement, which only a ReplicaSet's matchExpressions can hold")
        return ok(f"{'yes' if can else 'no'}: {text!r} — {why}.")
    return not_yet(f"look again at {text!r}: an RC selector is a map, every entry means key == value.")


def service_reaches_unowned_pod(cluster, service: str = "web") -> Check:
    """Exercise 1: the Service ``web`` sends traffic to a pod that no controller
    owns — a Service selects by labels, it does not ask who made the pod."""
    svc = cluster.get("service", service)
    if svc is None:
        return not_yet(f'there is no Service "{service}"; run the chapter\'s cells above first.')
    ep = cluster.get("endpoints", service) or {}
    names = [a.get("targetRef", {}).get("name") for s in ep.get("subsets") or [] for a in s.get("addresses") or []]
    pods = {p["metadata"]["name"]: p for p in cluster.api.list("pods", "default")}
    loose = [n for n in names if n in pods and controller_ref(pods[n]) is None]
    if loose:
        return ok(f"{service} routes to {loose[0]} as well, which no controller owns: the selector "
                  f"{svc['spec'].get('selector')} is all that counts.")
    unowned = [p for p in pods.values() if controller_ref(p) is None]
    sel = svc["spec"].get("selector") or {}
    if not unowned:
        return not_yet("create a pod yourself (kubectl run, or kubectl apply -f -) — one no Deployment owns.")
    labels = unowned[0]["metadata"].get("labels") or {}
    missing = {k: v for k, v in sel.items() if labels.get(k) != v}
    if missing:
        return not_yet(f"pod {unowned[0]['metadata']['name']} lacks the labels the Service selects: {missing}.")
    return not_yet(f"pod {unowned[0]['metadata']['name']} is not a ready endpoint of {service} yet; is it Ready, and "
                   f"does it listen on the targetPort? %kubelab settle")
