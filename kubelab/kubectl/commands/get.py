"""kubectl get."""
from __future__ import annotations

from ...api import selectors
from ...api.errors import ApiError
from ...api.meta import Obj
from ..builder import parse_targets
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import check_format, print_objects
from ..printers import PrintContext, no_resources_found, print_table, row_memo
from ..sorting import Unsortable, sort_objects

FLAGS = (
    Flag("output", "o"), Flag("selector", "l"), Flag("all-namespaces", "A", "bool"),
    Flag("show-labels", kind="bool"), Flag("no-headers", kind="bool"), Flag("label-columns", "L", "csv", []),
    Flag("watch", "w", "bool"), Flag("watch-only", kind="bool"), Flag("filename", "f", "list", []),
    Flag("kustomize", "k"), Flag("recursive", "R", "bool"), Flag("sort-by"), Flag("field-selector"),
    Flag("show-kind", kind="bool"), Flag("ignore-not-found", kind="bool"), Flag("chunk-size", kind="int", default=500),
    Flag("output-watch-events", kind="bool"), Flag("raw"), Flag("subresource"), Flag("show-managed-fields", kind="bool"),
    Flag("request-timeout-seconds", kind="int", default=0),
)


def field_selector(text: str | None):
    """--field-selector: metadata.name, metadata.namespace, status.phase, spec.nodeName (=, ==, !=)."""
    if not text:
        return None
    tests = []
    for part in text.split(","):
        neg = "!=" in part
        key, _, value = part.replace("!=", "=").replace("==", "=").partition("=")
        tests.append((key.strip(), value.strip(), neg))

    def ok(obj: Obj) -> bool:
        for key, value, neg in tests:
            cur = obj
            for p in key.split("."):
                cur = cur.get(p) if isinstance(cur, dict) else None
            have = "" if cur is None else str(cur)
            if (have == value) == neg:
                return False
        return True
    return ok


def node_of(text: str | None) -> str | None:
    """The node a ``spec.nodeName=NODE`` term of --field-selector names (the
    apiserver's pods-by-node index serves it), else None."""
    for part in (text or "").split(","):
        key, op, value = part.replace("==", "=").partition("=")
        if op and key.strip() == "spec.nodeName" and not key.endswith("!"):
            return value.strip()
    return None


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt)
    if opts["filename"] or opts["kustomize"]:
        from .apply import objects_from_files
        objs = objects_from_files(ctx, opts)
        found = []
        for o in objs:
            rt = ctx.api.resource(o["kind"], o.get("apiVersion"))
            ns = (o["metadata"].get("namespace") or ctx.namespace) if rt.namespaced else None
            try:
                _add(found, rt, [ctx.api.get(rt, o["metadata"]["name"], ns)])
            except ApiError as err:
                ctx.eprint(err.kubectl_text())
        _print_groups(ctx, found, opts, fmt)
        if sum(len(group) for _, group in found) < len(objs):
            raise CommandError("", 1)
        return
    if not args:
        raise CommandError('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
                           'list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl '
                           'explain <resource>" for a detailed description of that resource (e.g. kubectl explain '
                           'pods).\nSee \'kubectl get -h\' for help and examples')
    targets = parse_targets(args)
    all_ns = opts["all-namespaces"]
    sel = selectors.parse(opts["selector"]) if opts["selector"] else None
    fsel = field_selector(opts["field-selector"])
    by_name = any(t.names for t in targets)
    results: list[tuple] = []           # (kind, its objects), one table each
    failed = False
    for t in targets:
        ns = None if (all_ns or not t.rt.namespaced) else ctx.namespace
        if t.names:
            for name in t.names:
                try:
                    _add(results, t.rt, [ctx.api.get(t.rt, name, ns if t.rt.namespaced else None)])
                except ApiError as err:
                    if not opts["ignore-not-found"]:
                        ctx.eprint(err.kubectl_text())
                        failed = True
        else:
            # Tables only read the objects: no need for copies (the store's own
            # objects are never handed to code that writes).
            table = not fmt or fmt in ("wide", "name")
            node = node_of(opts["field-selector"]) if t.rt.kind == "Pod" else None
            _add(results, t.rt, ctx.api.list(t.rt, ns, selector=sel, field_filter=fsel, copy=not table, node=node))
    if opts["watch"] or opts["watch-only"]:
        from .watch import watch
        watch(ctx, targets, [(rt, o) for rt, group in results for o in group], opts)
        return
    if not results and not failed and not by_name:
        if fmt and fmt != "wide":         # printGeneric: an empty List through the printer
            print_objects(ctx, [], fmt, single=False)
        elif not fmt or fmt == "wide":
            namespaced = any(t.rt.namespaced for t in targets)
            ctx.eprint(no_resources_found(ctx.namespace if namespaced else None, all_ns), end="")
        if failed:
            raise CommandError("", 1)
        return
    _print_groups(ctx, results, opts, fmt, single=(len(targets) == 1 and len(args) >= 1 and by_name
                                                    and sum(len(t.names) for t in targets) == 1),
                  all_ns=all_ns, force_kind=len(targets) > 1 or opts["show-kind"])
    if failed:
        raise CommandError("", 1)


