"""kubectl apply (client-side, with the last-applied-configuration annotation),
kubectl create -f, and the shared reading of -f / -k."""
from __future__ import annotations

import os

from ...api.autoscaling import as_version
from ...api import fieldmanager
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


def objects_from_files(ctx: Ctx, opts: dict, *, hints: bool = True, errors: list[str] | None = None) -> list[Obj]:
    """The objects ``-f``/``-k`` name.  With ``errors`` (a list), reading goes on past
    a bad document as kubectl's builder does with ContinueOnError (apply, create,
    delete): a document whose kind the server does not serve or that does not decode
    is skipped; a validation or YAML error ends its file (the documents before it
    stay); each error's text, without its ``error: ``, goes to ``errors``.  Without
    it, the first error ends the command."""
    paths = opts.get("filename") or []
    if opts.get("kustomize"):
        if paths:
            raise CommandError("error: only one of -f or -k can be specified")
        return _kustomized(ctx, opts["kustomize"])
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
        shown = "STDIN" if source == "-" else source
        try:
            found = _read_stream(text, shown, errors)
        except ManifestError as err:
            if errors is None:
                raise CommandError(err.message)
            found = err.documents
            errors.append(_bare(err.message))
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


def _read_stream(text: str, shown: str, errors: list[str] | None) -> list[Obj]:
    """One file's documents in order (StreamVisitor): validation, then the mapping."""
    found: list[Obj] = []
    for doc in load_documents(text, shown, check_kinds=False, keep_errors=errors is not None):
        if isinstance(doc, ManifestError):
            errors.append(_bare(doc.message))
            continue
        try:
            _client_validate(doc, shown)
        except ManifestError as err:
            err.documents = found
            raise
        problem = mapping_error(doc, shown)
        if problem and errors is None:
            raise ManifestError(problem)
        if problem:
            errors.append(_bare(problem))
            continue
        found.append(doc)
    return found


def _bare(message: str) -> str:
    return message[len("error: "):] if message.startswith("error: ") else message


def _kustomized(ctx: Ctx, path: str) -> list[Obj]:
    from ..kustomize import KustomizeError, build
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


def source_of(ctx: Ctx, obj: Obj) -> str:
    """The file ``obj`` was read from by this command's objects_from_files ("" if none)."""
    return ctx.sources.get(id(obj), "")


def with_source(err: ApiError, verb: str, source: str) -> ApiError:
    """cmdutil.AddSourceToErr: the message gains ``error when VERB "SOURCE": ``."""
    if not source:
        return err
    return ApiError(err.code, err.reason, f'error when {verb} "{source}": {err.message}', err.details)


