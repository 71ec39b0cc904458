"""kubectl apply view-last-applied and apply set-last-applied
(staging/src/k8s.io/kubectl/pkg/cmd/apply/apply_view_last_applied.go,
apply_set_last_applied.go): read, or set without applying, the
``kubectl.kubernetes.io/last-applied-configuration`` annotation that ``kubectl apply``
computes its three-way patch from.

    $ kubectl apply view-last-applied deployment web        # the annotation, as YAML
    $ kubectl apply set-last-applied -f web.yaml            # the annotation := the file
    deployment.apps/web configured

An object without the annotation prints nothing (the view's error is built from a nil
error, so none is returned: kubectl v1.32's behaviour).  set-last-applied checks every
object first (each must exist; one without the annotation needs --create-annotation),
then sends a JSON merge patch of the annotation alone; an annotation that already
matches the file is "no changes required".
"""
from __future__ import annotations

import json

from ...api.errors import ApiError
from ...api.gofmt import go_json
from ...api.meta import Obj, clone
from ...api import selectors
from ..cli import Command, CommandError, Ctx, Flag, register
from ..merge import LAST_APPLIED
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name, to_yaml
from .apply import DRY_RUN, FILE_FLAGS, _dry, _namespace_for, _suffix, objects_from_files
from .scale import find_objects

_NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\nExample resource "
                 "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                 "   '<resource>'")


def go_indent(text: str, step: str = "  ") -> str:
    """encoding/json.Indent: the compact JSON re-laid with two spaces a level, its
    strings (escapes and all) and key order untouched, ``{}`` and ``[]`` kept whole."""
    out: list[str] = []
    depth, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if ch in "{[":
            if i + 1 < n and text[i + 1] in "}]":
                out.append(ch + text[i + 1])
                i += 2
                continue
            depth += 1
            out.append(ch + "\n" + step * depth)
        elif ch in "}]":
            depth -= 1
            out.append("\n" + step * depth + ch)
        elif ch == ",":
            out.append(",\n" + step * depth)
        elif ch == ":":
            out.append(": ")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _annotation(obj: Obj) -> str | None:
    return ((obj.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)


def view(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"] or "yaml"
    if opts["filename"] or opts["kustomize"]:
        found = []
        for obj in objects_from_files(ctx, opts):
            rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
            ns = _namespace_for(ctx, obj) if rt.namespaced else None
            found.append(ctx.api.get(rt, obj["metadata"]["name"], ns))
    elif args:
        found = [obj for _, obj in find_objects(ctx, args, opts)]
    else:
        raise CommandError(_NO_RESOURCES)
    for obj in found:
        text = _annotation(obj)
        if text is None:
            continue
        if fmt not in ("yaml", "json"):          # checked as each annotation prints
            raise CommandError(f"error: Unexpected -o output mode: {fmt}, the flag 'output' must be one of "
                               "yaml|json\nSee 'kubectl apply view-last-applied -h' for help and examples")
        if fmt == "json":
            ctx.out.append(go_indent(text))
        else:                           # yaml.JSONToYAML
            ctx.out.append(to_yaml(json.loads(text)))


def set_(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    if not opts["filename"] and not opts["kustomize"]:
        raise CommandError(_NO_RESOURCES)
    patches: list[tuple[object, Obj, str]] = []
    for obj in objects_from_files(ctx, opts):        # Validate: every object first, the first error ends it
        obj = clone(obj)
        rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
        ns = _namespace_for(ctx, obj) if rt.namespaced else None
        if ns:
            obj["metadata"]["namespace"] = ns
        wanted = go_json(obj) + "\n"                   # editor.GetApplyPatch's beforeJSON (the encoder's newline)
        live = ctx.api.get(rt, obj["metadata"]["name"], ns)
        current = _annotation(live)
        if current is None and not opts["create-annotation"]:
            raise CommandError(f"error: no last-applied-configuration annotation found on resource: "
                               f"{obj['metadata']['name']}, to create the annotation, run the command with "
                               "--create-annotation")
        if current == wanted:                          # byte for byte
            ctx.print(f"set-last-applied {obj['metadata']['name']}: no changes required.")
            continue
        patches.append((rt, live, wanted))
    for rt, live, wanted in patches:
        result = live
        if dry != "client":
            changed = clone(live)
            changed["metadata"].setdefault("annotations", {})[LAST_APPLIED] = wanted
            result = ctx.api.update(changed, live["metadata"].get("namespace"), external=True, dry_run=dry == "server")
        if fmt:
            print_objects(ctx, [result], fmt, single=True)
        else:
            ctx.print(f"{to_name(result)} configured{_suffix(dry)}")


register(Command("apply view-last-applied", view, FILE_FLAGS + (
    Flag("output", "o", default=""), Flag("selector", "l"), Flag("all", kind="bool"),
), help_name="apply view-last-applied"))
register(Command("apply set-last-applied", set_, FILE_FLAGS + (
    Flag("output", "o"), DRY_RUN, Flag("create-annotation", kind="bool"),
), help_name="apply set-last-applied"))
