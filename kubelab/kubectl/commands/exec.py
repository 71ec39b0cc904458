"""kubectl exec [-i] [-t] POD [-c CONTAINER] -- COMMAND [args...]

The command runs inside the container's simulated program (its image's tools:
busybox has ``wget`` but no ``curl``; ``redis-cli`` in redis).  Nothing runs on
the host.  ``-i`` passes the cell's stdin, ``-t`` makes the program format for
a terminal (``redis-cli`` does).  A non-zero exit prints ``command terminated
with exit code N`` and kubectl exits with N.

``-i`` into a shell (``-- sh``) types the cell's lines into it, one at a time,
and shows the session as a terminal would (with ``-t``: the prompt and each
line echoed)::

    %%kubectl exec -it web -- sh
    cd /usr/share/nginx/html
    ls
"""
from __future__ import annotations

from ...api.connect import PodExecOptions, UpgradeError
from ...apps.interactive import is_interactive_shell
from ..cli import Command, CommandError, Ctx, Flag, register
from .podutil import default_container, get_pod
from .attach import screen

NO_KEYBOARD = ("error: kubelab: the shell waits for what you type, and a notebook has no keyboard: write the lines "
               "to type under the command in a %%kubectl cell (cluster.kubectl(..., stdin=...)), one a line, e.g.\n"
               "  %%kubectl exec -it {pod} -- {shell}\n  ls /\n"
               "or run kubectl in a terminal (%kubelab serve prints how)")

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
    if opts["stdin"] and ctx.stdin is None and is_interactive_shell(argv):
        raise CommandError(NO_KEYBOARD.format(pod=target, shell=" ".join(argv)))
    pod = get_pod(ctx, target)
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"error: cannot exec into a container in a completed pod; current phase is {phase}")
    name = opts["container"] or default_container(ctx, pod)
    md = pod["metadata"]
    options = PodExecOptions(command=tuple(argv), container=name, stdin=bool(opts["stdin"]), tty=bool(opts["tty"]))
    try:
        session = ctx.api.connect("pods", md["name"], md["namespace"], "exec", options)
    except UpgradeError as err:
        raise CommandError(f"error: Internal error occurred: unable to upgrade connection: {err.message}")
    console = getattr(session, "console", None)
    if opts["stdin"]:
        if console is not None and ctx.stdin is not None:       # typed, a line at a time
            for line in ctx.stdin.splitlines():
                session.write(line + ("\r" if opts["tty"] else "\n"))
        elif ctx.stdin is not None:
            session.write(ctx.stdin)
        session.close()
    out, err = session.read()
    if console is not None:
        out = screen(out)
    ctx.out.append(out.replace("\n", "\r\n") if opts["tty"] and console is None else out)
    ctx.err.append(err)
    status = session.status or {}
    if status.get("status") == "Failure":
        # client-go's errorDecoderV4: the ExitCode cause becomes the exit code, anything else an error
        if status.get("reason") == "NonZeroExitCode":
            code = int(next(c["message"] for c in status["details"]["causes"] if c.get("reason") == "ExitCode"))
            raise CommandError(f"command terminated with exit code {code}", code)
        # kubectl v1.32 speaks WebSocket to the apiserver, whose stream translator wraps
        # what the kubelet's stream ended with in an InternalError of its own.
        raise CommandError(f"error: Internal error occurred: {status.get('message', '')}")


register(Command("exec", run, FLAGS))