def print_errors(ctx: Ctx, errs: list, read: list[str] = (), *, read_first: bool = True) -> None:
    """cmdutil.CheckErr over what the command returns: the builder's reading errors
    (reduced to one error, an aggregate when several) before (apply's GetObjects) or
    after (create's and delete's visitor) the server's errors.  One error prints as
    itself (an Invalid one from its causes, a plain one after ``error: ``); several
    print one standard line each (MultipleErrors), plain ones bare.  ``errs`` holds
    ApiErrors and plain messages (str, without ``error: ``)."""
    items: list = [[e] if isinstance(e, str) else e for e in errs]
    if read:
        items.insert(0 if read_first else len(items), list(read))
    if len(items) == 1:
        only = items[0]
        if isinstance(only, ApiError):
            ctx.eprint(only.kubectl_text())
        elif len(only) == 1:
            ctx.eprint("error: " + only[0])
        else:
            for text in only:
                ctx.eprint(text)
        return
    for err in items:
        if isinstance(err, ApiError):
            reason = err.reason if err.reason not in ("", "Unknown") else ""
            ctx.eprint(f"Error from server ({reason}): {err.message}" if reason else f"Error from server: {err.message}")
        else:           # an aggregate's Error(): its messages, once each, "[a, b]" when several
            seen = list(dict.fromkeys(err))
            ctx.eprint(seen[0] if len(seen) == 1 else "[" + ", ".join(seen) + "]")


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
    if args[:1] == ["edit-last-applied"]:          # opens an editor: not in a notebook
        raise CommandError('error: the simulated kubectl does not support "apply edit-last-applied" in this form yet')
    if args:
        raise unexpected_args(args, "apply")
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    server_side = bool(opts["server-side"])
    if opts["force-conflicts"] and not server_side:
        raise CommandError("error: --force-conflicts only works with --server-side")
    if server_side and dry == "client":
        raise CommandError("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    read: list[str] = []
    objs = objects_from_files(ctx, opts, errors=read)
    if not objs and not read:
        raise CommandError("error: no objects passed to apply")
    errs: list = []
    printed: list[Obj] = []
    for obj in objs:        # apply.go Run: every object is tried; the errors come at the end
        try:
            result, verb = server_side_apply(ctx, obj, dry, opts) if server_side else apply_one(ctx, obj, dry)
        except _SSAConflict as err:
            errs.append(err.text)
            continue
        except ApiError as err:
            exists = isinstance(obj.get("metadata"), dict) and _exists(ctx, obj)
            errs.append(with_source(err, "patching" if exists else "creating", source_of(ctx, obj)))
            continue
        except CommandError as err:
            errs.append(_bare(err.text))
            continue
        if fmt and fmt != "name":
            printed.append(result)
        elif fmt:           # shouldPrintObject: -o name prints as it goes, like the default
            ctx.print(to_name(result))
        else:
            ctx.print(f"{to_name(result)} {verb}{_suffix(dry)}")
    if errs or read:        # the objects (-o) print in the post-processor, which an error skips
        print_errors(ctx, errs, read, read_first=True)
        raise CommandError("", 1)
    if printed:
        print_objects(ctx, printed, fmt, single=len(printed) == 1)


#: apply.go's fieldManagerConflictErr, after the apiserver's conflict message.
CONFLICT_HELP = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""


class _SSAConflict(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def server_side_apply(ctx: Ctx, obj: Obj, dry: str, opts: dict) -> tuple[Obj, str]:
    """``apply --server-side``: the object sent as an apply patch, the apiserver's
    field manager deciding (kubelab.api.fieldmanager, as for the served API), by
    the manager ``kubectl`` unless --field-manager names another; a conflict comes
    back with apply.go's advice after it."""
    obj = clone(obj)
    if not isinstance(obj.get("metadata"), dict):
        obj["metadata"] = {}
    rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
    ns = _namespace_for(ctx, obj) if rt.namespaced else None
    if ns:
        obj["metadata"]["namespace"] = ns
    manager = opts["field-manager"] or "kubectl"       # GetApplyFieldManagerFlag: "kubectl" for --server-side
    stored = ctx.api.try_get(rt, obj["metadata"].get("name", ""), ns)
    try:
        result = fieldmanager.apply(stored, obj, rt.kind, manager, bool(opts["force-conflicts"]),
                                    rt.api_version, ctx.api.clock.timestamp())
        write = ctx.api.create if stored is None else ctx.api.update
        written = write(result, ns, external=True, dry_run=dry != "none")
    except ApiError as err:
        if err.code == 409 and err.message.startswith("Apply failed with"):
            raise _SSAConflict(f"{err.message}\n{CONFLICT_HELP}") from None
        raise
    return as_version(written, obj.get("apiVersion")), "serverside-applied"


def _exists(ctx: Ctx, obj: Obj) -> bool:
    try:
        rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
        name = obj["metadata"].get("name")
        return isinstance(name, str) and ctx.api.peek(rt, name, _namespace_for(ctx, obj)) is not None
    except (ApiError, CommandError, KeyError, TypeError):
        return False


def apply_one(ctx: Ctx, obj: Obj, dry: str) -> tuple[Obj, str]:
    source = source_of(ctx, obj)
    obj = clone(obj)
    if not isinstance(obj.get("metadata"), dict):
        obj["metadata"] = {}
    ns = _namespace_for(ctx, obj)
    rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
    name = obj["metadata"].get("name")
    if not isinstance(name, str):
        name = ""          # kubectl reads objects as unstructured: a non-string name reads as empty
    if not name:
        gv = f"{rt.group}/{rt.version}"           # schema.GroupVersion: "/v1" for the core group
        raise CommandError(f'error: error when retrieving current configuration of:\nResource: "{gv}, Resource={rt.plural}", '
                           f'GroupVersionKind: "{gv}, Kind={rt.kind}"\nName: "", Namespace: "{ns or ""}"\n'
                           f'from server for: "{source or "STDIN"}": resource name may not be empty')
    if ns and not isinstance(obj["metadata"].get("namespace"), str):
        obj["metadata"]["namespace"] = ns       # the builder's SetNamespace, before the annotation is made
    annotation = last_applied_annotation(obj)
    live = ctx.api.try_get(rt, name, ns)
    if live is None:
        new = clone(obj)
        new["metadata"].setdefault("annotations", {})[LAST_APPLIED] = annotation
        created = ctx.api.create(new, ns, external=True, dry_run=dry != "none")
        return as_version(created, obj.get("apiVersion")), "created"
    original = {}
    raw = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
    if raw:
        import json
        original = json.loads(raw)
    modified = clone(obj)
    modified["metadata"].setdefault("annotations", {})[LAST_APPLIED] = annotation
    # kubectl reads the live object in the manifest's version (a v1 HPA: the v1 view of the stored v2)
    view = as_version(live, obj.get("apiVersion"))
    merged = three_way(original, modified, view, rt.kind)
    if merged == view:          # an empty patch: kubectl sends nothing
        return view, "unchanged"
    merged["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"]
    updated = ctx.api.update(merged, ns, external=True, dry_run=dry != "none")
    # apply.go: "unchanged" only for an empty patch; one the server made nothing of
    # (stringData it folds into the same data) is still "configured".
    return as_version(updated, obj.get("apiVersion")), "configured"


def unexpected_args(args: list[str], command: str) -> CommandError:
    """cmdutil.UsageErrorf of a command that takes no arguments (create, apply)."""
    return CommandError(f"error: Unexpected args: [{' '.join(args)}]\nSee 'kubectl {command} -h' for help and examples")


def run_create(ctx: Ctx, args: list[str], opts: dict) -> None:
    if args:
        raise unexpected_args(args, "create")
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    read: list[str] = []
    objs = objects_from_files(ctx, opts, errors=read)
    errs: list = []
    printed = []
    for obj in objs:        # create.go: the visitor goes on after an error (ContinueOnError)
        try:
            ns = _namespace_for(ctx, obj)
            created = as_version(ctx.api.create(obj, ns, external=True, dry_run=dry != "none"), obj.get("apiVersion"))
        except ApiError as err:
            errs.append(with_source(err, "creating", source_of(ctx, obj)))
            continue
        except CommandError as err:
            errs.append(_bare(err.text))
            continue
        if fmt:
            printed.append(created)
        else:
            ctx.print(f"{to_name(created)} created{_suffix(dry)}")
    if printed:
        print_objects(ctx, printed, fmt, single=len(printed) == 1)
    if errs or read:        # the builder's reading errors come after the visitor's own
        print_errors(ctx, errs, read, read_first=False)
        raise CommandError("", 1)
    if not objs:
        raise CommandError("error: no objects passed to create")


def _src(opts: dict) -> str:
    paths = opts.get("filename") or []
    return paths[0] if paths else ""


APPLY_FLAGS = FILE_FLAGS + (Flag("output", "o"), DRY_RUN, Flag("server-side", kind="bool"), Flag("force", kind="bool"),
                            Flag("prune", kind="bool"), Flag("selector", "l"), Flag("validate", default="strict", no_opt="strict"),
                            Flag("overwrite", kind="bool", default=True), Flag("field-manager", default=""),
                            Flag("wait", kind="bool"), Flag("record", kind="bool"), Flag("grace-period", kind="int", default=-1))
register(Command("apply", run_apply, APPLY_FLAGS + (Flag("force-conflicts", kind="bool"),)))
