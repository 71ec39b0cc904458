"""kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] [-q]

Attaches to the container's own process (``pods/attach``): what it prints from
now on, and with ``-i`` what you type goes to its stdin, if the container was
started with ``stdin: true`` (``kubectl run -i``).  As with ``run -it``, a notebook
has no keyboard: the lines to type are the cell's body, and the cell shows the
session as a terminal would::

    %%kubectl attach -it x
    echo again

Without ``-i``, a real ``kubectl attach`` prints the container's output until
Ctrl-C; a notebook cell must end, so, like ``logs -f``, it follows for a bounded
stretch of simulated time (``--follow-seconds``, 10 s by default, a kubelab
addition) or until the container's run ends.
"""
from __future__ import annotations

from ...api.connect import PodAttachOptions, UpgradeError
from ...apps.interactive import is_interactive_shell
from ..cli import Command, CommandError, Ctx, Flag, register
from .logs import attachable_pod
from .podutil import default_container
from .wait import parse_duration

FLAGS = (Flag("container", "c"), Flag("stdin", "i", "bool"), Flag("tty", "t", "bool"), Flag("quiet", "q", "bool"),
         Flag("pod-running-timeout", default="1m0s"), Flag("follow-seconds", kind="int", default=10))

NO_KEYBOARD = ("error: kubelab: the shell waits for what you type, and a notebook has no keyboard: write the lines "
               "to type under the command in a %%kubectl cell (cluster.kubectl(..., stdin=...)), one a line, e.g.\n"
               "  {example}\n  echo hello\n"
               "or run kubectl in a terminal (%kubelab serve prints how)")


def screen(text: str) -> str:
    """What a terminal shows of a tty's output: CRLF as newlines, backspaces applied."""
    out: list[str] = []
    for ch in text.replace("\r\n", "\n"):
        if ch == "\b":
            if out and out[-1] != "\n":
                out.pop()
        else:
            out.append(ch)
    return "".join(out)


def type_into(ctx: Ctx, pod: dict, container: str, tty: bool, quiet: bool = False) -> None:
    """Attach to the container's stdin and type the cell's lines into it; the end
    of the cell is the end of input.  Then kubectl's ``Session ended`` line."""
    md = pod["metadata"]
    if not quiet:
        ctx.eprint("If you don't see a command prompt, try pressing enter.")
    try:
        session = ctx.api.connect("pods", md["name"], md["namespace"], "attach",
                                  PodAttachOptions(container=container, stdin=True, stdout=True, stderr=not tty,
                                                   tty=tty))
    except UpgradeError as err:
        raise CommandError(f"error: Internal error occurred: unable to upgrade connection: {err.message}")
    for line in (ctx.stdin or "").splitlines():
        session.write(line + ("\r" if tty else "\n"))
        _show(ctx, session)
        if session.done:
            break
    session.close()
    ctx.session.pump()
    _show(ctx, session)
    if tty and pod["spec"].get("restartPolicy") == "Always":
        ctx.print(f"Session ended, resume using 'kubectl attach {md['name']} -c {container} -i -t' command "
                  "when the pod is running")


def _show(ctx: Ctx, session) -> None:
    out, err = session.read()
    ctx.out.append(screen(out))
    ctx.err.append(err)


def reads_stdin(spec: dict) -> bool:
    """A container started with stdin whose process is a shell (it waits for input)."""
    from ...apps.images import command_for, lookup
    info = lookup(spec["image"])
    argv = command_for(info, spec) if info is not None else list(spec.get("command") or []) + \
        list(spec.get("args") or [])
    return is_interactive_shell(argv)


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if len(args) != 1:
        raise CommandError("error: expected POD, TYPE/NAME, or TYPE NAME, (1) arguments, saw %d: %s\n"
                           "See 'kubectl attach -h' for help and examples" % (len(args), args))
    _, _, pod = attachable_pod(ctx, args[0], parse_duration(opts["pod-running-timeout"]))
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"error: cannot attach a container in a completed pod; current phase is {phase}")
    container = opts["container"] or default_container(ctx, pod)
    spec = next((c for c in pod["spec"].get("containers") or [] if c["name"] == container), None)
    if spec is None:
        raise CommandError(f"error: container {container} not found in pod {pod['metadata']['name']}")
    tty = bool(opts["tty"])
    if tty and not spec.get("tty"):
        tty = False
        if not opts["quiet"]:
            ctx.eprint(f"error: Unable to use a TTY - container {container} did not allocate one")
    elif not tty and spec.get("tty"):
        tty = True            # a container started with a TTY is attached with one
    if opts["stdin"] and spec.get("stdin") and reads_stdin(spec):
        if ctx.stdin is None:
            flags = "-it" if opts["tty"] else "-i"
            raise CommandError(NO_KEYBOARD.format(example=f"%%kubectl attach {flags} {pod['metadata']['name']}"))
        type_into(ctx, pod, container, tty, quiet=opts["quiet"])
        return
    md = pod["metadata"]
    try:
        session = ctx.api.connect("pods", md["name"], md["namespace"], "attach",
                                  PodAttachOptions(container=container, stdout=True, stderr=not tty, tty=tty))
    except UpgradeError as err:
        raise CommandError(f"error: Internal error occurred: unable to upgrade connection: {err.message}")
    if opts["stdin"] and not opts["quiet"]:
        ctx.eprint("If you don't see a command prompt, try pressing enter.")
    ctx.session.wait_for(lambda: session.done, timeout=float(opts["follow-seconds"]))
    _show(ctx, session)


register(Command("attach", run, FLAGS))
