"""kubectl delete: by name, -f, -l, --all; graceful by default, waiting for the
objects to be gone as kubectl's --wait does."""
from __future__ import annotations

from ...api import selectors
from ...api.errors import ApiError
from ..builder import parse_targets
from ..cli import Command, CommandError, Ctx, Flag, register
from .apply import FILE_FLAGS, _namespace_for, objects_from_files, print_errors, source_of, with_source

FLAGS = FILE_FLAGS + (
    Flag("selector", "l"), Flag("all", kind="bool"), Flag("all-namespaces", "A", "bool"),
    Flag("grace-period", kind="int", default=-1), Flag("force", kind="bool"), Flag("now", kind="bool"),
    Flag("wait", kind="bool", default=True), Flag("timeout", default="0s"), Flag("cascade", default="background", no_opt="background"),
    Flag("ignore-not-found", kind="bool"), Flag("output", "o"), Flag("dry-run", default="none", no_opt="unchanged"),
    Flag("field-selector"), Flag("interactive", "i", "bool"), Flag("raw"),
)

FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.")


_DRY_SUFFIX = {"client": " (dry run)", "server": " (server dry run)"}


def _propagation(value: str) -> str:
    value = (value or "background").lower()
    mapping = {"true": "Background", "background": "Background", "false": "Orphan", "orphan": "Orphan",
               "foreground": "Foreground"}
    if value not in mapping:
        raise CommandError(f'error: invalid cascade value ({value}). Must be "background", "foreground", or "orphan".')
    return mapping[value]


def _grace(opts: dict) -> int:
    """delete.go Complete and Validate: --now is 1 s; --grace-period=0 without --force
    becomes 1 (backwards compatibility without data loss); --force alone is 0."""
    grace, force = opts["grace-period"], opts["force"]
    if opts["now"]:
        if grace != -1:
            raise CommandError("error: --now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not force:
        grace = 1
    if force and grace < 0:
        grace = 0
    if opts["output"] not in (None, "", "name"):
        raise CommandError(f"error: unexpected -o output mode: {opts['output']}. We only support '-o name'")
    if opts["all"] and opts["selector"]:
        raise CommandError("error: cannot set --all and --selector at the same time")
    if opts["all"] and opts["field-selector"]:
        raise CommandError("error: cannot set --all and --field-selector at the same time")
    if force and grace > 0:
        raise CommandError("error: --force and --grace-period greater than 0 cannot be specified together")
    return grace


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    grace = _grace(opts)
    force = opts["force"]
    if force and grace == 0:
        ctx.eprint(FORCE_WARNING)
    propagation = _propagation(opts["cascade"])
    items: list[tuple] = []
    read: list[str] = []
    if opts["filename"] or opts["kustomize"]:
        for obj in objects_from_files(ctx, opts, hints=False, errors=read):
            rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
            try:        # the builder's RequireNamespace, one more error of the visit
                ns = _namespace_for(ctx, obj)
            except CommandError as err:
                items.append((None, err.text, None, ""))
                continue
            items.append((rt, obj["metadata"]["name"], ns, source_of(ctx, obj)))
    else:
        if not args:
            raise CommandError("error: You must provide one or more resources by argument or filename.\n"
                               "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                               "   '<resource> <name>'\n   '<resource>'")
        targets = parse_targets(args)
        sel = selectors.parse(opts["selector"]) if opts["selector"] else None
        for t in targets:
            ns = None if not t.rt.namespaced else (None if opts["all-namespaces"] else ctx.namespace)
            if t.names:
                items.extend((t.rt, n, ns if t.rt.namespaced else None, "") for n in t.names)
            elif sel is not None or opts["all"]:
                for obj in ctx.api.list(t.rt, ns, selector=sel):
                    items.append((t.rt, obj["metadata"]["name"], obj["metadata"].get("namespace"), ""))
            else:
                raise CommandError("error: resource(s) were provided, but no name was specified")
        if not items:       # DeleteResult: found == 0 prints to Out
            ctx.print("No resources found")
            return
    errs: list = []
    deleted = []
    for rt, name, ns, source in items:
        if rt is None:
            errs.append(name[len("error: "):])
            continue
        try:
            obj = ctx.api.delete(rt, name, ns, propagation=propagation,
                                 grace_period=None if grace < 0 else grace,
                                 dry_run=opts["dry-run"] not in ("none", None))
        except ApiError as err:
            if err.reason == "NotFound" and opts["ignore-not-found"]:
                continue
            errs.append(with_source(err, "deleting", source))
            continue
        kind = rt.singular + ("." + rt.group if rt.group else "")
        if opts["output"] == "name":
            ctx.print(f"{kind}/{name}")
        else:       # delete.go PrintObj
            operation = "force deleted" if grace == 0 else "deleted"
            ctx.print(f'{kind} "{name}" {operation}{_DRY_SUFFIX.get(opts["dry-run"], "")}')
        deleted.append((rt, name, ns, obj["metadata"]["uid"]))
    if errs or read:        # the visitor's errors, then the builder's reading errors; no wait then
        print_errors(ctx, errs, read, read_first=False)
        raise CommandError("", 1)
    if opts["wait"] and deleted and opts["dry-run"] in ("none", None):
        def gone() -> bool:
            for rt, name, ns, uid in deleted:
                cur = ctx.api.peek(rt, name, ns)
                if cur is not None and cur["metadata"]["uid"] == uid:
                    return False
            return True
        ctx.session.wait_for(gone, timeout=_timeout(opts["timeout"]))


def _timeout(text: str) -> float:
    from .wait import parse_duration
    seconds = parse_duration(text)
    return seconds if seconds > 0 else 7 * 24 * 3600.0


register(Command("delete", run, FLAGS))
