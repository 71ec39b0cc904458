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
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    meta = pod.get("metadata") or {}
    containers = spec.get("containers") or []
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
    for cond in status.get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    n_init = len(spec.get("initContainers") or [])
    initializing = False
    for i, cs in enumerate(status.get("initContainerStatuses") or []):
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
        initializing = True
        break

    if not initializing or condition_true(pod, "Initialized"):
        restarts = sidecar_restarts
        last_restart = last_sidecar_restart
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += int(cs.get("restartCount") or 0)
            finished = _finished_at(cs)
            if finished is not None and (last_restart is None or finished > last_restart):
                last_restart = finished
            state = cs.get("state") or {}
            term, waiting = state.get("terminated"), state.get("waiting")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                if term.get("signal"):
                    reason = f"Signal:{term['signal']}"
                else:
                    reason = f"ExitCode:{int(term.get('exitCode') or 0)}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if is_pod_ready(pod) else "NotReady"

    if meta.get("deletionTimestamp") and status.get("reason") == NODE_UNREACHABLE_POD_REASON:
        reason = "Unknown"
    elif meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_text = str(restarts)
    if restarts != 0 and last_restart is not None:
        restarts_text = f"{restarts} ({human_duration(now - last_restart)} ago)"
    return f"{ready}/{total}", reason, restarts_text


def pod_row(pod: Obj, ctx: Any) -> list[str]:
    """All nine cells of a pod row (the last four are -o wide only)."""
    meta, spec, status = pod.get("metadata") or {}, pod.get("spec") or {}, pod.get("status") or {}
    ready, reason, restarts = pod_status_cells(pod, ctx.now)
    pod_ips = status.get("podIPs") or []
    ip = pod_ips[0].get("ip", "") if pod_ips else ""
    gates = spec.get("readinessGates") or []
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
    return [meta.get("name", ""), ready, reason, restarts,
            translate_timestamp_since(meta.get("creationTimestamp"), ctx.now),
            ip or "<none>", spec.get("nodeName") or "<none>",
            status.get("nominatedNodeName") or "<none>", gates_text]
