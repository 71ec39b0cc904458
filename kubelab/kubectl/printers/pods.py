"""The pod row of ``kubectl get pods``: READY, STATUS and RESTARTS as printPod computes them.

STATUS is not the pod's phase.  printPod starts from the phase (or status.reason), then
lets init containers and containers override it, in this order:

1. init containers, in order: a failed one gives ``Init:Error`` / ``Init:ExitCode:N``,
   a waiting one ``Init:CrashLoopBackOff``, one still running ``Init:1/2``;
2. if initialisation is done, the containers from last to first: a waiting reason
   (``ContainerCreating``, ``CrashLoopBackOff``, ``ErrImagePull``), a terminated
   reason (``Completed``, ``Error``, ``OOMKilled``) — the *first* container wins
   because it is looked at last;
3. ``Completed`` turns back into ``Running`` (or ``NotReady``) while another
   container still runs; a pod being deleted shows ``Terminating``.

>>> pod = {"metadata": {"name": "web", "creationTimestamp": "2025-01-06T09:00:00Z"},
...        "spec": {"containers": [{"name": "c"}]},
...        "status": {"phase": "Running", "containerStatuses": [
...            {"name": "c", "ready": False, "restartCount": 3,
...             "state": {"waiting": {"reason": "CrashLoopBackOff"}},
...             "lastState": {"terminated": {"finishedAt": "2025-01-06T09:01:00Z"}}}]}}
>>> from kubelab.kubectl.printers.columns import PrintContext
>>> pod_row(pod, PrintContext(now=65))[:5]
['web', '0/1', 'CrashLoopBackOff', '3 (5s ago)', '65s']
"""
from __future__ import annotations

import functools
import operator
from typing import Any

from kubelab.api.meta import Obj, condition_true
from kubelab.api.pods import is_pod_ready
from kubelab.clock import parse_timestamp

from .age import human_duration, translate_timestamp_since


NODE_UNREACHABLE_POD_REASON = "NodeLost"


def _is_restartable_init(container: Obj | None) -> bool:
    """A sidecar: an init container with restartPolicy Always."""
    return bool(container) and container.get("restartPolicy") == "Always"


def _finished_at(cs: Obj) -> float | None:
    term = (cs.get("lastState") or {}).get("terminated")
    if term and term.get("finishedAt"):
        return parse_timestamp(term["finishedAt"])
    return None


def pod_status_cells(pod: Obj, now: float) -> tuple[str, str, str]:
    """(READY, STATUS, RESTARTS) exactly as printPod computes them."""
    ready, reason, restarts, last_restart = _status_facts(pod, pod.get("metadata") or {}, pod.get("spec") or {},
                                                          pod.get("status") or {})
    return ready, reason, _restarts_text(restarts, last_restart, now)


def _restarts_text(restarts: int | str, last_restart: float | None, now: float) -> str:
    if restarts != 0 and restarts != "0" and last_restart is not None:
        return f"{restarts} ({human_duration(now - last_restart)} ago)"
    return str(restarts)


def _status_facts(pod: Obj, meta: Obj, spec: Obj, status: Obj) -> tuple[str, str, int, float | None]:
    """READY and STATUS, the restart count and the last restart's time: what of a
    pod's row does not depend on the time it is printed at."""
    # Written for speed as much as for reading: `kubectl get pods` calls it for every
    # pod (150,000 in the envelope), so each dict lookup counts.
    containers = spec.get("containers") or ()
    init_list = spec.get("initContainers")
    init_specs = {c.get("name"): c for c in init_list} if init_list else {}
    total = len(containers) + (sum(1 for c in init_specs.values() if _is_restartable_init(c)) if init_specs else 0)
    ready = 0
    restarts = 0
    sidecar_restarts = 0
    last_restart: float | None = None
    last_sidecar_restart: float | None = None

    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or ():
        if cond.get("reason") == "SchedulingGated" and cond.get("type") == "PodScheduled":
            reason = "SchedulingGated"

    initializing = False
    init_statuses = status.get("initContainerStatuses")
    if init_statuses:
        reason, ready, restarts, last_restart, sidecar_restarts, last_sidecar_restart, initializing = _init_cells(
            init_statuses, init_specs, len(init_list or ()), reason)

    if not initializing or condition_true(pod, "Initialized"):
        restarts = sidecar_restarts
        last_restart = last_sidecar_restart
        statuses = status.get("containerStatuses")
        has_running = False
        if statuses:
            reason, ready, restarts, last_restart, has_running = _container_cells(
                statuses, reason, ready, restarts, last_restart)
        if reason == "Completed" and has_running:
            reason = "Running" if is_pod_ready(pod) else "NotReady"

    if meta.get("deletionTimestamp"):
        if status.get("reason") == NODE_UNREACHABLE_POD_REASON:
            reason = "Unknown"
        elif phase not in ("Succeeded", "Failed"):
            reason = "Terminating"

    return f"{ready}/{total}", reason, restarts, last_restart


