"""kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] [-w] [-o FORMAT]

staging/src/k8s.io/kubectl/pkg/cmd/events/events.go and event_printer.go
(v1.32): the namespace's events (``--for`` narrows them to one object by
kind, apiVersion and name, as its field selector does), sorted by when they
were last seen, in a table of LAST SEEN, TYPE, REASON, OBJECT (``Kind/name``)
and MESSAGE; ``5m (x3 over 10m)`` for repeated events.

``-w`` watches: kubectl prints each event as the watch delivers it — the
existing ones first, in the API's (name) order, then new ones — flushing its
tabwriter after each, so the lines are not aligned with one another.  As
``get -w`` does in the kit, the watch runs over a bounded stretch of simulated
time (until the cluster settles, at most a minute, or ``--request-timeout``).
"""
from __future__ import annotations

from ...api.errors import ApiError
from ...api.meta import Obj
from ..builder import resolve_type
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers.age import translate_timestamp_since
from ..printers.table import tabwrite
from .watch import DEFAULT_WATCH_SECONDS, watching

FLAGS = (Flag("for"), Flag("types", kind="csv", default=[]), Flag("all-namespaces", "A", "bool"),
         Flag("watch", "w", "bool"), Flag("no-headers", kind="bool"), Flag("output", "o"),
         Flag("chunk-size", kind="int", default=500), Flag("request-timeout", default="0"))
HEADERS = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]


def interval(e: Obj, now: float) -> str:
    """getInterval: when it was first seen, or "<last> (xN over <first>)" for a repeated event."""
    first = translate_timestamp_since(e.get("firstTimestamp"), now)
    if (e.get("count") or 0) > 1:
        return f"{translate_timestamp_since(e.get('lastTimestamp'), now)} (x{e['count']} over {first})"
    return first


def row(e: Obj, now: float, all_namespaces: bool) -> list[str]:
    io = e.get("involvedObject") or {}
    cells = [interval(e, now), e.get("type", ""), e.get("reason", ""),
             f"{io.get('kind', '')}/{io.get('name', '')}", (e.get("message") or "").strip()]
    return ([e["metadata"].get("namespace", "")] if all_namespaces else []) + cells


def _for(ctx: Ctx, target: str | None):
    """decodeResourceTypeName: (kind, apiVersion, name) of ``--for TYPE/NAME``."""
    if not target:
        return None
    if "/" not in target:
        raise CommandError("error: --for must be in resource/name form")
    if target.count("/") > 1:
        raise CommandError("error: arguments in resource/name form may not have more than one slash")
    kind, name = target.split("/")
    try:
        rt = resolve_type(kind.lower())
    except CommandError:
        raise
    except ApiError as err:
        raise CommandError(f"error: {err.message}")
    return rt.kind, rt.api_version, name


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if args:
        raise CommandError(f'error: unknown command "{args[0]}" for "kubectl events"')
    for t in opts["types"]:
        if t.lower() not in ("normal", "warning"):
            raise CommandError("error: valid --types are Normal or Warning")
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    wanted = _for(ctx, opts["for"])
    types = {t.lower() for t in opts["types"]}
    all_ns = bool(opts["all-namespaces"])
    ns = None if all_ns else ctx.namespace

    def selected(e: Obj) -> bool:
        io = e.get("involvedObject") or {}
        if wanted and (io.get("kind"), io.get("apiVersion"), io.get("name")) != wanted:
            return False
        return not types or (e.get("type") or "").lower() in types

    if opts["watch"]:
        watch(ctx, ns, selected, opts)
        return
    events = [e for e in ctx.api.list("events", ns) if selected(e)]
    if not events:
        ctx.eprint("No events found." if all_ns else f"No events found in {ctx.namespace} namespace.")
        return
    # SortableEvents: by lastTimestamp (events.k8s.io series and eventTime are not simulated)
    events.sort(key=lambda e: e.get("lastTimestamp") or "")
    if fmt:      # the printers get the EventList (the name printer lists its items)
        objs = events if fmt == "name" else [{"apiVersion": "v1", "items": events, "kind": "EventList", "metadata": {}}]
        print_objects(ctx, objs, fmt, single=fmt != "name")
        return
    now = ctx.session.now
    lines = [] if opts["no-headers"] else [(["NAMESPACE"] if all_ns else []) + HEADERS]
    ctx.out.append(tabwrite(lines + [row(e, now, all_ns) for e in events]))


def watch(ctx: Ctx, ns: str | None, selected, opts: dict) -> None:
    from .wait import parse_duration
    headers = not opts["no-headers"]
    all_ns = bool(opts["all-namespaces"])

    def emit(e: Obj) -> None:
        nonlocal headers
        lines = [(["NAMESPACE"] if all_ns else []) + HEADERS] if headers else []
        headers = False
        ctx.out.append(tabwrite(lines + [row(e, ctx.session.now, all_ns)]))   # one flush per event

    for e in ctx.api.list("events", ns):          # the watch's initial ADDED events
        if selected(e):
            emit(e)

    def on_event(etype: str, obj: Obj, old: Obj | None) -> None:
        if obj.get("kind") != "Event" or etype == "DELETED":
            return
        if ns is not None and obj["metadata"].get("namespace") != ns:
            return
        if selected(obj):
            emit(obj)

    text = str(opts["request-timeout"] or "0")
    timeout = float(text) if text.isdigit() else parse_duration(text)
    with watching(ctx, on_event, "Event"):
        if timeout > 0:
            ctx.session.run(timeout)
        else:
            ctx.session.settle(DEFAULT_WATCH_SECONDS)


register(Command("events", run, FLAGS))
