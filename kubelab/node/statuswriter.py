"""What the kubelet's status manager writes: the pod's status from the pod
worker's container states (pkg/kubelet/kubelet_pods.go generateAPIPodStatus).
Pure functions of the worker; :meth:`Kubelet._write_status` writes the result
only when it changed.

Like the status manager's cache (status_manager.go ``podStatuses``), a worker
remembers what its last status was made from (:func:`made_from`): when that is
unchanged and the stored status is still the one it matched, the status is not
generated again.  Each container keeps its last ``containerStatuses`` entry the
same way, so an unchanged container's entry is one object shared by the pod's
successive statuses (stored objects are never changed in place).

Pods started together have equal conditions (same transition times, same
messages), host IPs and start times: the kubelets keep one copy of each
(``shared``, a bounded table the cluster gives them, :func:`.status.share`), so
150,000 stored statuses do not hold 750,000 condition objects."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.meta import Obj
from . import status as podstatus
from .runtime import CREATING, ContainerState

if TYPE_CHECKING:
    from .kubelet import PodWorker


share = podstatus.share


def _container_made_from(cs: ContainerState) -> tuple:
    # cs.state and cs.last_state are replaced, never changed in place.
    return (cs.state, cs.last_state, cs.ready, cs.started, cs.restart_count, cs.container_id, cs.image_id)


_WAITING_KEYS = frozenset({"reason", "message"})


def _same(new, old):
    """``old`` (a part of the stored status) when ``new`` equals it, else ``new``:
    the store then finds the part it already has with one identity check."""
    return old if old is not None and (new is old or type(new) is type(old) and new == old) else new


def container_status(cs: ContainerState, shared: dict | None = None, key: tuple | None = None) -> Obj:
    """The container's ``containerStatuses`` entry (the same object while nothing it shows changed).
    ``key``: its :func:`_container_made_from` when the caller has just taken it (made_from's part)."""
    if key is None:
        key = _container_made_from(cs)
    memo = cs.status_memo
    if memo is not None and memo[0] == key:
        return memo[1]
    prev = memo[1] if memo is not None else None
    state = cs.state
    running = state.get("running")
    if running is not None and len(state) == 1 and len(running) == 1:
        state = share(shared, ("running", running.get("startedAt")), state)
    elif state is not CREATING and len(state) == 1 and "waiting" in state:
        # a pull's back-off or a config error: the same words for every pod of a template
        # (the store does not walk the kubelet's statuses for twins: Kubelet._write_status)
        waiting = state["waiting"]
        if waiting.keys() <= _WAITING_KEYS:
            state = share(shared, ("waiting", waiting.get("reason"), waiting.get("message")), state)
    if prev is not None:
        state = _same(state, prev["state"])
    # one dict literal in the API's key order (containerID first, when there is one)
    last = cs.last_state if prev is None else _same(cs.last_state, prev["lastState"])
    started = cs.started if "running" in cs.state else False
    cid = cs.container_id
    if cid:
        out: Obj = {"containerID": cid, "image": cs.spec.get("image", ""), "imageID": cs.image_id,
                    "lastState": last, "name": cs.name, "ready": cs.ready, "restartCount": cs.restart_count,
                    "started": started, "state": state}
    else:
        out = {"image": cs.spec.get("image", ""), "imageID": cs.image_id, "lastState": last, "name": cs.name,
               "ready": cs.ready, "restartCount": cs.restart_count, "started": started, "state": state}
    if prev is not None:                            # from the spec: the same for the container's life
        mounts = prev.get("volumeMounts")
    else:
        mounts = [{"mountPath": m["mountPath"], "name": m["name"], **({"readOnly": True} if m.get("readOnly") else {})}
                  for m in cs.spec.get("volumeMounts") or []][:]      # [:]: no spare room, see _exact
    if mounts:
        out["volumeMounts"] = mounts
    cs.status_memo = (key, out)
    return out


# _exact: a list the store keeps is one without spare room (a list built by appending, as a
# comprehension is, has some: the store's Sharer would copy it, and put the copy in the status).
# The kubelet's lists are made so (a literal, or a copy) and stored as they are.


def _entries(containers: list[ContainerState], shared: dict | None, old: list | None, keys) -> list[Obj]:
    """The containers' entries; the stored list itself when every entry is as stored
    (an entry equal to the stored one is replaced by it, and remembered so).  ``keys``:
    each container's made_from part, in the same order."""
    if len(containers) == 1:
        entries = [container_status(containers[0], shared, keys[0])]
    else:
        entries = [container_status(cs, shared, key) for cs, key in zip(containers, keys)][:]    # see _exact
    if not old or len(old) != len(entries):
        return entries
    same = True
    i = 0
    for was in old:
        entry = entries[i]
        if entry is not was:
            if type(was) is dict and entry == was:
                entries[i] = was
                cs = containers[i]
                cs.status_memo = (cs.status_memo[0], was)
            else:
                same = False
        i += 1
    return old if same else entries


def made_from(w: "PodWorker", host_ip: str) -> tuple:
    """Everything of the worker the pod's status is generated from (with the stored
    status it is merged with: phase, conditions, qosClass).  (A loop, not ``*map(_key, ...)``:
    a Python function called from C costs more than from Python; this runs at every write
    and at every write's echo.)"""
    made = [host_ip, w.ip, w.sandbox_ready, w.terminal]
    for cs in w.containers.values():
        # _container_made_from(cs), inline (two Python calls a container fewer; a test
        # compares the two); the memo's own tuple while it still holds (the worker's
        # cache and the memo then keep one tuple, not two)
        key = (cs.state, cs.last_state, cs.ready, cs.started, cs.restart_count, cs.container_id, cs.image_id)
        memo = cs.status_memo
        made.append(memo[0] if memo is not None and memo[0] == key else key)
    return tuple(made)


def pod_status(stored: Obj, w: "PodWorker", host_ip: str, now: str, shared: dict | None = None,
               made: tuple | None = None) -> Obj:
    """The status to write for ``stored`` (the pod as the API holds it); marks the
    worker done when the phase is terminal.  ``shared``: the table of parts
    equal statuses share.  What did not change is the stored status's own part
    (the stored status itself when nothing did).

    ``made``: :func:`made_from` of ``w`` just taken (nothing changed since).  Its
    container parts become the keys of the containers' entry memos, so what the
    worker keeps of it afterwards (``made`` itself) and the memos hold one tuple a
    container, not two; a change since the status was generated shows at the next
    check.  Its parts are in ``w.containers``' order: the init containers', then the
    app containers' in the spec's order (``w.init_order + w.app_order``)."""
    old = stored.get("status") or {}
    get = old.get
    containers = w.containers
    keys = made[4:] if made is not None else [_container_made_from(cs) for cs in containers.values()]
    n_init = len(w.init_order)
    if n_init:
        init_statuses = _entries([containers[n] for n in w.init_order], shared, get("initContainerStatuses"),
                                 keys[:n_init])
    else:
        init_statuses = _NO_STATUSES
    # convertToAPIContainerStatuses sorts the app containers' statuses by name
    # (SortedContainerStatuses); the init containers' stay in the spec's order
    order = w.app_order
    if len(order) == 1:
        apps, app_keys = [containers[order[0]]], keys[n_init:]
    else:
        pairs = sorted(zip([containers[n] for n in order], keys[n_init:]), key=_first_name)
        apps, app_keys = [cs for cs, _ in pairs], [key for _, key in pairs]
    statuses = _entries(apps, shared, get("containerStatuses"), app_keys)
    spec = stored["spec"]
    phase = podstatus.compute_phase(spec, init_statuses, statuses, terminal=w.terminal)
    was = get("phase")
    if was == "Succeeded" or was == "Failed":
        phase = was                   # terminal phases never change back
    if phase == "Succeeded" or phase == "Failed":
        w.done = True
    previous = get("conditions")
    conditions = podstatus.compute_conditions(stored, w.sandbox_ready, init_statuses, statuses, phase,
                                              previous or _NO_STATUSES, now, shared, order)
    status: Obj = {"conditions": _same(conditions, previous), "containerStatuses": statuses}
    if host_ip:
        status["hostIP"] = host_ip
        ips = get("hostIPs")
        if not (get("hostIP") == host_ip and _one_ip(ips, host_ip)):
            ips = [{"ip": host_ip}] if shared is None else shared.get(("hostIPs", host_ip))
            if ips is None:
                ips = share(shared, ("hostIPs", host_ip), [{"ip": host_ip}])
        status["hostIPs"] = ips
    if init_statuses:
        status["initContainerStatuses"] = init_statuses
    status["phase"] = phase
    ip = w.ip
    if ip:
        status["podIP"] = ip
        ips = get("podIPs")
        status["podIPs"] = ips if get("podIP") == ip and _one_ip(ips, ip) else [{"ip": ip}]
    status["qosClass"] = get("qosClass") or podstatus.compute_qos(spec)
    start = w.start_time
    if shared is not None:
        start = w.start_time = share(shared, start, start)
    status["startTime"] = start
    return old if status == old else status


def _first_name(pair: tuple[ContainerState, tuple]) -> str:
    return pair[0].name


_NO_STATUSES: list = []      # a pod without init containers: never changed, never stored


def _one_ip(ips, ip: str) -> bool:
    """``ips == [{"ip": ip}]``, without making the list to compare with."""
    if type(ips) is not list or len(ips) != 1:
        return False
    first = ips[0]
    return type(first) is dict and len(first) == 1 and first.get("ip") == ip
