"""kubectl run NAME --image=IMAGE [--restart=Always|OnFailure|Never] [--command] [--port] [--env]
[-l labels] [--dry-run] [-o] [-i [-t] [--rm]] -- [args...]

The Pod is the one kubectl's BasicPod generator builds (label ``run=NAME``,
container named NAME, args after ``--`` — or the command with ``--command``;
``-i`` adds ``stdin``/``stdinOnce``, ``-t`` ``tty``).

``-i`` attaches to the container.  A command that reads no input (``-- wget -qO-
http://web``) runs to its end and its output is shown.  A shell (``-- sh``, or
an image whose command is one, as busybox's) reads what is typed: a notebook
has no keyboard, so the lines to type are the cell's body, and the cell shows
the session as a terminal would (the prompt, each line echoed with ``-t``, the
answers); the end of the body is the end of input (Ctrl-D)::

    %%kubectl run -it --rm x --image=busybox -- sh
    echo hello
    exit

Then, as kubectl does: ``Session ended, resume using ...`` (``-t`` and
``--restart=Always``), the exit code of a ``--restart=Never`` pod
(``pod default/x terminated (Error)``), and ``--rm`` deletes the pod.  As on a
terminal, the shell printed its first prompt before kubectl attached, hence
"If you don't see a command prompt, try pressing enter.": an empty first line
shows it.
"""
from __future__ import annotations

from ...api.connect import PodLogOptions
from ...api.errors import ApiError
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .attach import reads_stdin, screen, type_into  # noqa: F401  (screen: exec's too)

FLAGS = (Flag("image"), Flag("restart", default="Always"), Flag("command", kind="bool"),
         Flag("port"), Flag("env", kind="list", default=()), Flag("labels", "l"),
         Flag("dry-run", default="none", no_opt="unchanged"), Flag("output", "o"),
         Flag("stdin", "i", "bool"), Flag("tty", "t", "bool"), Flag("rm", kind="bool"),
         Flag("image-pull-policy"), Flag("annotations", kind="list", default=()),
         Flag("attach", kind="bool"), Flag("quiet", "q", "bool"), Flag("overrides", default=""),
         Flag("override-type", default="merge"))


def make_pod(name: str, image: str, *, restart: str = "Always", argv: list[str] | None = None,
             command: bool = False, port: str | None = None, env: list[str] = (),
             labels: dict[str, str] | None = None, pull_policy: str | None = None,
             stdin: bool = False, tty: bool = False) -> dict:
    """The Pod kubectl run builds (pkg/cmd/run BasicPod generator)."""
    container: dict = {"name": name, "image": image}
    if stdin:
        container.update(stdin=True, stdinOnce=True)
    if tty:
        container["tty"] = True
    if argv:
        container["command" if command else "args"] = list(argv)
    if pull_policy:
        container["imagePullPolicy"] = pull_policy
    if port:
        container["ports"] = [{"containerPort": int(port)}]
    if env:
        container["env"] = [{"name": e.split("=", 1)[0], "value": e.split("=", 1)[1] if "=" in e else ""} for e in env]
    container["resources"] = {}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"creationTimestamp": None, "labels": labels or {"run": name}, "name": name},
            "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
            "status": {}}


def _override(pod: dict, text: str, how: str) -> dict:
    """Overrider.Apply (cmdutil, --overrides with --override-type): the generated Pod
    patched by the JSON, as a JSON merge patch (the default), a JSON patch or a
    strategic merge patch, before it is sent."""
    from ...api.patch import PatchFailed
    from .patch import apply_patch
    if how not in ("json", "merge", "strategic"):
        raise CommandError(f"error: invalid override type: {how}")
    if how == "merge":
        import json
        try:
            value = json.loads(text)
        except ValueError:
            value = {}
        if value is None:
            raise CommandError("error: Invalid JSON Patch")         # jsonpatch.MergePatch refuses a null patch
        if isinstance(value, list):
            # a merge patch that is an array replaces the document: decoding it fails
            raise CommandError(
                "error: couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of "
                'type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
                'Kind string "json:\\"kind,omitempty\\"" }')
    try:
        patched = apply_patch(how, pod, text, "Pod", server=False)
    except PatchFailed as err:
        raise CommandError(f"error: {err.text}") from None
    # decoded back into a v1.Pod: the structs Go always writes come back (resources: {}, ...)
    if isinstance(patched.get("metadata"), dict):
        patched["metadata"].setdefault("creationTimestamp", None)
    patched.setdefault("status", {})
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for container in (patched.get("spec") or {}).get(group) or ():
            if isinstance(container, dict):
                container.setdefault("resources", {})
    return patched


