"""kubectl label and kubectl annotate (staging/src/k8s.io/kubectl/pkg/cmd/label/
label.go, annotate/annotate.go).

    kubectl label pod $POD_NAME app=v1
    error: 'app' already has a value (kubernetes-bootcamp), and --overwrite is false

Labels are what selectors see: relabel a pod a ReplicaSet owns and the
ReplicaSet lets it go (its ownerReference is removed) and makes a replacement.
"""
from __future__ import annotations

import json
import re

from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .scale import find_objects

_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


def split_pairs(args: list[str], pair_type: str) -> tuple[list[str], list[str]]:
    """GetResourcesAndPairs: ``key=value`` and ``key-`` come after the resources."""
    resources, pairs, found = [], [], False
    for s in args:
        non_resource = ("=" in s and not s.startswith("=")) or (s.endswith("-") and s != "-")
        if non_resource:
            found = True
            pairs.append(s)
        elif found:
            raise CommandError(f"error: all resources must be specified before {pair_type} changes: {s}")
        else:
            resources.append(s)
    return resources, pairs


def parse_labels(specs: list[str]) -> tuple[dict[str, str], list[str]]:
    labels, remove = {}, []
    for spec in specs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise CommandError(f"error: invalid label spec: {spec}")
            if len(parts[1]) > 63 or not _LABEL_VALUE.match(parts[1]):
                raise CommandError(f'error: invalid label value: "{spec}": a valid label must be an empty string or '
                                   "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                   "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                                   "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
            labels[parts[0]] = parts[1]
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise CommandError(f"error: unknown label spec: {spec}")
    if any(k in labels for k in remove):
        raise CommandError("error: can not both modify and remove a label in the same command")
    return labels, remove


def parse_annotations(specs: list[str]) -> tuple[dict[str, str], list[str]]:
    annotations, remove = {}, []
    for spec in specs:
        if "=" in spec:
            key, _, value = spec.partition("=")
            if not key:
                raise CommandError(f"error: invalid annotation format: {spec}")
            annotations[key] = value
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise CommandError(f"error: invalid annotation format: {spec}")
    both = [k for k in remove if k in annotations]
    if both:
        raise CommandError("error: can not both modify and remove the following annotation(s) in the same command: "
                           + ", ".join(both))
    return annotations, remove


def _run(ctx: Ctx, args: list[str], opts: dict, field: str) -> None:
    word = "label" if field == "labels" else "annotation"
    check_format(opts["output"], GENERIC_FORMATS)
    if opts["list"] and opts["output"]:
        raise CommandError("error: --list and --output may not be specified together")
    if opts["all"] and opts["selector"]:
        raise CommandError("error: cannot set --all and --selector at the same time")
    resources, pairs = split_pairs(args, word)
    if not resources and not opts["filename"]:
        raise CommandError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not pairs and not opts["list"]:
        raise CommandError(f"error: at least one {word} update is required")
    new, remove = parse_labels(pairs) if field == "labels" else parse_annotations(pairs)
    found = find_objects(ctx, resources, opts)
    dry = opts["dry-run"] or "none"
    clashed: list[str] = []           # label.go's visitor goes on past a refused object
    for rt, obj in found:
        before = obj["metadata"].get(field)
        current = dict(before or {})
        if field == "labels" and dry == "none":
            for key in remove:
                if key not in current:
                    ctx.print(f'label "{key}" not found.')
        if not opts["overwrite"]:
            clashes = [(k, current[k]) for k, v in new.items()
                       if k in current and current[k] != v and k != "kubernetes.io/change-cause"]
            if clashes and field == "labels":
                clashed += [f"'{k}' already has a value ({v}), and --overwrite is false" for k, v in clashes]
                continue
            if clashes:
                clashed.append("--overwrite is false but found the following declared annotation(s): "
                               + "; ".join(f"'{k}' already has a value ({v})" for k, v in clashes))
                continue
        if opts["resource-version"] and opts["resource-version"] != obj["metadata"]["resourceVersion"]:
            raise CommandError(f'Error from server (Conflict): Operation cannot be fulfilled on {rt.plural}'
                               f'{"." + rt.group if rt.group else ""} "{obj["metadata"]["name"]}": the object has been '
                               "modified; please apply your changes to the latest version and try again")
        added = {k for k, v in new.items() if current.get(k) != v}
        removed = {k for k in remove if k in current}
        current.update(new)
        for k in remove:
            current.pop(k, None)
        if added or removed:
            if current:
                obj["metadata"][field] = current
            else:
                obj["metadata"].pop(field, None)
            if dry != "client":
                obj = ctx.api.update(obj, external=True, dry_run=(dry == "server"))
        if opts["list"]:
            if len(found) > 1:
                ctx.print(f"Listing {word}s for {rt.kind}.{rt.group}/{obj['metadata']['name']}:")
            for k, v in (obj["metadata"].get(field) or {}).items():
                ctx.print(f"{' ' if len(found) > 1 else ''}{k}={v}")
            continue
        if opts["output"]:
            print_objects(ctx, [obj], opts["output"], single=True)
            continue
        if field == "labels":
            msg = change_message(before, current, opts["overwrite"])
        else:
            msg = "annotated"
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")
        ctx.print(to_name(obj, msg + suffix))
    if clashed:                       # cmdutil.CheckErr: one error gets "error: ", several a line each
        raise CommandError(f"error: {clashed[0]}" if len(clashed) == 1 else "\n".join(clashed))


def label(ctx: Ctx, args: list[str], opts: dict) -> None:
    _run(ctx, args, opts, "labels")


def annotate(ctx: Ctx, args: list[str], opts: dict) -> None:
    _run(ctx, args, opts, "annotations")


_FLAGS = (Flag("overwrite", kind="bool"), Flag("all", kind="bool"), Flag("all-namespaces", "A", "bool"),
          Flag("selector", "l"), Flag("field-selector"), Flag("list", kind="bool"), Flag("local", kind="bool"),
          Flag("resource-version", default=""), Flag("filename", "f", "list", []), Flag("output", "o"),
          Flag("dry-run", default="none", no_opt="unchanged"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"))
register(Command("label", label, _FLAGS + (Flag("field-manager", default="kubectl-label"),)))
register(Command("annotate", annotate, _FLAGS + (Flag("field-manager", default="kubectl-annotate"),)))


def change_message(before: dict | None, after: dict, overwrite: bool) -> str:
    """label.go updateDataChangeMsg: kubectl compares the object's JSON before and
    after (its labels set, ``{}`` when none are left): unchanged is "not labeled",
    changed "labeled" — "unlabeled" only without ``--overwrite`` when the JSON got
    shorter.

    >>> change_message({"app": "web"}, {"app": "debug", "x": "1"}, False), change_message({"app": "web"}, {}, False)
    ('labeled', 'unlabeled')
    >>> change_message({"app": "web", "tier": "a"}, {"app": "web"}, True), change_message(None, {}, False)
    ('labeled', 'labeled')
    """
    def size(labels: dict) -> int:
        return len(json.dumps(labels, sort_keys=True, separators=(",", ":")))
    if before is not None and size(before) == size(after) and before == after:
        return "not labeled"
    if not overwrite and before is not None and size(after) < size(before):
        return "unlabeled"
    return "labeled"
