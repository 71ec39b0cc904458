"""kubectl wait, and Go duration parsing for --timeout flags."""
from __future__ import annotations

import re

from ..cli import CommandError

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """time.ParseDuration: "30s", "1m30s", "2h", "0"."""
    text = (text or "0").strip()
    if text in ("0", ""):
        return 0.0
    parts = re.findall(r"([0-9.]+)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(a + b for a, b in parts) != text.lstrip("+"):
        raise CommandError(f'error: time: invalid duration "{text}"')
    return sum(float(n) * _UNITS[u] for n, u in parts)


# ---------------------------------------------------------------- kubectl wait
# staging/src/k8s.io/kubectl/pkg/cmd/wait/{wait,condition,delete,json}.go.
# Waiting advances simulated time only until the condition holds (or --timeout).

from ...api import selectors as _selectors  # noqa: E402
from ...api.errors import ApiError  # noqa: E402
from ..builder import parse_targets  # noqa: E402
from ..cli import Command, Ctx, Flag, register  # noqa: E402
from ..printers import to_name  # noqa: E402


def parse_for(text: str):
    """--for=delete | condition=NAME[=VALUE] | jsonpath='{...}'[=VALUE] | create
    → (kind, arg, value)."""
    if not text:
        raise CommandError('error: unrecognized condition: ""')
    low = text.lower()
    if low == "delete":
        return "delete", None, None
    if low == "create":
        return "create", None, None
    if low.startswith("condition="):
        rest = text[len("condition="):]
        name, eq, value = rest.partition("=")
        return "condition", name, value if eq else "true"
    if low.startswith("jsonpath="):
        rest = text[len("jsonpath="):]
        if not rest:
            raise CommandError("error: jsonpath expression cannot be empty")
        close = rest.rfind("}")
        path, tail = rest[:close + 1], rest[close + 1:]
        if not path.startswith("{") or (tail and not tail.startswith("=")):
            raise CommandError("error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 "
                               "or --for=jsonpath='{.status.readyReplicas}'")
        if tail == "=":
            raise CommandError("error: jsonpath wait has to have a value after equal sign, like "
                               "--for=jsonpath='{.status.readyReplicas}'=3")
        return "jsonpath", path, tail[1:] if tail else None
    raise CommandError(f'error: unrecognized condition: "{text}"')


def condition_met(obj, name: str, value: str) -> bool:
    """ConditionalWait: a status condition of that type (any case) with that status,
    not older than the object's generation."""
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c.get("type", "").lower() == name.lower() and str(c.get("status", "")).lower() == value.lower():
            og = c.get("observedGeneration")
            return og is None or og >= obj["metadata"].get("generation", 0)
    return False


def jsonpath_met(obj, path: str, value: str | None) -> bool:
    from ..jsonpath import evaluate
    try:
        found = evaluate(path.strip()[1:-1], obj)
    except Exception:
        return False
    if value is None:
        return bool(found)
    return len(found) == 1 and not isinstance(found[0], (dict, list)) and \
        (str(found[0]).lower() if isinstance(found[0], bool) else str(found[0])) == value


def run_wait(ctx: Ctx, args: list, opts: dict) -> None:
    kind, arg, value = parse_for(opts["for"])
    timeout = parse_duration(opts["timeout"])
    if timeout < 0:
        timeout = 7 * 24 * 3600.0
    deadline = ctx.session.now + timeout
    targets = parse_targets(args) if args else []
    if not targets:
        raise CommandError("error: resource name may not be empty")
    sel = _selectors.parse(opts["selector"]) if opts["selector"] else None
    waits = []      # (rt, ns, name, uid or None)
    for t in targets:
        ns = None if not t.rt.namespaced else (None if opts["all-namespaces"] else ctx.namespace)
        if t.names:
            for name in t.names:
                obj = ctx.api.try_get(t.rt, name, ns)
                if obj is None and kind not in ("delete", "create"):
                    raise ApiError(404, "NotFound", f'{t.rt.plural}{"." + t.rt.group if t.rt.group else ""} "{name}" not found')
                waits.append((t.rt, obj["metadata"]["namespace"] if obj and t.rt.namespaced else ns, name,
                              obj["metadata"]["uid"] if obj else None))
        else:
            for obj in ctx.api.list(t.rt, ns, selector=sel):
                waits.append((t.rt, obj["metadata"].get("namespace"), obj["metadata"]["name"], obj["metadata"]["uid"]))
    if not waits:
        if kind == "delete":
            return
        raise CommandError("error: no matching resources found")
    for rt, ns, name, uid in waits:
        def current():
            return ctx.api.peek(rt, name, ns)

        if kind == "delete":
            cond = lambda: current() is None or current()["metadata"]["uid"] != uid
        elif kind == "create":
            cond = lambda: current() is not None
        elif kind == "condition":
            cond = lambda: current() is not None and condition_met(current(), arg, value)
        else:
            cond = lambda: current() is not None and jsonpath_met(current(), arg, value)
        last = ctx.api.try_get(rt, name, ns)
        if not (cond() or ctx.session.wait_for(cond, max(0.0, deadline - ctx.session.now))):
            if kind == "delete" or current() is not None:
                raise CommandError(f"error: timed out waiting for the condition on {rt.plural}/{name}")
            raise CommandError(f"error: condition not met for {rt.plural}/{name}")
        obj = ctx.api.try_get(rt, name, ns) or last
        if obj is not None:        # --for=delete of something already gone prints nothing
            ctx.print(to_name(obj, "condition met"))


register(Command("wait", run_wait, (
    Flag("for"), Flag("timeout", default="30s"), Flag("selector", "l"), Flag("all", kind="bool"),
    Flag("all-namespaces", "A", "bool"), Flag("filename", "f", "list", []), Flag("field-selector"),
    Flag("output", "o"), Flag("local", kind="bool"), Flag("recursive", "R", "bool"),
)))
