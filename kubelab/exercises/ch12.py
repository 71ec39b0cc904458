"""Checks for chapter 12 (Pods: containers, sidecars, shared network and storage, templates)."""
from __future__ import annotations

from ..api.connect import PodLogOptions
from ..api.errors import ApiError
from . import Check, not_yet, ok


def _running(pod: dict) -> bool:
    st = pod.get("status") or {}
    statuses = st.get("containerStatuses") or []
    return (st.get("phase") == "Running" and len(statuses) == len(pod["spec"].get("containers") or [])
            and all("running" in (cs.get("state") or {}) for cs in statuses))


def shared_volume_pod(cluster, name: str = "shared") -> Check:
    """Exercise 1: a pod ``shared`` whose two (or more) containers all run and
    mount one emptyDir volume."""
    pod = cluster.get("pod", name)
    if pod is None:
        return not_yet(f'there is no Pod called "{name}" in the default namespace.')
    containers = pod["spec"].get("containers") or []
    if len(containers) < 2:
        return not_yet(f"the pod has {len(containers)} container; a sidecar needs at least two in one pod.")
    empty = {v["name"] for v in pod["spec"].get("volumes") or [] if "emptyDir" in v}
    if not empty:
        return not_yet("the pod has no emptyDir volume; add one under spec.volumes (emptyDir: {}).")
    mounting = {v: [c["name"] for c in containers if any(m.get("name") == v for m in c.get("volumeMounts") or [])]
                for v in empty}
    shared = [v for v, who in mounting.items() if len(who) >= 2]
    if not shared:
        return not_yet(f"no emptyDir is mounted by two containers ({mounting}); add volumeMounts to both.")
    if not _running(pod):
        return not_yet("not every container is running yet; give it time (%kubelab settle) or look at "
                       f"kubectl describe pod {name}.")
    return ok(f"containers {', '.join(mounting[shared[0]])} of pod {name} share the emptyDir {shared[0]!r}.")


ANSWERS = {"localhost", "127.0.0.1"}


def sibling_address(answer: str) -> Check:
    """Exercise 2: which host name does one container use to reach a sibling's port 80?"""
    a = (answer or "").strip().lower().removeprefix("http://").split(":")[0].split("/")[0]
    if a in ANSWERS:
        return ok("containers of one pod share its network namespace: localhost:80 is the sibling's port 80.")
    if a.count(".") == 3:
        return not_yet("the pod IP works too, but it is not the name the notes give; containers of one pod "
                       "share the network namespace, so which host name always means 'this pod'?")
    return not_yet("a Service or another pod's name reaches other pods; the sibling shares this pod's network. "
                   "Which name means 'this machine' on any host?")


def job_says(cluster, name: str = "greet", text: str = "Hello, kubelab!") -> Check:
    """Exercise 3: a Job ``greet`` from the notes' template whose pod prints ``Hello, kubelab!``."""
    job = cluster.get("job", name)
    if job is None:
        return not_yet(f'there is no Job called "{name}"; copy the notes\' Job and change its name.')
    uid = job["metadata"]["uid"]
    pods = [p for p in cluster.api.owned("pods", uid, copy=True)]
    if not pods:
        return not_yet("the Job has no pod yet; wait a moment (%kubelab settle).")
    for pod in pods:
        md = pod["metadata"]
        for c in pod["spec"].get("containers") or []:
            try:        # what `kubectl logs POD -c C` reads
                lines = cluster.api.connect("pods", md["name"], md["namespace"], "log",
                                            PodLogOptions(container=c["name"])).read().splitlines()
            except ApiError:
                lines = []
            if any(text in line for line in lines):
                return ok(f"pod {pod['metadata']['name']} of Job {name} printed {text!r}.")
    return not_yet(f"no pod of Job {name} has printed {text!r} yet; look at its command (kubectl logs POD).")
