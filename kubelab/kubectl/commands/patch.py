"""kubectl patch (staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go) and the three
patch kinds the apiserver applies (k8s.io/apiserver/pkg/endpoints/handlers/patch.go):

    kubectl patch deployment web -p '{"spec":{"replicas":3}}'
    deployment.apps/web patched
    kubectl patch deployment web -p '{"spec":{"replicas":3}}'
    deployment.apps/web patched (no change)

* strategic (the default): maps merge; lists named in ``api.patch.MERGE_KEYS`` merge
  item by item on their patchMergeKey (a container by ``name``), other lists are
  replaced; ``null`` deletes; ``$patch: delete|replace``, ``$retainKeys``,
  ``$setElementOrder/`` and ``$deleteFromPrimitiveList/`` directives
  (k8s.io/apimachinery/pkg/util/strategicpatch).
* merge (RFC 7386): maps merge, everything else (lists too) is replaced, null deletes.
* json (RFC 6902): a list of add/remove/replace/move/copy/test operations.

The patched object is then an ordinary update: the same validation, the same
immutable fields, no new resourceVersion when nothing changed.  With --local or
--dry-run=client kubectl applies the patch itself and sends nothing.
"""
from __future__ import annotations

import json
import os
from typing import Any

from ...api.errors import ApiError
from ...api.meta import Obj
from ...api.patch import (JSON_PATCH_REJECTED, PatchFailed, json_patch,  # noqa: F401
                         merge_patch, strategic_merge)
from ..cli import Command, CommandError, Ctx, Flag, register
from ..manifests import _JSON_PROBLEMS, _go_char, _in_array, yaml_to_json
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .apply import DRY_RUN, FILE_FLAGS, _dry, _namespace_for, objects_from_files
from .scale import find_objects

PATCH_TYPES = ("json", "merge", "strategic")
SUBRESOURCES = ("status", "scale")
NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n   '<resource>'")


