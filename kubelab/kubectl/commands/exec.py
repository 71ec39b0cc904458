"""kubectl exec [-i] [-t] POD [-c CONTAINER] -- COMMAND [args...]

The command runs inside the container's simulated program (its image's tools:
busybox has ``wget`` but no ``curl``; ``redis-cli`` in redis).  Nothing runs on
the host.  ``-i`` passes the cell's stdin, ``-t`` makes the program format for
a terminal (``redis-cli`` does).  A non-zero exit prints ``command terminated
with exit code N`` and kubectl exits with N.
"""
from __future__ import annotations

from ...apps.shell import START_FAILED
from ..cli import Command, CommandError, Ctx, Flag, register
from .podutil import default_container, get_pod, kubelet_for

FLAGS = (Flag("container", "c"), Flag("stdin", "i", "bool"), Flag("tty", "t", "bool"),
         Flag("quiet", "q", "bool"), Flag("filename", "f"), Flag("pod-running-timeout", default="1m0s"))


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    argv = opts["--"]
    if not args:
        raise CommandError("error: pod, type/name or --filename must be specified\n"
                           "See 'kubectl exec -h' for help and examples")
    if len(args) > 1:
        raise CommandError("error: exec [POD] [COMMAND] is not supported anymore. "
                           "Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples")
    if not argv:
        raise CommandError("error: you must specify at least one command for the container\n"
                           "See 'kubectl exec -h' for help and examples")
    target = args[0].split("/", 1)[-1] if args[0].startswith(("pod/", "pods/", "po/")) else args[0]
    pod = get_pod(ctx, target)
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"error: cannot exec into a container in a completed pod; current phase is {phase}")
    name = opts["container"] or default_container(ctx, pod)
    names = [c["name"] for c in pod["spec"].get("containers", []) + pod["spec"].get("initContainers", [])]
    if name not in names:
        raise CommandError(f"Error from server (BadRequest): container {name} is not valid for pod {pod['metadata']['name']}")
    kubelet = kubelet_for(ctx, pod)
    cs = kubelet.find_container(pod, name) if kubelet is not None else None
    if cs is None or not cs.running or cs.app is None:
        raise CommandError(f'error: unable to upgrade connection: container not found ("{name}")')
    stdin = ctx.stdin if opts["stdin"] else None
    result = cs.app.exec(list(argv), stdin, tty=bool(opts["tty"]))
    if result.exit_code == START_FAILED:
        raise CommandError("error: Internal error occurred: error executing command in container: failed to exec "
                           f'in container: failed to start exec "{cs.container_id.split("://")[-1]}": '
                           f"{result.stderr.strip()}")
    ctx.out.append(result.stdout.replace("\n", "\r\n") if opts["tty"] else result.stdout)
    ctx.err.append(result.stderr)
    if result.exit_code:
        raise CommandError(f"command terminated with exit code {result.exit_code}", result.exit_code)


register(Command("exec", run, FLAGS))
