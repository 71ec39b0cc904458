"""kubectl scale (staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go), and the
resource-finding helper the workload commands share.

    kubectl scale deployments/kubernetes-bootcamp --replicas=4
    deployment.apps/kubernetes-bootcamp scaled
"""
from __future__ import annotations

from ...api import selectors
from ...api.meta import Obj
from ...api.resources import ResourceType
from ..builder import parse_targets
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name

SCALABLE = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")


def find_objects(ctx: Ctx, args: list[str], opts: dict, *, type_selects_all: bool = False,
                 missing: str = "error: one or more resources must be specified as <resource> <name> or <resource>/<name>",
                 ) -> list[tuple[ResourceType, Obj]]:
    """What ``TYPE NAME``, ``TYPE/NAME``, ``TYPE -l sel`` or ``TYPE --all`` name,
    in the command's namespace (the builder's ResourceTypeOrNameArgs).  A bare
    ``TYPE`` means all of them only where kubectl allows it (``rollout``)."""
    if not args:
        raise CommandError(missing)
    targets = parse_targets(args)
    sel_text = opts.get("selector")
    sel = selectors.parse(sel_text) if sel_text else None
    out = []
    for t in targets:
        ns = ctx.namespace if t.rt.namespaced else None
        if t.names:
            for name in t.names:
                out.append((t.rt, ctx.api.get(t.rt, name, ns)))
        elif sel is not None or opts.get("all") or type_selects_all:
            out.extend((t.rt, o) for o in ctx.api.list(t.rt, ns, selector=sel))
        else:
            raise CommandError(f'error: resource(s) were provided, but no name was specified')
    return out


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    replicas = opts["replicas"]
    if replicas is None or replicas < 0:
        raise CommandError("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    if opts["current-replicas"] < -1:
        raise CommandError("error: The --current-replicas must specify an integer of -1 or greater")
    found = find_objects(ctx, args, opts)
    if not found:
        raise CommandError("error: no objects passed to scale")
    if opts["resource-version"] and len(found) > 1:
        raise CommandError("error: cannot use --resource-version with multiple resources")
    for rt, obj in found:
        if rt.kind not in SCALABLE:
            raise CommandError(f'error: no scaler has been implemented for {{"{rt.group}" "{rt.kind}"}}')
        current = obj["spec"].get("replicas", 1)
        if opts["current-replicas"] >= 0 and opts["current-replicas"] != current:
            raise CommandError(f"error: Expected replicas to be {opts['current-replicas']}, was {current}")
        rv = opts["resource-version"]
        if rv and rv != obj["metadata"]["resourceVersion"]:
            raise CommandError(f"error: Expected resource version to be {rv}, was {obj['metadata']['resourceVersion']}")
        if fmt:
            # RunScale prints info.Object, the object as the builder fetched it: with
            # -o it shows the replicas before the scale (kubectl v1.32), -o name bare.
            print_objects(ctx, [obj], fmt, single=True)
        if opts["dry-run"] in (None, "none"):
            changed = dict(obj, spec={**obj["spec"], "replicas": replicas})
            ctx.api.update(changed, external=True)
        if not fmt:
            suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(opts["dry-run"] or "none", "")
            ctx.print(to_name(obj, "scaled" + suffix))


register(Command("scale", run, (
    Flag("replicas", kind="int", default=None), Flag("current-replicas", kind="int", default=-1),
    Flag("resource-version", default=""), Flag("selector", "l"), Flag("all", kind="bool"),
    Flag("filename", "f", "list", []), Flag("output", "o"), Flag("template"), Flag("timeout", default="0s"),
    Flag("dry-run", default="none", no_opt="unchanged"), Flag("record", kind="bool"),
), required=("replicas",)))
