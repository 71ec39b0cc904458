"""Taints and tolerations (k8s.io/api/core/v1 toleration.go ToleratesTaint)."""
from __future__ import annotations

from .meta import Obj


def tolerates(tolerations: list[Obj] | None, taint: Obj) -> bool:
    """Whether any toleration matches the taint: same effect (or none given),
    and ``Exists`` on the key (or on every key), or ``Equal`` key and value.

    >>> tolerates([{"key": "k", "operator": "Exists"}], {"key": "k", "effect": "NoSchedule"})
    True
    >>> tolerates([{"key": "k", "value": "a", "effect": "NoExecute"}], {"key": "k", "value": "a", "effect": "NoSchedule"})
    False
    """
    for t in tolerations or []:
        if t.get("effect") and t["effect"] != taint.get("effect"):
            continue
        if t.get("operator") == "Exists":
            if not t.get("key") or t["key"] == taint.get("key"):
                return True
        elif t.get("key") == taint.get("key") and (t.get("value") or "") == (taint.get("value") or ""):
            return True
    return False