def _add(results: list[tuple], rt, objs: list[Obj]) -> None:
    """Add objects of kind ``rt`` to the (kind, objects) groups: one more group, or
    the last one when it is of the same kind (kubectl prints one table for both)."""
    if not objs:
        return
    if results and results[-1][0] is rt:
        results[-1][1].extend(objs)
    else:
        results.append((rt, objs))


def _print_mixed(ctx: Ctx, results: list[tuple], opts: dict, fmt: str | None, *, single: bool = True,
                 all_ns: bool = False, force_kind: bool = False) -> None:
    """Print (kind, object) pairs: one table per run of one kind."""
    groups: list[tuple] = []
    for rt, obj in results:
        _add(groups, rt, [obj])
    _print_groups(ctx, groups, opts, fmt, single=single, all_ns=all_ns, force_kind=force_kind)


def _print_groups(ctx: Ctx, results: list[tuple], opts: dict, fmt: str | None, *, single: bool = True,
                  all_ns: bool = False, force_kind: bool = False) -> None:
    try:
        _print_sorted(ctx, results, opts, fmt, single=single, all_ns=all_ns, force_kind=force_kind)
    except Unsortable as err:
        # klog.Exitf: a fatal log line on stderr, exit code 1
        stamp = ctx.session.clock.datetime().strftime("F%m%d %H:%M:%S.%f")
        raise CommandError(f"{stamp}    4242 sorter.go:329] {err}") from None


def _print_sorted(ctx: Ctx, results: list[tuple], opts: dict, fmt: str | None, *, single: bool,
                  all_ns: bool, force_kind: bool) -> None:
    objs = [o for _, group in results for o in group] if len(results) != 1 else results[0][1]
    sort_by = opts.get("sort-by")
    if fmt and fmt != "wide":
        if fmt != "name" and not opts.get("show-managed-fields"):    # names only read: the store's own objects may be printed
            for o in objs:
                o["metadata"].pop("managedFields", None)
        if sort_by and not (single and len(objs) == 1):
            objs = sort_objects(objs, sort_by)        # the SortingPrinter sorts the List
        print_objects(ctx, objs, fmt, single=single)
        return
    kinds = results
    if sort_by:                                       # each kind's Table is sorted by itself
        kinds = [(rt, sort_objects(group, sort_by, table=True)) for rt, group in kinds]
    show_kind = force_kind or len(kinds) > 1
    # The rows are of stored objects: their time-free facts are kept per version.
    pctx = PrintContext(now=ctx.session.now, extra={"api": ctx.api}, memo=row_memo(ctx.api))
    parts = []
    for rt, group in kinds:
        text = print_table(group, kind=rt.kind, now=ctx.session.now, wide=(fmt == "wide"),
                           no_headers=opts["no-headers"], with_namespace=all_ns, with_kind=show_kind,
                           show_labels=opts["show-labels"], label_columns=opts["label-columns"] or (), ctx=pctx)
        if text:
            parts.append(text)
    ctx.out.append(("" if opts["no-headers"] else "\n").join(parts))


register(Command("get", run, FLAGS))
