"""kubectl apply (client-side, with the last-applied-configuration annotation),
kubectl create -f, and the shared reading of -f / -k."""
from __future__ import annotations

import os

from ...api.errors import ApiError
from ...api.meta import Obj, clone
from ...i18n import translate
from ..builder import read_paths
from ..cli import Command, CommandError, Ctx, Flag, register
from ..manifests import ManifestError, duplicate_keys, load_documents, mapping_error
from ..merge import LAST_APPLIED, last_applied_annotation, three_way
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name

FILE_FLAGS = (Flag("filename", "f", "list", []), Flag("kustomize", "k"), Flag("recursive", "R", "bool"))
DRY_RUN = Flag("dry-run", kind="str", default="none", no_opt="unchanged")


def bundled(url: str) -> str | None:
    """Manifests the notes fetch from the internet, served from the kit (no network)."""
    try:
        from ...setup import bundled as b
    except ImportError:
        return None
    return b.manifest_for(url)


def objects_from_files(ctx: Ctx, opts: dict, *, hints: bool = True) -> list[Obj]:
    paths = opts.get("filename") or []
    if opts.get("kustomize"):
        if paths:
            raise CommandError("error: only one of -f or -k can be specified")
        from ..kustomize import KustomizeError, build
        path = opts["kustomize"]
        full = path if os.path.isabs(path) else os.path.join(ctx.cwd, path)
        warnings: list[str] = []
        try:
            built = build(full, warnings=warnings)
        except KustomizeError as err:
            for w in warnings:
                ctx.eprint(w)
            text = err.message if hasattr(err, "message") else str(err)
            raise CommandError(text if text.startswith("error: ") else "error: " + text)
        for w in warnings:
            ctx.eprint(w)
        for doc in built:
            ctx.sources[id(doc)] = ""
        return built
    if not paths:
        raise CommandError("error: must specify one of -f and -k")
    docs: list[Obj] = []
    for source, text in read_paths(paths, ctx.cwd, opts.get("recursive", False)):
        if source == "-":
            text = ctx.stdin or ""
        elif text is None:
            text = bundled(source)
            if text is None:
                raise CommandError(f'error: unable to read URL "{source}", server reported 404 Not Found, status code=404')
        try:
            shown = "STDIN" if source == "-" else source
            found = load_documents(text, shown, check_kinds=False)
            for doc in found:
                _client_validate(doc, shown)
                problem = mapping_error(doc, shown)
                if problem:
                    raise ManifestError(problem)
        except ManifestError as err:
            for obj in err.documents:
                docs.append(obj)
            raise CommandError(err.message)
        if hints:
            dups = duplicate_keys(text)
            if dups:
                first = dups[0]
                ctx.eprint(translate(f'kubelab hint: in {source}, key "{first.key}" on line {first.line} repeats line '
                                     f'{first.first_line}; YAML keeps only the last value, so objects written one '
                                     f'after another without "---" between them collapse into one.'))
        for doc in found:
            ctx.sources[id(doc)] = shown
        docs.extend(found)
    return docs


def source_of(ctx: Ctx, obj: Obj) -> str:
    """The file ``obj`` was read from by this command's objects_from_files ("" if none)."""
    return ctx.sources.get(id(obj), "")


def with_source(err: ApiError, verb: str, source: str) -> ApiError:
    """cmdutil.AddSourceToErr: the message gains ``error when VERB "SOURCE": ``."""
    if not source:
        return err
    return ApiError(err.code, err.reason, f'error when {verb} "{source}": {err.message}', err.details)


def print_errors(ctx: Ctx, errs: list[ApiError]) -> None:
    """cmdutil.CheckErr: one error prints as itself (an Invalid one from its
    causes); several print one standard line each."""
    if len(errs) == 1:
        ctx.eprint(errs[0].kubectl_text())
        return
    for err in errs:
        reason = err.reason if err.reason not in ("", "Unknown") else ""
        ctx.eprint(f"Error from server ({reason}): {err.message}" if reason else f"Error from server: {err.message}")


def _client_validate(doc: Obj, source: str) -> None:
    """kubectl's own first look before it sends anything (--validate=strict)."""
    api_version = doc.get("apiVersion")
    problem = None
    if api_version is None or api_version == "":
        problem = "apiVersion not set"
    elif not isinstance(api_version, str):
        problem = "apiVersion isn't string type"
    kind = doc.get("kind")
    if problem is None and not isinstance(kind, str):
        problem = "kind isn't string type"
    if problem:
        raise ManifestError(f'error: error validating "{source}": error validating data: {problem}; if you choose '
                            f'to ignore these errors, turn validation off with --validate=false')


def _namespace_for(ctx: Ctx, obj: Obj) -> str | None:
    rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
    if not rt.namespaced:
        return None
    ns = obj["metadata"].get("namespace") if isinstance(obj.get("metadata"), dict) else None
    if not isinstance(ns, str):
        ns = None
    if ns and ctx.namespace_given and ns != ctx.namespace:
        raise CommandError(f"error: the namespace from the provided object \"{ns}\" does not match the namespace "
                           f"\"{ctx.namespace}\". You must pass '--namespace={ns}' to perform this operation.")
    return ns or ctx.namespace


