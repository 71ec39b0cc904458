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


def rc_can_express(selector: str) -> Check:
    """Exercise 2: can a ReplicationController's selector say this?  Answer with
    the selector text; the check says yes or no and why."""
    text = selector.strip()
    sel = selectors.parse(text)
    eq = sel.equality_map()
    if eq is not None:
        return ok(f"yes: {text!r} is a set of key=value pairs, which is all a ReplicationController's selector can hold.")
    return ok(f"no: {text!r} needs a set-based (or !=) requirement; only a ReplicaSet's matchExpressions can hold it.")