def _container_cells(statuses: list[Obj], reason: str, ready: int, restarts: int,
                     last_restart: float | None) -> tuple[str, int, int, float | None, bool]:
    """printPod's loop over the regular containers, last first, from the counts the
    init containers left: (reason, ready, restarts, last restart, any running and
    ready).  The last restart's time is read only when there are restarts, the only
    time RESTARTS shows it."""
    has_running = False
    for cs in reversed(statuses):
        count = cs.get("restartCount")
        if count:
            restarts += int(count)
        state = cs.get("state") or _EMPTY
        if "running" in state and len(state) == 1:     # nearly every container: neither waiting nor terminated
            if cs.get("ready") and state["running"] is not None:
                has_running = True
                ready += 1
            continue
        waiting = state.get("waiting")
        if waiting is not None and waiting.get("reason"):
            reason = waiting["reason"]
            continue
        term = state.get("terminated")
        if term is not None:
            if term.get("reason"):
                reason = term["reason"]
            elif term.get("signal"):
                reason = f"Signal:{term['signal']}"
            else:
                reason = f"ExitCode:{int(term.get('exitCode') or 0)}"
        elif cs.get("ready") and state.get("running") is not None:
            has_running = True
            ready += 1
    if restarts:
        for cs in statuses:
            if cs.get("lastState"):
                finished = _finished_at(cs)
                if finished is not None and (last_restart is None or finished > last_restart):
                    last_restart = finished
    return reason, ready, restarts, last_restart, has_running


def _init_cells(statuses: list[Obj], init_specs: dict[str, Obj], n_init: int, reason: str) -> tuple:
    """printPod's loop over the init containers: (reason, ready, restarts, last
    restart, sidecar restarts, last sidecar restart, still initializing)."""
    ready = restarts = sidecar_restarts = 0
    last_restart: float | None = None
    last_sidecar_restart: float | None = None
    for i, cs in enumerate(statuses):
        restarts += int(cs.get("restartCount") or 0)
        finished = _finished_at(cs)
        if finished is not None and (last_restart is None or finished > last_restart):
            last_restart = finished
        sidecar = _is_restartable_init(init_specs.get(cs.get("name")))
        if sidecar:
            sidecar_restarts += int(cs.get("restartCount") or 0)
            if finished is not None and (last_sidecar_restart is None or finished > last_sidecar_restart):
                last_sidecar_restart = finished
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if term is not None and int(term.get("exitCode") or 0) == 0:
            continue
        if sidecar and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term is not None:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = f"Init:Signal:{term['signal']}"
                else:
                    reason = f"Init:ExitCode:{int(term.get('exitCode') or 0)}"
            else:
                reason = "Init:" + term["reason"]
        elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{n_init}"
        return reason, ready, restarts, last_restart, sidecar_restarts, last_sidecar_restart, True
    return reason, ready, restarts, last_restart, sidecar_restarts, last_sidecar_restart, False


def pod_row(pod: Obj, ctx: Any) -> list[str]:
    """All nine cells of a pod row (the last four are -o wide only)."""
    return list(pod_cells(pod_facts(pod), ctx.now))