def _dry(opts: dict) -> str:
    value = opts.get("dry-run") or "none"
    if value not in ("none", "client", "server", "unchanged"):
        raise CommandError(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".')
    return "client" if value == "unchanged" else value


def _suffix(dry: str) -> str:
    return {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")


def run_apply(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    objs = objects_from_files(ctx, opts)
    errs: list[ApiError] = []
    printed: list[Obj] = []
    for obj in objs:
        try:
            result, verb = apply_one(ctx, obj, dry)
        except ApiError as err:
            exists = isinstance(obj.get("metadata"), dict) and _exists(ctx, obj)
            errs.append(with_source(err, "patching" if exists else "creating", source_of(ctx, obj)))
            continue
        if fmt:
            printed.append(result)
        else:
            ctx.print(f"{to_name(result)} {verb}{_suffix(dry)}")
    if printed:
        print_objects(ctx, printed, fmt, single=len(printed) == 1)
    if errs:
        print_errors(ctx, errs)
        raise CommandError("", 1)


def _exists(ctx: Ctx, obj: Obj) -> bool:
    try:
        rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
        name = obj["metadata"].get("name")
        return isinstance(name, str) and ctx.api.peek(rt, name, _namespace_for(ctx, obj)) is not None
    except (ApiError, CommandError, KeyError, TypeError):
        return False


def apply_one(ctx: Ctx, obj: Obj, dry: str) -> tuple[Obj, str]:
    obj = clone(obj)
    if not isinstance(obj.get("metadata"), dict):
        obj["metadata"] = {}
    ns = _namespace_for(ctx, obj)
    rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
    name = obj["metadata"].get("name")
    if not isinstance(name, str):
        name = ""          # kubectl reads objects as unstructured: a non-string name reads as empty
    if not name:
        raise CommandError("error: error when retrieving current configuration of:\nResource: \"%s\", GroupVersionKind: \"%s\"\nName: \"\", Namespace: \"%s\"\nfrom server for: \"-\": resource name may not be empty"
                           % (rt.group_resource if rt.group else rt.plural, f"{rt.api_version}, Kind={rt.kind}".replace("v1, ", "/v1, ") if not rt.group else f"{rt.group}/{rt.version}, Kind={rt.kind}", ns or ""))
    annotation = last_applied_annotation(obj)
    live = ctx.api.try_get(rt, name, ns)
    if live is None:
        new = clone(obj)
        new["metadata"].setdefault("annotations", {})[LAST_APPLIED] = annotation
        created = ctx.api.create(new, ns, external=True, dry_run=dry != "none")
        return created, "created"
    original = {}
    raw = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
    if raw:
        import json
        original = json.loads(raw)
    modified = clone(obj)
    modified["metadata"].setdefault("annotations", {})[LAST_APPLIED] = annotation
    merged = three_way(original, modified, live, rt.kind)
    merged["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"]
    updated = ctx.api.update(merged, ns, external=True, dry_run=dry != "none")
    if updated["metadata"].get("resourceVersion") == live["metadata"]["resourceVersion"] and dry == "none":
        return updated, "unchanged"
    if dry != "none" and _same(updated, live):
        return updated, "unchanged"
    return updated, "configured"


def _same(a: Obj, b: Obj) -> bool:
    strip = lambda o: {k: v for k, v in o.items() if k != "status"} | {"metadata": {k: v for k, v in o["metadata"].items() if k not in ("resourceVersion", "generation")}}
    return strip(a) == strip(b)


def run_create(ctx: Ctx, args: list[str], opts: dict) -> None:
    if args:
        raise CommandError(f'Error: unknown command "{args[0]}" for "kubectl create"\nRun \'kubectl create --help\' for usage.')
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    try:
        objs = objects_from_files(ctx, opts)
    except CommandError:
        raise
    errs: list[ApiError] = []
    printed = []
    for obj in objs:
        try:
            ns = _namespace_for(ctx, obj)
            created = ctx.api.create(obj, ns, external=True, dry_run=dry != "none")
        except ApiError as err:
            errs.append(with_source(err, "creating", source_of(ctx, obj)))
            continue
        if fmt:
            printed.append(created)
        else:
            ctx.print(f"{to_name(created)} created{_suffix(dry)}")
    if printed:
        print_objects(ctx, printed, fmt, single=len(printed) == 1)
    if errs:
        print_errors(ctx, errs)
        raise CommandError("", 1)


def _src(opts: dict) -> str:
    paths = opts.get("filename") or []
    return paths[0] if paths else ""


APPLY_FLAGS = FILE_FLAGS + (Flag("output", "o"), DRY_RUN, Flag("server-side", kind="bool"), Flag("force", kind="bool"),
                            Flag("prune", kind="bool"), Flag("selector", "l"), Flag("validate", default="strict", no_opt="strict"),
                            Flag("overwrite", kind="bool", default=True), Flag("field-manager", default="kubectl-client-side-apply"),
                            Flag("wait", kind="bool"), Flag("record", kind="bool"), Flag("grace-period", kind="int", default=-1))
register(Command("apply", run_apply, APPLY_FLAGS))
