"""Pure calculations of the kubelet's status manager: pod phase and conditions
from container states (pkg/kubelet/kubelet_pods.go getPhase, status/generate.go)."""
from __future__ import annotations

from ..api.meta import Obj
from ..api.qos import compute_pod_qos as compute_qos  # noqa: F401  (the rule's home is api.qos)


def _find(statuses: list[Obj], name: str) -> Obj | None:
    for cs in statuses:
        if cs["name"] == name:
            return cs
    return None


def _has_any_regular_started(spec: Obj, statuses: list[Obj]) -> bool:
    """kubecontainer.HasAnyRegularContainerStarted: a regular container runs or has run."""
    for c in spec.get("containers") or []:
        cs = _find(statuses, c["name"])
        if cs is None:
            continue
        state = cs.get("state") or {}
        if "running" in state or "terminated" in state or (cs.get("lastState") or {}).get("terminated"):
            return True
    return False


def compute_phase(spec: Obj, init_statuses: list[Obj], statuses: list[Obj], terminal: bool = False) -> str:
    """getPhase (pkg/kubelet/kubelet_pods.go, v1.32): count container states, then decide.

    ``terminal`` is the pod worker's "this pod will run no more" (it was deleted
    and its containers stopped): then even ``restartPolicy: Always`` ends in
    Succeeded or Failed.

    >>> running = {"name": "a", "state": {"running": {}}}
    >>> compute_phase({"containers": [{"name": "a"}], "restartPolicy": "Always"}, [], [running])
    'Running'
    >>> done = {"name": "a", "state": {"terminated": {"exitCode": 1}}}
    >>> compute_phase({"containers": [{"name": "a"}], "restartPolicy": "OnFailure"}, [], [done])
    'Running'
    >>> compute_phase({"containers": [{"name": "a"}], "restartPolicy": "Never"}, [], [done])
    'Failed'
    """
    policy = spec.get("restartPolicy", "Always")
    pending_init = failed_init = 0
    unknown = running = waiting = stopped = succeeded = 0
    for c in spec.get("initContainers") or []:
        cs = _find(init_statuses, c["name"])
        state = (cs or {}).get("state") or {}
        last = ((cs or {}).get("lastState") or {}).get("terminated")
        if c.get("restartPolicy") == "Always":          # a sidecar (restartable init container)
            if cs is None:
                unknown += 1
            elif "running" in state:
                if not cs.get("started"):
                    pending_init += 1
                running += 1
            elif "terminated" in state:
                pass
            elif "waiting" in state:
                if last is None:
                    pending_init += 1
                    waiting += 1
            else:
                pending_init += 1
                unknown += 1
            continue
        if cs is None:
            pending_init += 1
        elif "running" in state:
            pending_init += 1
        elif "terminated" in state:
            if state["terminated"].get("exitCode", 0) != 0:
                failed_init += 1
        elif "waiting" in state:
            if last is not None:
                if last.get("exitCode", 0) != 0:
                    failed_init += 1
            else:
                pending_init += 1
        else:
            pending_init += 1
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
    if (pending_init and not _has_any_regular_started(spec, statuses)) or waiting:
        return "Pending"
    if running and not unknown:
        return "Running"
    if not running and stopped and not unknown:
        if terminal:
            return "Succeeded" if stopped == succeeded else "Failed"
        if policy == "Always":
            return "Running"            # every container is on its way to a restart
        if stopped == succeeded:
            return "Succeeded"
        if policy == "Never":
            return "Failed"
        return "Running"                # OnFailure: restarting the failed ones
    return "Pending"


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
    # Conditions the kubelet does not own (DisruptionTarget, readiness gates)
    # come first, as the kubelet copies them over before generating its own.
    foreign = [c for c in previous if c["type"] not in KUBELET_CONDITIONS]
    scheduled = prev.get("PodScheduled") or {"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                             "lastTransitionTime": now}
    return foreign + out + [scheduled]


KUBELET_CONDITIONS = ("PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers")
