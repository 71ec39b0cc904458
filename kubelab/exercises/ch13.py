"""Checks for chapter 13 (the Pod lifecycle)."""
from __future__ import annotations

from . import Check, not_yet, ok


def one_shot(cluster, name: str = "one-shot") -> Check:
    """Exercise 1: a pod whose failing container is not restarted ends ``Failed``."""
    pod = cluster.get("pod", name)
    if pod is None:
        return not_yet(f'there is no Pod called "{name}" in the default namespace.')
    policy = pod["spec"].get("restartPolicy", "Always")
    if policy != "Never":
        return not_yet(f"its restartPolicy is {policy}: a failing container is restarted. Which policy never restarts?")
    st = pod.get("status") or {}
    if st.get("phase") != "Failed":
        return not_yet(f"the pod is {st.get('phase', 'Pending')}, not Failed yet: does its container exit "
                       "with a non-zero code? Give it time (%kubelab settle).")
    cs = (st.get("containerStatuses") or [{}])[0]
    code = ((cs.get("state") or {}).get("terminated") or {}).get("exitCode")
    return ok(f"{name} ended Failed (exit code {code}), restarted {cs.get('restartCount', 0)} times.")


PHASES = ("Pending", "Running", "Succeeded", "Failed", "Unknown")


def phase_after_success(answer: str) -> Check:
    """Exercise 2: restartPolicy OnFailure, container exits 0 -> the pod's phase."""
    a = (answer or "").strip().capitalize()
    if a not in PHASES:
        return not_yet(f"choose one of {', '.join(PHASES)}.")
    if a == "Succeeded":
        return ok("all containers ended with 0 and none will be restarted (OnFailure restarts only failures): "
                  "Succeeded, which kubectl shows as Completed.")
    hints = {"Running": "nothing runs any more and OnFailure does not restart a success.",
             "Failed": "Failed needs a container that ended with a non-zero code.",
             "Pending": "Pending is before the containers started.",
             "Unknown": "Unknown means the node cannot be reached."}
    return not_yet(hints[a])


def ready_web(cluster, name: str = "ready-web") -> Check:
    """Exercise 3: an nginx pod with a tcpSocket readiness probe on port 80 every 5 s, ready."""
    pod = cluster.get("pod", name)
    if pod is None:
        return not_yet(f'there is no Pod called "{name}" in the default namespace.')
    probe = next((c.get("readinessProbe") for c in pod["spec"].get("containers") or [] if c.get("readinessProbe")), None)
    if not probe:
        return not_yet("its container has no readinessProbe.")
    port = (probe.get("tcpSocket") or {}).get("port")
    if port not in (80, "80"):
        return not_yet(f"the readiness probe should be tcpSocket on port 80 (it is {sorted(probe)} "
                       f"{'port ' + str(port) if port is not None else ''}).".replace(" )", ")"))
    if probe.get("periodSeconds") != 5:
        return not_yet(f"periodSeconds is {probe.get('periodSeconds', '10 (the default)')}, not 5.")
    ready = next((c.get("status") for c in (pod.get("status") or {}).get("conditions") or []
                  if c.get("type") == "Ready"), "False")
    if ready != "True":
        return not_yet("the pod is not Ready yet: give it time (%kubelab settle), or look at kubectl describe pod.")
    return ok(f"{name} is Ready: its readiness probe (tcpSocket :80 every 5 s) succeeds.")
