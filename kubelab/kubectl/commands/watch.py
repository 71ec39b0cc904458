"""``kubectl get -w`` over simulated time, and the watch helper that ``rollout
status`` and ``wait`` share.

A real ``kubectl get pods -w`` prints the table, then one line per change, and
runs until interrupted (Ctrl-C).  A notebook cell must end, so the kit watches
for a bounded stretch of *simulated* time: ``--request-timeout`` when given
(``-w --request-timeout=30s``, as a real watch also ends when its request times
out), else until the cluster has settled (nothing left in flight), at most
:data:`DEFAULT_WATCH_SECONDS`.  Lines are the rows kubectl prints for each
watch event, without headers (``--output-watch-events`` adds the EVENT column).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from ...api.meta import Obj
from ..cli import Ctx
from ..printers import PrintContext, print_table, row_memo

#: The longest a `get -w` runs without --request-timeout, in simulated seconds.
DEFAULT_WATCH_SECONDS = 60.0


@contextmanager
def watching(ctx: Ctx, fn: Callable[[str, Obj, "Obj | None"], None], kind: str | None = None) -> Iterator[None]:
    """Register a store watcher for the duration of a command (a client's watch
    ends with its request)."""
    api = ctx.api
    api.watch(fn, kind)
    try:
        yield
    finally:
        api.unwatch(fn)


def watch(ctx: Ctx, targets, results: list[tuple], opts: dict) -> None:
    from .wait import parse_duration
    kinds = {t.rt.kind: t for t in targets}
    names = {(t.rt.kind, n) for t in targets for n in t.names}
    all_ns = opts.get("all-namespaces")
    show_events = opts.get("output-watch-events")
    pctx = PrintContext(now=ctx.session.now, extra={"api": ctx.api}, memo=row_memo(ctx.api))   # stored objects
    wide = opts.get("output") == "wide"
    first = True

    def row(obj: Obj, etype: str | None, headers: bool) -> str:
        pctx.now = ctx.session.now
        text = print_table([obj], kind=obj["kind"], now=ctx.session.now, wide=wide, no_headers=not headers,
                           with_namespace=bool(all_ns), show_labels=opts.get("show-labels"),
                           label_columns=opts.get("label-columns") or (), ctx=pctx)
        if show_events:
            lines = text.splitlines()
            if headers:
                lines = ["EVENT    " + lines[0]] + [f"{etype or 'ADDED':<9}" + l for l in lines[1:]]
            else:
                lines = [f"{etype:<9}" + l for l in lines]
            text = "\n".join(lines) + "\n"
        return text

    if not opts.get("watch-only"):
        if results:
            objs = [o for _, o in results]
            text = print_table(objs, kind=objs[0]["kind"], now=ctx.session.now, wide=wide,
                               no_headers=opts.get("no-headers"), with_namespace=bool(all_ns),
                               show_labels=opts.get("show-labels"), label_columns=opts.get("label-columns") or (), ctx=pctx)
            if show_events:
                lines = text.splitlines()
                text = "\n".join(["EVENT    " + lines[0]] + ["ADDED    " + l for l in lines[1:]]) + "\n"
            ctx.out.append(text)
            first = False
    ns = None if all_ns else ctx.namespace
    selector = opts.get("selector")
    from ...api import selectors
    sel = selectors.parse(selector) if selector else None

    def on_event(etype: str, obj: Obj, old: Obj | None) -> None:
        nonlocal first
        if obj.get("kind") not in kinds or (ns is not None and obj["metadata"].get("namespace") not in (ns, None)):
            return
        if names and (obj["kind"], obj["metadata"]["name"]) not in names:
            return
        if sel is not None and not sel.matches(obj["metadata"].get("labels") or {}):
            return
        ctx.out.append(row(obj, etype, headers=first and not opts.get("no-headers")))
        first = False

    text = str(opts.get("request-timeout") or "0")
    timeout = float(text) if text.isdigit() else parse_duration(text)     # "30" means seconds, as kubectl reads it
    with watching(ctx, on_event):
        if timeout > 0:
            ctx.session.run(timeout)
        else:
            ctx.session.settle(DEFAULT_WATCH_SECONDS)
