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


SHARED_MAX = 1 << 16     # a table of shared parts (across a cluster's kubelets); cleared when full


def share(shared: dict | None, key, value):
    """The copy of ``value`` already in ``shared`` under ``key`` (or ``value``, kept).

    Stored objects are never changed in place, so equal parts of different pods'
    statuses can be one object; ``shared`` is bounded (cleared when full)."""
    if shared is None:
        return value
    got = shared.get(key)
    if got is None:
        if len(shared) >= SHARED_MAX:
            shared.clear()
        shared[key] = got = value
    return got


def compute_conditions(pod: Obj, sandbox_ready: bool, init_statuses: list[Obj], statuses: list[Obj],
                       phase: str, previous: list[Obj], now: str, shared: dict | None = None,
                       names: tuple[str, ...] | None = None) -> list[Obj]:
    """PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled,
    keeping lastTransitionTime when a condition's status did not change.

    ``shared``: a table through which equal conditions (and equal lists of them)
    are one object, as pods started together have them (see :func:`share`).  For
    the common pod (no init containers, no readiness gates) the list is looked up
    there first: it is a function of the previous list, the containers' names,
    the sandbox, the phase, the time and each container's readiness, and pods
    started together ask for the same one (the table holds the previous list it
    was made from, so its identity cannot be taken by another).  ``names``: the
    spec's container names as a tuple, when the caller has it (the kubelet's
    worker keeps it), so the key need not be made from the spec each time."""
    spec = pod["spec"]
    memo = None
    if shared is not None and not init_statuses and "initContainers" not in spec and "readinessGates" not in spec:
        if names is None:
            names = tuple([c["name"] for c in spec.get("containers") or ()])
        memo = ("conditions of", id(previous), sandbox_ready, phase, now, names,
                tuple([cs.get("ready") for cs in statuses]))
        got = shared.get(memo)
        if got is not None and got[0] is previous:
            return got[1]
    conditions = _compute_conditions(spec, sandbox_ready, init_statuses, statuses, phase, previous, now, shared)
    if memo is not None:
        if len(shared) >= SHARED_MAX:
            shared.clear()
        shared[memo] = (previous, conditions)
    return conditions


def _compute_conditions(spec: Obj, sandbox_ready: bool, init_statuses: list[Obj], statuses: list[Obj],
                        phase: str, previous: list[Obj], now: str, shared: dict | None) -> list[Obj]:
    prev = {c["type"]: c for c in previous}

    def cond(ctype: str, ok: bool, reason: str = "", message: str | None = "") -> Obj:
        status = "True" if ok else "False"
        old = prev.get(ctype)
        since = old["lastTransitionTime"] if old is not None and old["status"] == status else now
        key = (ctype, status, since) if ok or not reason else (ctype, status, since, reason, message)
        if shared is not None:
            got = shared.get(key)
            if got is not None:
                return got
        c = {"type": ctype, "status": status, "lastProbeTime": None, "lastTransitionTime": since}
        if not ok and reason:
            c["reason"] = reason
            if message is not None:
                c["message"] = message
        return share(shared, key, c)

    out = [cond("PodReadyToStartContainers", sandbox_ready)]
    inits = spec.get("initContainers")
    incomplete = []
    if inits:
        init_by_name = {cs["name"]: cs for cs in init_statuses}
        for c in inits:
            cs = init_by_name.get(c["name"])
            term = ((cs or {}).get("state") or {}).get("terminated")
            sidecar_started = c.get("restartPolicy") == "Always" and cs is not None and cs.get("started")
            if not (term and term.get("exitCode") == 0) and not sidecar_started:
                incomplete.append(c["name"])
    out.append(cond("Initialized", not incomplete, "ContainersNotInitialized", unready_message(incomplete, "incomplete")
                    if incomplete else ""))
    if phase == "Succeeded" or phase == "Failed":
        out += [cond("Ready", False, "PodCompleted", None), cond("ContainersReady", False, "PodCompleted", None)]
    else:
        ready_by_name = {cs["name"]: cs.get("ready") for cs in statuses}
        unready = [c["name"] for c in spec.get("containers") or [] if not ready_by_name.get(c["name"])]
        if inits:
            init_ready = {cs["name"]: cs.get("ready") for cs in init_statuses}
            unready = [c["name"] for c in inits if c.get("restartPolicy") == "Always"
                       and not init_ready.get(c["name"])] + unready
        message = unready_message(unready) if unready else ""
        gates = "" if unready else readiness_gates_message(spec, previous)
        out += [cond("Ready", not unready and not gates, "ReadinessGatesNotReady" if gates else "ContainersNotReady",
                     gates or message),
                cond("ContainersReady", not unready, "ContainersNotReady", message)]
    # Conditions the kubelet does not own (DisruptionTarget, readiness gates)
    # come first, as the kubelet copies them over before generating its own.
    foreign = [c for c in previous if c["type"] not in KUBELET_CONDITIONS]
    scheduled = prev.get("PodScheduled")
    if scheduled is None:
        scheduled = cond("PodScheduled", True)
    elif shared is not None and len(scheduled) == 4 and scheduled.get("lastProbeTime", 0) is None \
            and type(scheduled.get("status")) is str and type(scheduled.get("lastTransitionTime")) is str:
        # the binding's condition: one object for the pods bound in the same second
        scheduled = share(shared, ("PodScheduled", scheduled["status"], scheduled["lastTransitionTime"]), scheduled)
    conditions = foreign + out + [scheduled]
    if shared is None:
        return conditions
    # Each member is alive while the list is, so its id names it.
    return share(shared, ("conditions",) + tuple(map(id, conditions)), conditions)


def readiness_gates_message(spec: Obj, conditions: list[Obj]) -> str:
    """GeneratePodReadyCondition (pkg/kubelet/status/generate.go): with its containers
    ready, a pod is Ready only when the condition each ``readinessGates`` entry names
    is True in its status (another controller writes those); else why not, each
    gate's words joined by ``, ``.  ``""`` when nothing holds it back.

    >>> spec = {"readinessGates": [{"conditionType": "example.com/lb"}, {"conditionType": "x"}]}
    >>> readiness_gates_message(spec, [{"type": "x", "status": "False"}])
    'corresponding condition of pod readiness gate "example.com/lb" does not exist., the status of pod readiness gate "x" is not "True", but False'
    """
    why = []
    for gate in spec.get("readinessGates") or ():
        name = gate.get("conditionType", "")
        found = next((c for c in conditions if c.get("type") == name), None)
        if found is None:
            why.append(f'corresponding condition of pod readiness gate "{name}" does not exist.')
        elif found.get("status") != "True":
            why.append(f'the status of pod readiness gate "{name}" is not "True", but {found.get("status")}')
    return ", ".join(why)


KUBELET_CONDITIONS = ("PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers")