def pod_facts(pod: Obj) -> tuple:
    """What a pod row says that does not depend on the time it is printed at (all
    of it but AGE and the "(5s ago)" of RESTARTS): one object version's facts,
    which a :class:`~.columns.RowMemo` keeps.  RESTARTS' count is kept as text."""
    meta, spec, status = pod.get("metadata") or _EMPTY, pod.get("spec") or _EMPTY, pod.get("status") or _EMPTY
    if "initContainerStatuses" in status or "initContainers" in spec or "readinessGates" in spec:
        return _pod_facts(pod, meta, spec, status)
    # The common pod, printPod's steps without the init containers' (the first
    # ``kubectl get pods`` after 150,000 pods start computes this for each of them).
    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    conditions = status.get("conditions")
    if conditions:
        for cond in conditions:
            if "reason" in cond and cond["reason"] == "SchedulingGated" and cond.get("type") == "PodScheduled":
                reason = "SchedulingGated"
    ready = 0
    restarts = "0"
    last_restart: float | None = None
    statuses = status.get("containerStatuses")
    if statuses and len(statuses) == 1:
        # One container, running and never restarted (nearly every pod of a big
        # listing): it overrides nothing, and counts as ready if it is.
        cs = statuses[0]
        state = cs.get("state")
        if state and len(state) == 1 and "running" in state and not cs.get("restartCount"):
            if cs.get("ready") and state["running"] is not None:
                ready = 1
                if reason == "Completed":
                    reason = "Running" if is_pod_ready(pod) else "NotReady"
            statuses = None
    if statuses:
        reason, ready, count, last_restart, has_running = _container_cells(statuses, reason, 0, 0, None)
        restarts = str(count)
        if reason == "Completed" and has_running:
            reason = "Running" if is_pod_ready(pod) else "NotReady"
    if "deletionTimestamp" in meta and meta["deletionTimestamp"]:
        if status.get("reason") == NODE_UNREACHABLE_POD_REASON:
            reason = "Unknown"
        elif phase not in ("Succeeded", "Failed"):
            reason = "Terminating"
    pod_ips = status.get("podIPs")
    total = len(spec.get("containers") or ())
    ready_text = _READY.get((ready, total))
    if ready_text is None:
        ready_text = _READY[(ready, total)] = f"{ready}/{total}"     # a few texts for 150,000 rows
    return (meta.get("name", ""), ready_text, reason, restarts, last_restart,
            meta.get("creationTimestamp"), (pod_ips[0].get("ip", "") if pod_ips else "") or "<none>",
            spec.get("nodeName") or "<none>", status.get("nominatedNodeName") or "<none>", "<none>")


_EMPTY: Obj = {}
_READY: dict[tuple[int, int], str] = {}


def _pod_facts(pod: Obj, meta: Obj, spec: Obj, status: Obj) -> tuple:
    """:func:`pod_facts` of any pod (init containers, readiness gates)."""
    ready, reason, restarts, last_restart = _status_facts(pod, meta, spec, status)
    pod_ips = status.get("podIPs")
    ip = pod_ips[0].get("ip", "") if pod_ips else ""
    gates = spec.get("readinessGates")
    gates_text = "<none>"
    if gates:
        true = 0
        for gate in gates:
            for cond in status.get("conditions") or []:
                if cond.get("type") == gate.get("conditionType"):
                    if cond.get("status") == "True":
                        true += 1
                    break
        gates_text = f"{true}/{len(gates)}"
    return (meta.get("name", ""), ready, reason, str(restarts), last_restart, meta.get("creationTimestamp"),
            ip or "<none>", spec.get("nodeName") or "<none>", status.get("nominatedNodeName") or "<none>", gates_text)


def pod_cells(facts: tuple, now: float) -> tuple[str, ...]:
    """The row's cells from :func:`pod_facts`, at ``now`` (a tuple: a table lays it
    out with one %-format, see table._layout)."""
    name, ready, reason, restarts, last_restart, created, ip, node, nominated, gates = facts
    return (name, ready, reason, restarts if last_restart is None else _restarts_text(restarts, last_restart, now),
            _age(created, now), ip, node, nominated, gates)


def pod_cells_same(facts: list[tuple], then: float, now: float) -> bool:
    """Whether :func:`pod_cells` of each of ``facts`` is the same at ``now`` as at
    ``then``: no row shows a restart's age ("3 (5s ago)"), and each creation time's
    AGE is the same text (a Deployment's pods share a few; a pod 5m old shows 5m for
    a minute).  Then a table printed again is the same text, without 150,000 rows
    made and laid out again (two passes in C over the facts instead)."""
    if not facts or _age(_CREATED(facts[0]), then) != _age(_CREATED(facts[0]), now):
        return False                     # the first row's AGE moved (then, mostly, every row's did)
    if set(map(_LAST_RESTART, facts)) != {None}:
        return False
    return all(_age(created, then) == _age(created, now) for created in set(map(_CREATED, facts)))


_LAST_RESTART, _CREATED = operator.itemgetter(4), operator.itemgetter(5)


#: AGE of a creation timestamp at an instant: a whole Deployment's pods share a few
#: timestamps, and a table of them is printed at one instant.
_age = functools.lru_cache(maxsize=4096)(translate_timestamp_since)
