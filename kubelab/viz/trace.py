"""Who did what: the recorded actions of the components, as a table.

Every write to the API is recorded with the component that made it
(kubectl, deployment-controller, replicaset-controller, default-scheduler,
kubelet, ...), so a chapter can show the chain a single command starts.
"""
from __future__ import annotations

from ..kubectl.printers import tabwrite

# Writes that are bookkeeping rather than a step a learner should see.
_QUIET_KINDS = {"Event"}


def actions(cluster, since: float = 0.0, until: float | None = None, *, kinds: set[str] | None = None,
            include_events: bool = False, collapse: bool = True) -> list[tuple[float, str, str, str]]:
    """(time, component, verb, object) rows; repeated identical rows collapsed."""
    rows: list[tuple[float, str, str, str]] = []
    for a in cluster.api.actions:
        if a.time < since or (until is not None and a.time > until):
            continue
        if not include_events and a.kind in _QUIET_KINDS:
            continue
        if kinds and a.kind not in kinds:
            continue
        obj = f"{a.kind.lower()}/{a.key.split('/')[-1]}"
        verb = {"update-status": "update status"}.get(a.verb, a.verb)
        row = (a.time, a.component, verb, obj)
        if collapse and rows and rows[-1][1:] == row[1:]:
            continue
        rows.append(row)
    return rows


def trace_table(cluster, since: float = 0.0, until: float | None = None, **kw) -> str:
    """The actions as a kubectl-style table, times relative to ``since``."""
    lines = [["T+", "COMPONENT", "ACTION", "OBJECT"]]
    for t, comp, verb, obj in actions(cluster, since, until, **kw):
        lines.append([f"{t - since:.1f}s", comp, verb, obj])
    return tabwrite(lines)
