"""What the kubelet's status manager writes: the pod's status from the pod
worker's container states (pkg/kubelet/kubelet_pods.go generateAPIPodStatus).
Pure functions of the worker; :meth:`Kubelet._write_status` writes the result
only when it changed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.meta import Obj
from . import status as podstatus
from .runtime import ContainerState

if TYPE_CHECKING:
    from .kubelet import PodWorker


def container_status(cs: ContainerState) -> Obj:
    state = {k: {kk: vv for kk, vv in v.items() if not kk.startswith("_")} for k, v in cs.state.items()}
    out: Obj = {
        "containerID": cs.container_id or None,
        "image": cs.spec.get("image", ""),
        "imageID": cs.image_id,
        "lastState": cs.last_state,
        "name": cs.name,
        "ready": cs.ready,
        "restartCount": cs.restart_count,
        "started": cs.started if cs.running else False,
        "state": state,
    }
    if out["containerID"] is None:
        del out["containerID"]
    mounts = [{"mountPath": m["mountPath"], "name": m["name"], **({"readOnly": True} if m.get("readOnly") else {})}
              for m in cs.spec.get("volumeMounts") or []]
    if mounts:
        out["volumeMounts"] = mounts
    return out


def pod_status(stored: Obj, w: "PodWorker", host_ip: str, now: str) -> Obj:
    """The status to write for ``stored`` (the pod as the API holds it); marks the
    worker done when the phase is terminal."""
    init_statuses = [container_status(w.containers[n]) for n in w.init_order]
    # convertToAPIContainerStatuses sorts the app containers' statuses by name
    # (SortedContainerStatuses); the init containers' stay in the spec's order
    statuses = sorted((container_status(w.containers[n]) for n in w.app_order), key=lambda s: s["name"])
    phase = podstatus.compute_phase(stored["spec"], init_statuses, statuses, terminal=w.terminal)
    old = stored.get("status") or {}
    if old.get("phase") in ("Succeeded", "Failed"):
        phase = old["phase"]          # terminal phases never change back
    if phase in ("Succeeded", "Failed"):
        w.done = True
    conditions = podstatus.compute_conditions(stored, w.sandbox_ready, init_statuses, statuses, phase,
                                              old.get("conditions") or [], now)
    status: Obj = {"conditions": conditions, "containerStatuses": statuses}
    if host_ip:
        status["hostIP"] = host_ip
        status["hostIPs"] = [{"ip": host_ip}]
    if init_statuses:
        status["initContainerStatuses"] = init_statuses
    status["phase"] = phase
    if w.ip:
        status["podIP"] = w.ip
        status["podIPs"] = [{"ip": w.ip}]
    status["qosClass"] = old.get("qosClass") or podstatus.compute_qos(stored["spec"])
    status["startTime"] = w.start_time
    return status