def _labels(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    return dict(item.split("=", 1) for item in text.split(","))


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if not args:
        raise CommandError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples")
    if not opts["image"]:
        from ..cli import _klog_error
        raise CommandError(_klog_error(ctx.session, 'required flag(s) \\"image\\" not set'))
    restart = opts["restart"]
    if restart not in ("Always", "OnFailure", "Never"):
        raise CommandError(f"error: invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples")
    if opts["rm"] and not opts["stdin"] and not opts["attach"]:
        raise CommandError("error: --rm should only be used for attached containers")
    name = args[0]
    argv = args[1:] + opts["--"]
    dry = opts["dry-run"]
    if dry in ("client", "server") and (opts["stdin"] or opts["tty"] or opts["attach"]):
        raise CommandError("error: --dry-run=[server|client] can't be used with attached containers options "
                           "(--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples")
    pod = make_pod(name, opts["image"], restart=restart, argv=argv, command=opts["command"], port=opts["port"],
                   env=opts["env"], labels=_labels(opts["labels"]), pull_policy=opts["image-pull-policy"],
                   stdin=bool(opts["stdin"]), tty=bool(opts["tty"]))
    if opts["overrides"]:
        pod = _override(pod, opts["overrides"], opts["override-type"])
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    interactive = bool(opts["stdin"]) and reads_stdin(pod["spec"]["containers"][0])
    if interactive and ctx.stdin is None:
        raise CommandError(NO_KEYBOARD.format(what=" ".join(["kubectl", "run", *ctx_args(opts), name])))
    if dry == "client":
        print_objects(ctx, [pod], fmt or "yaml", single=True, typed=True) if fmt else ctx.print(f"pod/{name} created (dry run)")
        return
    created = ctx.api.create(pod, ctx.namespace, external=True, dry_run=(dry == "server"))
    if not (opts["stdin"] or opts["attach"]):
        if fmt:
            print_objects(ctx, [created], fmt, single=True, typed=True)
        else:
            ctx.print(f"{to_name(created)} created{' (server dry run)' if dry == 'server' else ''}")
        return
    _attach(ctx, created, opts)


NO_KEYBOARD = ("error: kubelab: the shell waits for what you type, and a notebook has no keyboard: write the lines "
               "to type under the command in a %%kubectl cell (cluster.kubectl(..., stdin=...)), one a line, e.g.\n"
               "  %%kubectl run -it --rm x --image=busybox -- sh\n  echo hello\n  exit\n"
               "or run kubectl in a terminal (%kubelab serve prints how)")


def ctx_args(opts: dict) -> list[str]:
    return [f for f, on in (("-i", opts["stdin"]), ("-t", opts["tty"]), ("--rm", opts["rm"])) if on]


def _running(ctx: Ctx, ns: str, name: str) -> bool:
    cur = ctx.api.peek("pods", name, ns)
    return cur is not None and any("running" in (cs.get("state") or {})
                                   for cs in (cur.get("status") or {}).get("containerStatuses", []))


def _attach(ctx: Ctx, pod: dict, opts: dict) -> None:
    """``-i``: a shell gets the cell's lines; another command runs to its end and its
    output is shown.  Then the exit code of a pod that does not restart, and --rm."""
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    restart = pod["spec"].get("restartPolicy")
    if ctx.stdin is not None and reads_stdin(pod["spec"]["containers"][0]):
        ctx.session.wait_for(lambda: _running(ctx, ns, name) or _finished(ctx, ns, name), 300.0)
        if _running(ctx, ns, name):
            type_into(ctx, pod, name, bool(opts["tty"]), quiet=bool(opts["quiet"]))
        else:
            _show_logs(ctx, ns, name)
    else:
        ctx.session.wait_for(lambda: _finished(ctx, ns, name), timeout=300.0)
        # A pod that has finished is not attached to: kubectl shows its logs.
        _show_logs(ctx, ns, name)
    failure = None
    if restart in ("Never", "OnFailure"):
        want = ("Succeeded",) if restart == "OnFailure" else ("Succeeded", "Failed")
        phase = lambda: ((ctx.api.peek("pods", name, ns) or {}).get("status") or {}).get("phase")
        if not ctx.session.wait_for(lambda: phase() in want, 60.0):
            failure = CommandError("error: timed out waiting for the condition")
        else:
            failure = _exit_error(ctx.api.peek("pods", name, ns))
    if opts["rm"]:
        ctx.api.delete("pods", name, ns)
        ctx.print(f'pod "{name}" deleted')
        ctx.session.wait_for(lambda: ctx.api.peek("pods", name, ns) is None, timeout=60.0)
    if failure is not None:
        raise failure


def _exit_error(pod: dict) -> CommandError | None:
    """kubectl run's answer for a Failed pod: its container's exit code."""
    status = pod.get("status") or {}
    if status.get("phase") != "Failed":
        return None
    md = pod["metadata"]
    terminated = ((status.get("containerStatuses") or [{}])[0].get("state") or {}).get("terminated")
    if not terminated or not terminated.get("exitCode"):
        return CommandError(f"error: pod {md['namespace']}/{md['name']} failed with unknown exit code")
    return CommandError(f"pod {md['namespace']}/{md['name']} terminated ({terminated.get('reason', '')})\n"
                        f"{terminated.get('message', '')}", terminated["exitCode"])


def _finished(ctx: Ctx, ns: str, name: str) -> bool:
    cur = ctx.api.peek("pods", name, ns)
    if cur is None:
        return True
    for cs in (cur.get("status") or {}).get("containerStatuses", []):
        if "terminated" in (cs.get("state") or {}) or (cs.get("lastState") or {}).get("terminated"):
            return True
    return False


def _show_logs(ctx: Ctx, ns: str, name: str) -> None:
    try:
        text = ctx.api.connect("pods", name, ns, "log", PodLogOptions(container=name)).read()
    except ApiError:
        text = ""
    ctx.out.append(text)


register(Command("run", run, FLAGS))
