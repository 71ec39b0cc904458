"""``kubectl describe pdb``: describePodDisruptionBudgetV1 of
k8s.io/kubectl/pkg/describe/describe.go (v0.32.4).

>>> pdb = {"kind": "PodDisruptionBudget", "metadata": {"name": "zk-pdb", "namespace": "default"},
...        "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "zookeeper"}}},
...        "status": {"disruptionsAllowed": 1, "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3}}
>>> print(describe_pdb(pdb, None, 0.0, Related()), end="")
Name:           zk-pdb
Namespace:      default
Min available:  2
Selector:       app=zookeeper
Status:
    Allowed disruptions:  1
    Current:              3
    Desired:              2
    Total:                3
"""
from __future__ import annotations

from kubelab.api.meta import Obj

from ..columns import format_label_selector
from .writer import Related, Writer, describe_events, meta_of, render


def describe_pdb(pdb: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(pdb), pdb.get("spec") or {}, pdb.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{spec['minAvailable']}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{spec['maxUnavailable']}\n")
    if spec.get("selector") is not None:
        w.write(0, f"Selector:\t{format_label_selector(spec['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{status.get('disruptionsAllowed', 0)}\n")
    w.write(2, f"Current:\t{status.get('currentHealthy', 0)}\n")
    w.write(2, f"Desired:\t{status.get('desiredHealthy', 0)}\n")
    w.write(2, f"Total:\t{status.get('expectedPods', 0)}\n")
    describe_events(w, events, now)
    return render(w)
