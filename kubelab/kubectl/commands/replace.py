"""kubectl replace -f FILE [--force] (k8s.io/kubectl/pkg/cmd/replace).

Without ``--force`` each object is PUT over the live one, which must exist:
``deployment.apps/x replaced``.  With ``--force`` kubectl first deletes every
object of the files (``deployment.apps "x" deleted``; objects that do not exist
are skipped silently), polls once a second until they are gone, then creates
them all again (``deployment.apps/x replaced``).  The new objects get new UIDs,
so a Deployment's old ReplicaSets and Pods are garbage-collected and new ones
made: a way to push a change the API would refuse as an update.
"""
from __future__ import annotations

from ...api.errors import ApiError
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .apply import DRY_RUN, FILE_FLAGS, _dry, _namespace_for, _suffix, objects_from_files

FLAGS = FILE_FLAGS + (
    Flag("output", "o"), DRY_RUN, Flag("force", kind="bool"), Flag("grace-period", kind="int", default=-1),
    Flag("cascade", default="background", no_opt="background"), Flag("timeout", default="0s"),
    Flag("wait", kind="bool"), Flag("now", kind="bool"), Flag("all", kind="bool"), Flag("selector", "l"),
    Flag("ignore-not-found", kind="bool"), Flag("raw"), Flag("save-config", kind="bool"),
    Flag("validate", default="strict", no_opt="strict"), Flag("field-manager", default="kubectl-replace"),
    Flag("subresource"), Flag("record", kind="bool"), Flag("show-managed-fields", kind="bool"),
)

#: forceReplace polls for the deleted objects to be gone for at most this long.
FORCE_TIMEOUT = 300.0


def _source(opts: dict) -> str:
    paths = opts.get("filename") or []
    return paths[0] if paths else ""


def _with_source(err: ApiError, verb: str, source: str) -> str:
    """cmdutil.AddSourceToErr: the Status message gains ``error when replacing "file": ``."""
    if err.reason == "Invalid" or not source:
        return err.kubectl_text()
    return ApiError(err.code, err.reason, f'error when {verb} "{source}": {err.message}', err.details).kubectl_text()


def _kind_string(rt) -> str:
    return rt.kind.lower() + ("." + rt.group if rt.group else "")


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    # Complete() checks the files first, then Validate() the flags (real kubectl's order).
    if not opts["filename"] and not opts["kustomize"]:
        raise CommandError("error: must specify one of -f and -k")
    if opts["grace-period"] >= 0 and not opts["force"]:
        raise CommandError("error: --grace-period must have --force specified")
    if opts["timeout"] not in ("0s", "0") and not opts["force"]:
        raise CommandError("error: --timeout must have --force specified")
    if opts["force"] and _dry(opts) != "none":
        raise CommandError("error: --dry-run can not be used when --force is set")
    objs = objects_from_files(ctx, opts)
    if opts["force"]:
        return _force_replace(ctx, objs, opts)
    dry = _dry(opts)
    failed = False
    for obj in objs:
        try:
            ns = _namespace_for(ctx, obj)
            if dry == "client":
                result = obj
            else:
                result = ctx.api.update(obj, ns, external=True, dry_run=dry == "server")
        except ApiError as err:
            ctx.eprint(_with_source(err, "replacing", _source(opts)))
            failed = True
            continue
        _print(ctx, result, fmt, dry)
    if failed:
        raise CommandError("", 1)


def _print(ctx: Ctx, obj: dict, fmt: str | None, dry: str = "none") -> None:
    if fmt:
        print_objects(ctx, [obj], fmt, single=True)     # -o name is "short output": no operation
    else:
        ctx.print(to_name(obj, "replaced") + _suffix(dry))


def _force_replace(ctx: Ctx, objs: list[dict], opts: dict) -> None:
    grace = opts["grace-period"]
    if grace == 0:
        grace = 1              # kubectl turns --grace-period=0 into 1 and waits (no data loss by accident)
    from .delete import _propagation
    propagation = _propagation(opts["cascade"])
    deleted = []
    failed = False
    for obj in objs:
        rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
        ns = _namespace_for(ctx, obj)
        name = obj["metadata"]["name"]
        try:
            gone = ctx.api.delete(rt, name, ns, propagation=propagation, grace_period=None if grace < 0 else grace)
        except ApiError as err:
            if err.reason == "NotFound":
                continue       # replace creates what does not exist yet: NotFound is ignored
            ctx.eprint(_with_source(err, "deleting", _source(opts)))
            failed = True
            continue
        if opts["output"] == "name":
            ctx.print(f"{_kind_string(rt)}/{name}")
        else:
            ctx.print(f'{_kind_string(rt)} "{name}" deleted')
        deleted.append((rt, name, ns, gone["metadata"]["uid"]))
    if failed:
        raise CommandError("", 1)

    def all_gone() -> bool:
        for rt, name, ns, uid in deleted:
            cur = ctx.api.peek(rt, name, ns)
            if cur is not None and cur["metadata"]["uid"] == uid:
                return False
        return True
    # wait.PollImmediate(1s, 5m): check now, then once a second.  The GET takes a
    # round trip, in which the controllers (the garbage collector) already react.
    ctx.session.pump()
    waited = 0.0
    while not all_gone():
        if waited >= FORCE_TIMEOUT:
            raise CommandError("error: timed out waiting for the condition")
        ctx.session.run(1.0)
        waited += 1.0
    count = 0
    for obj in objs:
        try:
            created = ctx.api.create(obj, _namespace_for(ctx, obj), external=True)
        except ApiError as err:
            # The builder runs ContinueOnError: the other objects are still created.
            ctx.eprint(err.kubectl_text())
            failed = True
            continue
        count += 1
        _print(ctx, created, opts["output"])
    if failed:
        raise CommandError("", 1)
    if count == 0:
        raise CommandError("error: no objects passed to replace")


register(Command("replace", run, FLAGS))
