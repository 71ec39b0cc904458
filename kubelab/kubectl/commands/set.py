"""kubectl set image (staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go).

    kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2
    deployment.apps/kubernetes-bootcamp image updated

A template change is all it takes: the Deployment controller sees a new pod
template and starts a rolling update.  (``--record`` is accepted and, as it is
deprecated, ignored: set ``kubernetes.io/change-cause`` with ``kubectl annotate``.)
"""
from __future__ import annotations

from ...api.errors import ApiError

from ...api.meta import Obj, clone
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import check_format, print_objects
from ..printers import to_name
from .scale import find_objects

def pod_spec_of(obj: Obj) -> Obj | None:
    """UpdatePodSpecForObject: where each kind keeps its pod spec."""
    kind = obj.get("kind")
    if kind == "Pod":
        return obj.setdefault("spec", {})
    if kind == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"].setdefault("spec", {})
    if kind in ("Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet", "Job"):
        return obj["spec"]["template"].setdefault("spec", {})
    return None


def split_pairs(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """GetResourcesAndPairs: arguments with '=' are container=image pairs."""
    resources, pairs, seen_pair = [], {}, False
    for a in args:
        if "=" in a:
            seen_pair = True
            name, _, image = a.partition("=")
            if not name or not image:
                raise CommandError(f"error: invalid image format: {a}")
            pairs[name] = image
        elif seen_pair:
            raise CommandError("error: all resources must be specified before image changes: " + a)
        else:
            resources.append(a)
    return resources, pairs


def set_image(ctx: Ctx, args: list[str], opts: dict) -> None:
    check_format(opts["output"], ("json", "yaml", "name", "jsonpath"))
    resources, pairs = split_pairs(args)
    if opts["all"] and opts["selector"]:
        raise CommandError("error: cannot set --all and --selector at the same time")
    if not resources:
        raise CommandError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not pairs:
        raise CommandError("error: at least one image update is required")
    if "*" in pairs and len(pairs) > 1:
        raise CommandError("error: all containers are already specified by *, but saw more than one "
                           "container_name=container_image pairs")
    errors = []
    for rt, obj in find_objects(ctx, resources, opts):
        before = clone(obj)
        spec = pod_spec_of(obj)
        if spec is None:
            errors.append(f"error: {rt.singular}/{obj['metadata']['name']} the object is not a pod or does not have a pod template: {rt.kind}\n")
            continue
        for name, image in pairs.items():
            found = False
            for key in ("initContainers", "containers"):
                for c in spec.get(key) or []:
                    if name in ("*", c.get("name")):
                        c["image"] = image
                        found = True
            if not found:
                errors.append(f'error: unable to find container named "{name}"')
        if obj == before:
            continue          # no change, no patch, nothing printed (as kubectl)
        dry = opts["dry-run"] or "none"
        if dry != "client":
            try:
                obj = ctx.api.update(obj, external=True, dry_run=(dry == "server"))
            except ApiError as err:        # set_image.go wraps what the apiserver says
                errors.append(f"error: failed to patch image update to pod template: {err.message}")
                continue
        if opts["output"]:
            print_objects(ctx, [obj], opts["output"], single=True)
        else:
            suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")
            ctx.print(to_name(obj, "image updated" + suffix))
    if errors:
        raise CommandError("\n".join(errors))


register(Command("set image", set_image, (
    Flag("all", kind="bool"), Flag("selector", "l"), Flag("filename", "f", "list", []), Flag("output", "o"),
    Flag("local", kind="bool"), Flag("dry-run", default="none", no_opt="unchanged"), Flag("record", kind="bool"),
    Flag("field-manager", default="kubectl-set"),
), help_name="set image"))
