"""kubectl set image, env, resources, serviceaccount and selector
(staging/src/k8s.io/kubectl/pkg/cmd/set/).

    kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2
    deployment.apps/kubernetes-bootcamp image updated

A template change is all it takes: the Deployment controller sees a new pod
template and starts a rolling update.  (``--record`` is accepted and, as it is
deprecated, ignored: set ``kubernetes.io/change-cause`` with ``kubectl annotate``.)
"""
from __future__ import annotations

import fnmatch
import re

from ...api import selectors
from ...api.errors import ApiError

from ...api.meta import Obj, clone
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .scale import find_objects
from .. import generators, generators_access

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
    check_format(opts["output"], GENERIC_FORMATS)
    resources, pairs = split_pairs(args)
    if opts["all"] and opts["selector"]:
        raise CommandError("error: cannot set --all and --selector at the same time")
    if not resources and not opts["filename"]:        # the builder, in Complete, before Validate
        raise CommandError(_RESOURCES_REQUIRED)
    _local_needs_files(opts, resources)
    if not pairs:
        raise CommandError("error: at least one image update is required")
    if "*" in pairs and len(pairs) > 1:
        raise CommandError("error: all containers are already specified by *, but saw more than one "
                           "container_name=container_image pairs")
    if opts["local"] and _dry_run(opts) == "server":
        raise CommandError("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    errors = []
    for rt, obj in _targets(ctx, resources, opts):
        before = clone(obj)
        spec = pod_spec_of(obj)
        if spec is None:
            errors.append(not_a_pod_template(rt, obj, bool(opts["local"])) + "\n")
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
        if dry != "client" and not opts["local"]:
            try:
                obj = ctx.api.update(obj, external=True, dry_run=(dry == "server"))
            except ApiError as err:        # set_image.go wraps what the apiserver says
                errors.append(f"error: failed to patch image update to pod template: {err.message}")
                continue
        if opts["output"]:
            print_objects(ctx, [obj], opts["output"], single=True, typed=True)
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


# ---------------------------------------------------------------- set env / set resources
# staging/src/k8s.io/kubectl/pkg/cmd/set/set_env.go, set_resources.go and
# pkg/cmd/set/env/env_parse.go.  Both change the pod template through a strategic
# merge patch: the Deployment controller then rolls out new pods.

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_ENV_NAME_MSG = ("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or "
                 "'.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', "
                 "regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
_SUFFIX = {"client": " (dry run)", "server": " (server dry run)"}


def split_env(args: list[str]) -> tuple[list[str], list[str]]:
    """SplitEnvironmentFromResources: ``KEY=VALUE`` and ``KEY-`` come after the resources."""
    resources, env = [], []
    for a in args:
        is_env = re.match(r"(?s)^(.+)=(.*)$", a) is not None or a.endswith("-")
        if is_env:
            env.append(a)
        elif env:
            raise CommandError("error: all resources must be specified before environment changes: " + " ".join(args))
        else:
            resources.append(a)
    return resources, env


def parse_env(specs: list[str]) -> tuple[list[Obj], list[str]]:
    """ParseEnv: (variables to set, names to remove)."""
    env, remove = [], []
    for spec in specs:
        if "=" in spec:
            name, _, value = spec.partition("=")
            if not _ENV_NAME.match(name):
                raise CommandError(f'error: "{name}" is not a valid key name: {_ENV_NAME_MSG}')
            env.append({"name": name, "value": value})
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise CommandError(f"error: unknown environment variable: {spec}")
    if any(e["name"] in remove for e in env):
        raise CommandError("error: can not both modify and remove the same environment variable in the same command")
    return env, remove


def update_env(existing: list[Obj], env: list[Obj], remove: list[str]) -> list[Obj]:
    """updateEnv: a variable already there is replaced in place, new ones are appended."""
    covered = set(remove)
    new = {e["name"]: e for e in env}
    out = []
    for e in existing:
        if e.get("name") in covered:
            continue
        if e.get("name") in new:
            covered.add(e["name"])
            out.append(new[e["name"]])
            continue
        out.append(e)
    for e in env:
        if e["name"] not in covered:
            covered.add(e["name"])
            out.append(e)
    return out


def _ref_string(src: Obj) -> str:
    """GetEnvVarRefString, for ``--list``."""
    if "configMapKeyRef" in src:
        return f"configmap {src['configMapKeyRef'].get('name', '')}, key {src['configMapKeyRef'].get('key', '')}"
    if "secretKeyRef" in src:
        return f"secret {src['secretKeyRef'].get('name', '')}, key {src['secretKeyRef'].get('key', '')}"
    if "fieldRef" in src:
        return f"field path {src['fieldRef'].get('fieldPath', '')}"
    if "resourceFieldRef" in src:
        r = src["resourceFieldRef"]
        prefix = r["containerName"] + "/" if r.get("containerName") else ""
        return f"resource field {prefix}{r.get('resource', '')}"
    return "invalid valueFrom"


def _env_from(ctx: Ctx, opts: dict) -> list[Obj]:
    """--from=configmap/NAME|secret/NAME: one variable per key.  kubectl walks a Go
    map, so its order differs run to run; kubelab sorts the keys."""
    env = []
    for rt, src in find_objects(ctx, [opts["from"]], {"all": opts["all"], "selector": opts["selector"]}):
        if rt.kind not in ("ConfigMap", "Secret"):
            raise CommandError("error: unsupported resource specified in --from")
        ref = "configMapKeyRef" if rt.kind == "ConfigMap" else "secretKeyRef"
        for key in sorted(src.get("data") or {}):
            if not opts["keys"] or key in opts["keys"]:
                name = re.sub(r"[^a-zA-Z0-9_]", "_", key).upper()
                env.append({"name": name, "valueFrom": {ref: {"key": key, "name": src["metadata"]["name"]}}})
    return env


_RESOURCES_REQUIRED = ("error: You must provide one or more resources by argument or filename.\nExample resource "
                       "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   "
                       "'<resource> <name>'\n   '<resource>'")


def _local_needs_files(opts: dict, resources: list[str]) -> None:
    """ResourceBuilderFlags.ToBuilder (set image, resources, selector): --local reads files only."""
    if opts["local"] and not opts["filename"] and resources:
        raise CommandError("error: you must specify resources by --filename when --local is set.\nExample resource "
                           "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'")


def _targets(ctx: Ctx, resources: list[str], opts: dict) -> list[tuple[object, Obj]]:
    if opts["filename"] or opts.get("kustomize"):
        from .apply import objects_from_files
        return [(ctx.api.resource(o["kind"], o.get("apiVersion")), o)
                for o in objects_from_files(ctx, opts, hints=False)]
    if opts["local"]:         # the builder has no files and, --local, asks the server nothing
        raise CommandError(_RESOURCES_REQUIRED)
    return find_objects(ctx, resources, opts)


def object_name(rt, obj: Obj, local: bool) -> str:
    """resource.Info.ObjectName: ``<resource>/<name>`` from the server's mapping; with
    ``--local`` there is no mapping and it is the lowercased kind (``configmap/cfg``)."""
    name = obj["metadata"]["name"]
    if not local:
        return f"{rt.plural}/{name}"
    return f"{rt.kind.lower()}/{name}" if not rt.group else f"{rt.kind.lower()}.{rt.group}/{name}\n"


def not_a_pod_template(rt, obj: Obj, local: bool) -> str:
    """UpdatePodSpecForObject's refusal (%T of the object), as set image/env/resources report it."""
    return (f"error: {object_name(rt, obj, local)} the object is not a pod or does not have a pod template: "
            f"*{rt.version}.{rt.kind}")


def _containers(spec: Obj, selector: str) -> list[Obj]:
    """selectContainers (path.Match on the name), containers before init containers."""
    return [c for key in ("containers", "initContainers") for c in spec.get(key) or []
            if fnmatch.fnmatchcase(c.get("name", ""), selector)]


def _send(ctx: Ctx, obj: Obj, dry: str, local: bool, what: str) -> Obj:
    if local or dry == "client":
        return obj
    try:
        return ctx.api.update(obj, external=True, dry_run=dry == "server")
    except ApiError as err:
        raise CommandError(f"error: failed to patch {what} update to pod template"
                           f"{': ' if what == 'env' else ' '}{err.message}")


def set_env(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    if opts["all"] and opts["selector"]:
        raise CommandError("error: cannot set --all and --selector at the same time")
    resources, env_args = split_env(args)
    dry = _dry_run(opts)
    if opts["local"] and dry == "server":
        raise CommandError("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    if not opts["filename"] and not resources:
        raise CommandError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if opts["list"] and fmt:
        raise CommandError("error: --list and --output may not be specified together")
    if opts["keys"] and not opts["from"]:
        raise CommandError("error: when specifying --keys, a configmap or secret must be provided with --from")
    env, remove = parse_env(opts["env"] + env_args)
    if opts["from"]:
        env += _env_from(ctx, opts)
    for e in env:
        e["name"] = opts["prefix"] + e["name"]
    errors = []
    for rt, obj in _targets(ctx, resources, opts):
        new = clone(obj)
        spec = pod_spec_of(new)
        name = to_name(obj)
        if spec is None:
            errors.append(not_a_pod_template(rt, obj, bool(opts["local"])))
            continue
        containers = _containers(spec, opts["containers"])
        if not containers:
            ctx.eprint(f'Warning: {rt.kind}/{obj["metadata"]["name"]} does not have any containers matching '
                       f'"{opts["containers"]}"')
            continue
        for c in containers:
            if not opts["overwrite"]:
                for e in env:
                    cur = next((x for x in c.get("env") or [] if x.get("name") == e["name"]), None)
                    if cur is not None and cur.get("value", "") != e.get("value", ""):
                        raise CommandError(f"error: {name}\n '{e['name']}' already has a value "
                                           f"({cur.get('value', '')}), and --overwrite is false")
            c["env"] = update_env(c.get("env") or [], env, remove)
            if not c["env"]:
                del c["env"]               # an empty list is omitted (omitempty)
            if opts["list"]:
                ctx.print(f"# {rt.kind} {obj['metadata']['name']}, container {c.get('name', '')}")
                for e in c.get("env") or []:
                    if "valueFrom" in e:
                        ctx.print(f"# {e['name']} from {_ref_string(e['valueFrom'])}")
                    else:
                        ctx.print(f"{e['name']}={e.get('value', '')}")
        if opts["list"] or new == obj:
            continue                       # no change: no patch, nothing printed
        result = _send(ctx, new, dry, opts["local"], "env")
        if not env and not env_args and not opts["local"] and dry != "client":
            raise CommandError("error: at least one environment variable must be provided")
        _print_result(ctx, result, fmt, "env updated" + _SUFFIX.get(dry, ""))
    if errors:
        raise CommandError("\n".join(errors))


def parse_resource_list(spec: str) -> dict[str, str]:
    """populateResourceListV1, shared with ``create quota`` (kubelab.kubectl.generators)."""
    try:
        return generators.parse_resource_list(spec)
    except generators.GeneratorError as err:
        raise CommandError(err.message)


def set_resources(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry_run(opts)
    _local_needs_files(opts, args)
    if opts["local"] and dry == "server":
        raise CommandError("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    if opts["all"] and opts["selector"]:
        raise CommandError("error: cannot set --all and --selector at the same time")
    if not opts["limits"] and not opts["requests"]:
        raise CommandError("error: you must specify an update to requests or limits (in the form of --requests/--limits)")
    limits = parse_resource_list(opts["limits"]) if opts["limits"] else {}
    requests = parse_resource_list(opts["requests"]) if opts["requests"] else {}
    if not opts["filename"] and not args and not opts["local"]:
        raise CommandError("error: You must provide one or more resources by argument or filename.\nExample resource "
                           "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   "
                           "'<resource> <name>'\n   '<resource>'")
    _local_needs_files(opts, args)
    errors = []
    for rt, obj in _targets(ctx, args, opts):
        new = clone(obj)
        spec = pod_spec_of(new)
        if spec is None:
            errors.append(not_a_pod_template(rt, obj, bool(opts["local"])))
            continue
        containers = _containers(spec, opts["containers"])
        if not containers:
            errors.append(f"error: unable to find container named {opts['containers']}")
            continue
        for c in containers:
            res = c.setdefault("resources", {})
            if limits:
                res.setdefault("limits", {}).update(limits)
            if requests:
                res.setdefault("requests", {}).update(requests)
        if new == obj:
            continue
        try:
            result = _send(ctx, new, dry, opts["local"], "resources")
        except CommandError as err:
            errors.append(err.text)
            continue
        _print_result(ctx, result, fmt, "resource requirements updated" + _SUFFIX.get(dry, ""))
    if errors:
        raise CommandError("\n".join(errors))


def _dry_run(opts: dict) -> str:
    from .apply import _dry
    return _dry(opts)


def _print_result(ctx: Ctx, obj: Obj, fmt: str | None, operation: str) -> None:
    if fmt:
        print_objects(ctx, [obj], fmt, single=True, typed=True)
    else:
        ctx.print(to_name(obj, operation))


_POD_TEMPLATE_FLAGS = (
    Flag("all", kind="bool"), Flag("selector", "l"), Flag("filename", "f", "list", []), Flag("kustomize", "k"),
    Flag("recursive", "R", "bool"), Flag("output", "o"), Flag("local", kind="bool"),
    Flag("dry-run", default="none", no_opt="unchanged"), Flag("containers", "c", default="*"),
    Flag("field-manager", default="kubectl-set"), Flag("show-managed-fields", kind="bool"), Flag("template"),
    Flag("allow-missing-template-keys", kind="bool", default=True),
)
register(Command("set env", set_env, _POD_TEMPLATE_FLAGS + (
    Flag("env", "e", "list", []), Flag("from", default=""), Flag("keys", kind="csv", default=[]),
    Flag("prefix", default=""), Flag("list", kind="bool"), Flag("overwrite", kind="bool", default=True),
    Flag("resolve", kind="bool"),
), help_name="set env"))
register(Command("set resources", set_resources, _POD_TEMPLATE_FLAGS + (
    Flag("limits", default=""), Flag("requests", default=""), Flag("record", kind="bool"),
), help_name="set resources"))


# ----------------------------------------------------------- set serviceaccount / selector
# set_serviceaccount.go: the last argument is the ServiceAccount, the pod template's
# serviceAccountName is set (and sent even when unchanged).  set_selector.go: the last
# argument is a selector (metav1.ParseToLabelSelector); only a Service's may be set.



def set_serviceaccount(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry_run(opts)
    if opts["local"] and dry == "server":
        raise CommandError("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    if not args:
        raise CommandError("error: serviceaccount is required")
    account, resources = args[-1], args[:-1]
    if not resources and not opts["filename"]:
        raise CommandError(_RESOURCES_REQUIRED)
    errors = []
    for rt, obj in _targets(ctx, resources, opts):
        new = clone(obj)
        spec = pod_spec_of(new)
        if spec is None:
            errors.append(not_a_pod_template(rt, obj, bool(opts["local"])))
            continue
        spec["serviceAccountName"] = account
        try:
            result = _send(ctx, new, dry, opts["local"], "ServiceAccountName")
        except CommandError as err:
            errors.append(err.text)
            continue
        _print_result(ctx, result, fmt, "serviceaccount updated" + _SUFFIX.get(dry, ""))
    if errors:
        raise CommandError("\n".join(errors))


def parse_to_label_selector(text: str) -> Obj:
    """metav1.ParseToLabelSelector (one home: kubelab.kubectl.generators_access), its
    refusals as set_selector.go prints them."""
    try:
        return generators_access.parse_to_label_selector(text)
    except generators.GeneratorError as err:
        raise CommandError(err.message) from None


def set_selector(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry_run(opts)
    if not args:
        raise CommandError("error: one selector is required")
    selector, resources = parse_to_label_selector(args[-1]), args[:-1]
    if not resources and not opts["filename"]:
        raise CommandError(_RESOURCES_REQUIRED)
    _local_needs_files(opts, resources)
    for rt, obj in _targets(ctx, resources, opts):       # the first error ends the visit
        if selector.get("matchExpressions"):
            shown = " ".join(f"{{{e['key']} {e['operator']} [{' '.join(e.get('values', []))}]}}"
                             for e in selector.get("matchExpressions", []))
            raise CommandError(f"error: match expression [{shown}] not supported on this object")
        if rt.kind != "Service":
            raise CommandError("error: setting a selector is only supported for Services")
        new = clone(obj)
        if selector.get("matchLabels"):
            new["spec"]["selector"] = dict(selector["matchLabels"])
        else:
            new["spec"].pop("selector", None)             # an empty map is omitted (omitempty)
        if opts["resource-version"]:
            new["metadata"]["resourceVersion"] = opts["resource-version"]
        result = new
        if not (opts["local"] or dry == "client"):
            result = ctx.api.update(new, external=True, dry_run=dry == "server")
        _print_result(ctx, result, fmt, "selector updated" + _SUFFIX.get(dry, ""))


register(Command("set serviceaccount", set_serviceaccount, _POD_TEMPLATE_FLAGS + (
    Flag("record", kind="bool"),
), help_name="set serviceaccount"))
register(Command("set sa", set_serviceaccount, _POD_TEMPLATE_FLAGS + (
    Flag("record", kind="bool"),
), help_name="set serviceaccount"))
register(Command("set selector", set_selector, _POD_TEMPLATE_FLAGS + (
    Flag("record", kind="bool"), Flag("resource-version", default=""),
), help_name="set selector"))
