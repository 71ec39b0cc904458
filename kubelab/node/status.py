"""Pure calculations of the kubelet's status manager: pod phase and conditions
from container states (pkg/kubelet/kubelet_pods.go getPhase, status/generate.go)."""
from __future__ import annotations

from ..api.meta import Obj


def _find(statuses: list[Obj], name: str) -> Obj | None:
    for cs in statuses:
        if cs["name"] == name:
            return cs
    return None


def compute_phase(spec: Obj, init_statuses: list[Obj], statuses: list[Obj]) -> str:
    """getPhase.  ``Pending`` until containers run; ``Running`` while any runs (or
    will restart); ``Succeeded``/``Failed`` once all stopped for good.

    >>> running = {"name": "a", "state": {"running": {}}}
    >>> compute_phase({"containers": [{"name": "a"}], "restartPolicy": "Always"}, [], [running])
    'Running'
    """
    policy = spec.get("restartPolicy", "Always")
    pending_init = failed_init = 0
    for c in spec.get("initContainers") or []:
        cs = _find(init_statuses, c["name"])
        if cs is None:
            pending_init += 1
            continue
        state = cs.get("state") or {}
        if "running" in state:
            if c.get("restartPolicy") != "Always":      # a sidecar counts as initialised once running
                pending_init += 1
        elif "terminated" in state:
            if state["terminated"].get("exitCode", 0) != 0:
                failed_init += 1
        elif "waiting" in state:
            last = (cs.get("lastState") or {}).get("terminated")
            if last is not None and last.get("exitCode", 0) != 0:
                failed_init += 1
            else:
                pending_init += 1
        else:
            pending_init += 1
    unknown = running = waiting = stopped = succeeded = 0
    for c in spec.get("containers") or []:
        cs = _find(statuses, c["name"])
        if cs is None:
            unknown += 1
            continue
        state = cs.get("state") or {}
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            if state["terminated"].get("exitCode", 0) == 0:
                succeeded += 1
        elif "waiting" in state:
            if (cs.get("lastState") or {}).get("terminated") is not None:
                stopped += 1
            else:
                waiting += 1
        else:
            unknown += 1
    if failed_init and policy == "Never":
        return "Failed"
    if pending_init or failed_init:
        return "Pending"
    if waiting:
        return "Pending"
    if running and not unknown:
        return "Running"
    if running:
        return "Pending"
    if stopped == len(spec.get("containers") or []) and stopped:
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        if policy == "Never":
            return "Failed"
        return "Running"
    return "Pending"


def compute_qos(spec: Obj) -> str:
    """QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort."""
    containers = list(spec.get("containers") or []) + list(spec.get("initContainers") or [])
    any_set = False
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        if req or lim:
            any_set = True
        for r in ("cpu", "memory"):
            if r not in lim or (r in req and str(req[r]) != str(lim[r])):
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


def unready_message(names: list[str], word: str = "unready") -> str:
    return f"containers with {word} status: [{' '.join(names)}]"


def compute_conditions(pod: Obj, sandbox_ready: bool, init_statuses: list[Obj], statuses: list[Obj],
                       phase: str, previous: list[Obj], now: str) -> list[Obj]:
    """PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled,
    keeping lastTransitionTime when a condition's status did not change."""
    prev = {c["type"]: c for c in previous}

    def cond(ctype: str, ok: bool, reason: str = "", message: str = "") -> Obj:
        status = "True" if ok else "False"
        old = prev.get(ctype)
        c = {"type": ctype, "status": status, "lastProbeTime": None,
             "lastTransitionTime": old["lastTransitionTime"] if old and old["status"] == status else now}
        if not ok and reason:
            c["reason"] = reason
            c["message"] = message
        return c

    spec = pod["spec"]
    out = [cond("PodReadyToStartContainers", sandbox_ready)]
    incomplete = []
    for c in spec.get("initContainers") or []:
        cs = _find(init_statuses, c["name"])
        term = ((cs or {}).get("state") or {}).get("terminated")
        sidecar_started = c.get("restartPolicy") == "Always" and cs is not None and cs.get("started")
        if not (term and term.get("exitCode") == 0) and not sidecar_started:
            incomplete.append(c["name"])
    out.append(cond("Initialized", not incomplete, "ContainersNotInitialized", unready_message(incomplete, "incomplete")))
    if phase == "Succeeded" or (phase == "Failed"):
        ready = cond("Ready", False, "PodCompleted", "")
        ready.pop("message", None)
        creadiness = cond("ContainersReady", False, "PodCompleted", "")
        creadiness.pop("message", None)
    else:
        unready = [c["name"] for c in spec.get("containers") or [] if not (_find(statuses, c["name"]) or {}).get("ready")]
        unready = [c["name"] for c in (spec.get("initContainers") or []) if c.get("restartPolicy") == "Always"
                   and not (_find(init_statuses, c["name"]) or {}).get("ready")] + unready
        ready = cond("Ready", not unready, "ContainersNotReady", unready_message(unready))
        creadiness = cond("ContainersReady", not unready, "ContainersNotReady", unready_message(unready))
    out += [ready, creadiness]
    if "PodScheduled" in prev:
        out.append(prev["PodScheduled"])
    return out