def go_json_error(text: str) -> str:
    """encoding/json's syntax error for ``text`` (``invalid character 'b' looking for
    beginning of object key string``), or '' when it parses."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()):
            return "unexpected end of JSON input"
        context = _JSON_PROBLEMS.get(err.msg, "looking for beginning of value")
        if err.msg == "Expecting ',' delimiter" and _in_array(text, err.pos):
            context = "after array element"
        if err.msg == "Extra data":
            context = "after top-level value"
        return f"invalid character {_go_char(text[err.pos])} {context}"
    return ""


def _json_type(v: Any) -> str:
    return ("array" if isinstance(v, list) else "string" if isinstance(v, str) else "bool"
            if isinstance(v, bool) else "number" if isinstance(v, (int, float)) else "object")


# ------------------------------------------------------------------ decoding
def apply_patch(ptype: str, obj: Obj, text: str, kind: str, *, server: bool) -> Obj:
    """The object ``text`` (JSON) patches ``obj`` into; PatchFailed if it does not apply."""
    err = go_json_error(text)
    value = None if err else json.loads(text)
    if ptype == "json":
        if err or not isinstance(value, list):
            why = err or f"json: cannot unmarshal {_json_type(value)} into Go value of type "
            local = why + ("jsonpatch.Patch" if not err else "")
            raise PatchFailed(local, ApiError(400, "BadRequest", "error decoding patch: " + why +
                                              ("[]handlers.jsonPatchOp" if not err else "")))
        if not all(isinstance(op, dict) for op in value):
            raise PatchFailed("json: cannot unmarshal into Go value of type jsonpatch.Operation", JSON_PATCH_REJECTED)
        return json_patch(obj, value, server=server)
    if err or not isinstance(value, (dict, type(None))):
        why = err or f"json: cannot unmarshal {_json_type(value)} into Go value of type map[string]interface {{}}"
        prefix = "error decoding patch: " if ptype == "merge" else ""
        local = "invalid JSON document" if ptype == "strategic" else "Invalid JSON Patch"
        raise PatchFailed(local, ApiError(400, "BadRequest", prefix + why))
    value = value or {}
    if ptype == "merge":
        return merge_patch(obj, value)
    return strategic_merge(obj, value, kind)


def patch_json_text(raw: str, shown: str) -> str:
    """yaml.ToJSON: text that starts like JSON passes as it is; YAML is converted."""
    if raw.lstrip()[:1] in ("{", "["):
        return raw
    try:
        # go-yaml marks an error at the end of the text on the line after it: a
        # final newline makes PyYAML count the same ("yaml: line 1: ...").
        value, _ = yaml_to_json(raw if raw.endswith("\n") else raw + "\n")
    except ValueError as err:
        raise CommandError(f"error: unable to parse {json.dumps(shown, ensure_ascii=False)}: {err}")
    return json.dumps(value)


def _server_text(err: ApiError | str) -> str:
    return err if isinstance(err, str) else err.kubectl_text()


# ------------------------------------------------------------------ the command
def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    text, path, local = opts["patch"] or "", opts["patch-file"] or "", opts["local"]
    if text and path:
        raise CommandError("error: cannot specify --patch and --patch-file together")
    if not text and not path:
        raise CommandError("error: must specify --patch or --patch-file containing the contents of the patch")
    if local and args:
        raise CommandError("error: cannot specify --local and server resources")
    if local and dry == "server":
        raise CommandError("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    ptype = (opts["type"] or "strategic").lower()
    if ptype not in PATCH_TYPES:
        raise CommandError(f'error: --type must be one of [json merge strategic], not "{opts["type"]}"')
    sub = opts["subresource"] or ""
    if path:
        full = path if os.path.isabs(path) else os.path.join(ctx.cwd, path)
        if not os.path.isfile(full):
            raise CommandError(f"error: unable to read patch file: open {path}: no such file or directory")
        with open(full, encoding="utf-8") as fh:
            text = fh.read()
    body = patch_json_text(text, opts["patch"] or "")
    if opts["filename"] or opts["kustomize"]:
        targets = [(ctx.api.resource(o["kind"], o.get("apiVersion")), o) for o in objects_from_files(ctx, opts, hints=False)]
    elif local or not args:
        raise CommandError(NO_RESOURCES)
    else:
        targets = find_objects(ctx, args, opts)
    errors: list[str] = []
    for rt, obj in targets:
        try:
            result, changed = _patch_one(ctx, rt, obj, body, ptype, dry, local, sub, bool(opts["filename"]))
        except PatchFailed as err:
            errors.append("error: " + err.text if local or dry == "client" else _server_text(err.server))
            continue
        except ApiError as err:
            errors.append(err.kubectl_text())
            continue
        if fmt:
            print_objects(ctx, [result], fmt, single=True)
        else:
            ctx.print(to_name(result, "patched" if changed else "patched (no change)"))
    if errors:
        raise CommandError("\n".join(errors))
    if not targets:
        raise CommandError("error: no objects passed to patch")


def _patch_one(ctx: Ctx, rt, obj: Obj, body: str, ptype: str, dry: str, local: bool, sub: str,
               from_file: bool) -> tuple[Obj, bool]:
    if local or dry == "client":
        # kubectl patches the object it has (the file's, or the one it just read)
        # itself; the dry-run suffix is lost (patch.go resets the printer operation).
        patched = apply_patch(ptype, obj, body, rt.kind, server=False)
        return patched, patched != obj
    ns = _namespace_for(ctx, obj) if from_file else obj["metadata"].get("namespace")
    name = obj["metadata"]["name"]
    live = ctx.api.get(rt, name, ns) if from_file else obj
    if sub and sub not in SUBRESOURCES:
        raise ApiError(404, "NotFound", "the server could not find the requested resource")
    if sub == "scale":
        raise CommandError("error: kubelab does not simulate patching the scale subresource; "
                           "use kubectl scale")
    patched = apply_patch(ptype, live, body, rt.kind, server=True)
    md = patched.get("metadata") if isinstance(patched, dict) else None
    if not isinstance(md, dict):
        raise ApiError(400, "BadRequest", "Object 'Kind' is missing in the patched object")
    if md.get("name") != name:      # checkName in handlers/rest.go
        raise ApiError(400, "BadRequest", f"the name of the object ({md.get('name')}) does not match the name on the URL ({name})")
    if rt.namespaced and md.get("namespace", ns) != ns:
        raise ApiError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request")
    result = ctx.api.update(patched, ns, external=True, dry_run=dry == "server", status=sub == "status")
    return result, result != obj


register(Command("patch", run, FILE_FLAGS + (
    Flag("patch", "p"), Flag("patch-file"), Flag("type", default="strategic"), DRY_RUN,
    Flag("local", kind="bool"), Flag("output", "o"), Flag("subresource"), Flag("record", kind="bool"),
    Flag("field-manager", default="kubectl-patch"), Flag("show-managed-fields", kind="bool"),
    Flag("template"), Flag("allow-missing-template-keys", kind="bool", default=True),
)))
