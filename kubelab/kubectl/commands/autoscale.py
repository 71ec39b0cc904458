"""kubectl autoscale (staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go):
an autoscaling/v1 HorizontalPodAutoscaler for a Deployment, ReplicaSet,
StatefulSet or ReplicationController.

    kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10
    horizontalpodautoscaler.autoscaling/php-apache autoscaled
"""
from __future__ import annotations

from ...api.autoscaling import as_version
from ...api.meta import Obj
from ...api.resources import ResourceType
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import check_format, print_objects
from ..printers import to_name
from .apply import DRY_RUN
from .scale import SCALABLE, find_objects


def make_hpa(rt: ResourceType, target: Obj, opts: dict) -> Obj:
    """createHorizontalPodAutoscaler: min only when > 0, the CPU target only when >= 0."""
    spec: Obj = {"scaleTargetRef": {"apiVersion": rt.api_version, "kind": rt.kind,
                                    "name": target["metadata"]["name"]},
                 "maxReplicas": opts["max"]}
    if opts["min"] > 0:
        spec["minReplicas"] = opts["min"]
    if opts["cpu-percent"] >= 0:
        spec["targetCPUUtilizationPercentage"] = opts["cpu-percent"]
    return {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": opts["name"] or target["metadata"]["name"], "creationTimestamp": None},
            "spec": spec, "status": {"currentReplicas": 0, "desiredReplicas": 0}}


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, ("json", "yaml", "name", "go-template", "jsonpath", "template"))
    if opts["max"] < 1:
        raise CommandError(f"error: --max=MAXPODS is required and must be at least 1, max: {opts['max']}")
    if opts["max"] < opts["min"]:
        raise CommandError("error: --max=MAXPODS must be larger or equal to --min=MINPODS, "
                           f"max: {opts['max']}, min: {opts['min']}")
    found = find_objects(ctx, args, opts)
    if not found:
        raise CommandError("error: no objects passed to autoscale")
    dry = opts["dry-run"] or "none"
    for rt, target in found:
        if rt.kind not in SCALABLE:
            raise CommandError(f"error: cannot autoscale a {rt.kind}: could not find scale subresource for "
                               f"{rt.group}/{rt.version}, Resource={rt.plural} in discovery information")
        hpa = make_hpa(rt, target, opts)
        if dry == "client":
            result, verb = hpa, "created (dry run)"
        else:
            sent = dict(hpa)
            sent["metadata"] = {"name": hpa["metadata"]["name"]}
            sent.pop("status")
            result = as_version(ctx.api.create(sent, ctx.namespace, external=True, dry_run=(dry == "server")),
                                hpa["apiVersion"])
            verb = "autoscaled" + (" (server dry run)" if dry == "server" else "")
        if fmt:
            print_objects(ctx, [result], fmt, single=True, typed=True)
        else:
            ctx.print(to_name(result, verb))


register(Command("autoscale", run, (
    Flag("min", kind="int", default=-1), Flag("max", kind="int", default=None),
    Flag("cpu-percent", kind="int", default=-1), Flag("name", default=""), DRY_RUN,
    Flag("output", "o"), Flag("filename", "f", "list", []), Flag("save-config", kind="bool"),
    Flag("record", kind="bool"), Flag("field-manager", default="kubectl-autoscale"),
    Flag("selector", "l"), Flag("template"),
), required=("max",)))
