"""kubectl run NAME --image=IMAGE [--restart=Always|OnFailure|Never] [--command] [--port] [--env]
[-l labels] [--dry-run] [-o] [-i --rm] -- [args...]

The Pod is the one kubectl's BasicPod generator builds (label ``run=NAME``,
container named NAME, args after ``--`` — or the command with ``--command``).
``-i --rm`` (the usual "run a throwaway busybox and look") waits for the
container to finish, prints its output and deletes the pod.
"""
from __future__ import annotations

from ...api.connect import PodLogOptions
from ...api.errors import ApiError
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name

FLAGS = (Flag("image"), Flag("restart", default="Always"), Flag("command", kind="bool"),
         Flag("port"), Flag("env", kind="list", default=()), Flag("labels", "l"),
         Flag("dry-run", default="none", no_opt="unchanged"), Flag("output", "o"),
         Flag("stdin", "i", "bool"), Flag("tty", "t", "bool"), Flag("rm", kind="bool"),
         Flag("image-pull-policy"), Flag("annotations", kind="list", default=()),
         Flag("attach", kind="bool"), Flag("quiet", "q", "bool"))


def make_pod(name: str, image: str, *, restart: str = "Always", argv: list[str] | None = None,
             command: bool = False, port: str | None = None, env: list[str] = (),
             labels: dict[str, str] | None = None, pull_policy: str | None = None) -> dict:
    """The Pod kubectl run builds (pkg/cmd/run BasicPod generator)."""
    container: dict = {"name": name, "image": image}
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
            "metadata": {"labels": labels or {"run": name}, "name": name},
            "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
            "status": {}}


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
    pod = make_pod(name, opts["image"], restart=restart, argv=argv, command=opts["command"], port=opts["port"],
                   env=opts["env"], labels=_labels(opts["labels"]), pull_policy=opts["image-pull-policy"])
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = opts["dry-run"]
    if dry == "client":
        print_objects(ctx, [pod], fmt or "yaml", single=True) if fmt else ctx.print(f"pod/{name} created (dry run)")
        return
    created = ctx.api.create(pod, ctx.namespace, external=True, dry_run=(dry == "server"))
    if not (opts["stdin"] or opts["attach"]):
        if fmt:
            print_objects(ctx, [created], fmt, single=True)
        else:
            ctx.print(f"{to_name(created)} created{' (server dry run)' if dry == 'server' else ''}")
        return
    _attach(ctx, created, opts)


def _attach(ctx: Ctx, pod: dict, opts: dict) -> None:
    """Wait for the container to finish (bounded), show its output, then --rm deletes the pod."""
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]

    def finished() -> bool:
        cur = ctx.api.peek("pods", name, ns)
        if cur is None:
            return True
        for cs in (cur.get("status") or {}).get("containerStatuses", []):
            if "terminated" in (cs.get("state") or {}) or (cs.get("lastState") or {}).get("terminated"):
                return True
        return False
    ctx.session.wait_for(finished, timeout=300.0)
    # A pod that has finished is not attached to: kubectl shows its logs.
    try:
        text = ctx.api.connect("pods", name, ns, "log", PodLogOptions(container=name)).read()
    except ApiError:
        text = ""
    ctx.out.append(text)
    if opts["rm"]:
        ctx.api.delete("pods", name, ns)
        ctx.print(f'pod "{name}" deleted')
        ctx.session.wait_for(lambda: ctx.api.peek("pods", name, ns) is None, timeout=60.0)


register(Command("run", run, FLAGS))
