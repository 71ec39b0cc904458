"""kubectl logs POD [-c CONTAINER] [--previous] [-f] [--tail N] [--timestamps]

The logs come from the node's kubelet (as the API server proxies them), and
which run of the container they show follows the kubelet's
validateContainerLogStatus: the running container, else the last one that
terminated; ``--previous`` the last terminated one; a container that never
ran says why it is "waiting to start".

``-f`` cannot follow forever in a notebook: it advances simulated time for a
bounded stretch (``--follow-seconds``, 10 s by default, a kubelab addition)
or until the container stops, then prints what was logged.
"""
from __future__ import annotations

from ...api.errors import ApiError
from ..cli import Command, CommandError, Ctx, Flag, register
from .podutil import default_container, get_pod, kubelet_for

FLAGS = (Flag("container", "c"), Flag("previous", "p", "bool"), Flag("follow", "f", "bool"),
         Flag("tail", kind="int", default=-1), Flag("timestamps", kind="bool"),
         Flag("all-containers", kind="bool"), Flag("since"), Flag("prefix", kind="bool"),
         Flag("follow-seconds", kind="int", default=10))


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def container_log_run(status: dict | None, previous: bool, container: str, pod: str) -> str:
    """Which run to read: "current" or "last" (the kubelet's rules), or raise BadRequest."""
    status = status or {}
    state, last = status.get("state") or {}, (status.get("lastState") or {}).get("terminated")
    if previous:
        if not last or not last.get("containerID"):
            raise bad_request(f'previous terminated container "{container}" in pod "{pod}" not found')
        return "last"
    if "running" in state:
        return "current"
    if "terminated" in state:
        return "current"
    if last:
        return "last"
    reason = (state.get("waiting") or {}).get("reason", "")
    if reason == "ErrImagePull":
        raise bad_request(f'container "{container}" in pod "{pod}" is waiting to start: image can\'t be pulled')
    if reason == "ImagePullBackOff":
        raise bad_request(f'container "{container}" in pod "{pod}" is waiting to start: trying and failing to pull image')
    raise bad_request(f'container "{container}" in pod "{pod}" is waiting to start: {reason or "ContainerCreating"}')


def read_lines(ctx: Ctx, pod: dict, name: str, previous: bool) -> list[tuple[float, str]]:
    statuses = (pod.get("status") or {}).get("containerStatuses", []) + \
        (pod.get("status") or {}).get("initContainerStatuses", [])
    status = next((s for s in statuses if s.get("name") == name), None)
    run = container_log_run(status, previous, name, pod["metadata"]["name"])
    kubelet = kubelet_for(ctx, pod)
    cs = kubelet.find_container(pod, name) if kubelet is not None else None
    if cs is None:
        return []
    # While the dead run waits to restart, its lines are still the "current" buffer.
    waiting = "waiting" in (status or {}).get("state", {})
    if run == "last" and not waiting:
        return list(cs.previous_logs)
    return list(cs.logs)


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if not args:
        raise CommandError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                           "POD or TYPE/NAME is a required argument for the logs command\n"
                           "See 'kubectl logs -h' for help and examples")
    target = args[0].split("/", 1)[-1] if args[0].startswith(("pod/", "pods/", "po/")) else args[0]
    pod = get_pod(ctx, target)
    name = opts["container"] or default_container(ctx, pod)
    names = [c["name"] for c in pod["spec"].get("containers", []) + pod["spec"].get("initContainers", [])]
    if name not in names:
        raise CommandError(f"error: container {name} is not valid for pod {pod['metadata']['name']}")
    if opts["follow"]:
        kubelet = kubelet_for(ctx, pod)
        cs = kubelet.find_container(pod, name) if kubelet is not None else None
        if cs is not None and cs.running:
            ctx.cluster.wait_for(lambda: not cs.running, timeout=float(opts["follow-seconds"]))
        pod = get_pod(ctx, target)
    lines = read_lines(ctx, pod, name, bool(opts["previous"]))
    if opts["tail"] is not None and opts["tail"] >= 0:
        lines = lines[len(lines) - opts["tail"]:] if opts["tail"] else []
    for t, text in lines:
        if opts["timestamps"]:
            ctx.print(f"{ctx.cluster.clock.datetime(t).strftime('%Y-%m-%dT%H:%M:%S.%f')}000Z {text}")
        else:
            ctx.print(text)


register(Command("logs", run, FLAGS))
