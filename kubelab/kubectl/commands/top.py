"""kubectl top pod|node: resource usage from the Metrics API.

The Metrics API (metrics.k8s.io) is served by metrics-server, an add-on
(``minikube addons enable metrics-server``).  Without it — a fresh minikube —
discovery finds no metrics.k8s.io group and both commands stop with ``error:
Metrics API not available`` after checking their arguments, in the order of
staging/src/k8s.io/kubectl/pkg/cmd/top/{top,top_pod,top_node}.go (v1.32):
Complete (arguments), Validate (--sort-by, NAME with a selector), then
RunTop* (parse the label selector, discover the API groups).  With it, the
tables of pkg/metricsutil/metrics_printer.go; until metrics-server has two
samples of a pod, ``error: metrics not available yet``.
"""
from __future__ import annotations

import math

from ...api import quantity, selectors
from ...api.errors import ApiError
from ...clock import parse_timestamp
from ..cli import Command, CommandError, Ctx, Flag, register
from ..printers.table import tabwrite

# What `kubectl top` alone prints (to stderr, exit 1): cmdutil.DefaultSubCommandRun.
TOP_HELP = """Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""

POD_FLAGS = (Flag("selector", "l"), Flag("field-selector"), Flag("sort-by"), Flag("containers", kind="bool"),
             Flag("all-namespaces", "A", "bool"), Flag("no-headers", kind="bool"),
             Flag("use-protocol-buffers", kind="bool", default=True), Flag("sum", kind="bool"))
NODE_FLAGS = (Flag("selector", "l"), Flag("sort-by"), Flag("no-headers", kind="bool"),
              Flag("use-protocol-buffers", kind="bool", default=True), Flag("show-capacity", kind="bool"))


#: top_pod.go metricsCreationDelay: younger pods may simply not be scraped yet
METRICS_CREATION_DELAY = 120.0


def metrics_api_available(ctx: Ctx) -> bool:
    """top.go SupportedMetricsAPIVersionAvailable: does discovery list metrics.k8s.io?
    It does once an APIService registers it (the metrics-server addon)."""
    return ctx.api.metrics.registered()


def run_top(ctx: Ctx, args: list[str], opts: dict) -> None:
    if args:
        # cmdutil.RequireNoArguments
        raise CommandError(f'error: unknown command "{" ".join(args)}"\nSee \'kubectl top -h\' for help and examples')
    ctx.eprint(TOP_HELP, end="")
    raise CommandError("", 1)


def _check(ctx: Ctx, what: str, args: list[str], opts: dict, selector_error: str) -> None:
    """Complete, Validate and the start of RunTop*, common to pods and nodes."""
    if len(args) > 1:
        raise CommandError(f"error: {what} [NAME | -l label]\nSee 'kubectl top {what} -h' for help and examples")
    if opts["sort-by"] and opts["sort-by"] not in ("cpu", "memory"):
        raise CommandError("error: --sort-by accepts only cpu or memory")
    if args and (opts["selector"] or opts.get("field-selector")):
        raise CommandError(f"error: {selector_error}")
    if opts["selector"]:
        try:
            selectors.parse(opts["selector"])     # labels.Parse, on the client
        except ApiError as err:
            raise CommandError(f"error: {err.message}")
    if not metrics_api_available(ctx):
        raise CommandError("error: Metrics API not available")


def run_top_pod(ctx: Ctx, args: list[str], opts: dict) -> None:
    _check(ctx, "pod", args, opts, "only one of NAME or selector can be provided")
    every = bool(opts["all-namespaces"])
    ns = None if every else ctx.namespace
    try:
        if args:
            items = [ctx.api.metrics.get_pod(args[0], ctx.namespace)]
        else:
            items = ctx.api.metrics.list_pods(ns, opts["selector"] or "")
    except ApiError as err:
        raise CommandError(err.kubectl_text())
    if not items:
        try:
            _verify_empty(ctx, args, ns, opts["selector"] or "")
        except ApiError as err:
            raise CommandError(err.kubectl_text())
        ctx.eprint("No resources found" if every else f"No resources found in {ctx.namespace} namespace.")
        return
    ctx.print(format_pods(items, containers=bool(opts["containers"]), namespaces=every,
                          no_headers=bool(opts["no-headers"]), sort_by=opts["sort-by"] or "", total=bool(opts["sum"])),
              end="")


def _verify_empty(ctx: Ctx, args: list[str], ns: str | None, selector: str) -> None:
    """verifyEmptyMetrics: no metrics yet for pods younger than two minutes."""
    if args:
        pods = [ctx.api.get("pods", args[0], ctx.namespace)]
    else:
        pods = ctx.api.list("pods", ns, selectors.parse(selector) if selector else None)
        if not pods:
            return
    for pod in pods:
        md = pod["metadata"]
        age = ctx.session.clock.now - parse_timestamp(md["creationTimestamp"])
        if age > METRICS_CREATION_DELAY:
            raise CommandError(f"error: Metrics not available for pod {md['namespace']}/{md['name']}, "
                               f"age: {_go_duration(age)}")
    raise CommandError("error: metrics not available yet")


def run_top_node(ctx: Ctx, args: list[str], opts: dict) -> None:
    _check(ctx, "node", args, opts, "only one of NAME or --selector can be provided")
    try:
        items = [ctx.api.metrics.get_node(args[0])] if args else ctx.api.metrics.list_nodes(opts["selector"] or "")
        if not items:
            raise CommandError("error: metrics not available yet")
        nodes = [ctx.api.get("nodes", args[0])] if args else \
            ctx.api.list("nodes", None, selectors.parse(opts["selector"]) if opts["selector"] else None)
    except ApiError as err:
        raise CommandError(err.kubectl_text())
    which = "capacity" if opts["show-capacity"] else "allocatable"
    available = {n["metadata"]["name"]: (n.get("status") or {}).get(which) or {} for n in nodes}
    ctx.print(format_nodes(items, available, no_headers=bool(opts["no-headers"]), sort_by=opts["sort-by"] or ""),
              end="")


# ------------------------------------------------------------------ printing
def _milli(q: str | None) -> int:
    return quantity.milli_value(quantity.parse_quantity(q)) if q else 0


def _bytes(q: str | None) -> int:
    return quantity.value(quantity.parse_quantity(q)) if q else 0


def _usage(cpu_milli: int, mem_bytes: int) -> list[str]:
    """printSingleResourceUsage: ``%vm`` of MilliValue, ``%vMi`` of Value / 2^20."""
    return [f"{cpu_milli}m", f"{mem_bytes // (1024 * 1024)}Mi"]


def _pod_totals(m: dict) -> tuple[int, int]:
    """getPodMetrics: the containers' quantities added, then read as milli/bytes."""
    nanos = sum(_nanos(c["usage"].get("cpu")) for c in m.get("containers") or [])
    return -(-nanos // 1_000_000), sum(_bytes(c["usage"].get("memory")) for c in m.get("containers") or [])


def _nanos(q: str | None) -> int:
    return math.ceil(quantity.parse_quantity(q).amount * 10**9) if q else 0


def format_pods(items: list[dict], *, containers: bool = False, namespaces: bool = False, no_headers: bool = False,
                sort_by: str = "", total: bool = False) -> str:
    """PrintPodMetrics: NAME CPU(cores) MEMORY(bytes), with NAMESPACE / POD before."""
    rows: list[list[str]] = []
    if not no_headers:
        rows.append((["NAMESPACE"] if namespaces else []) + (["POD"] if containers else [])
                    + ["NAME", "CPU(cores)", "MEMORY(bytes)", ""])
    if sort_by:
        key = (lambda m: _pod_totals(m)[0]) if sort_by == "cpu" else (lambda m: _pod_totals(m)[1])
        items = sorted(items, key=key, reverse=True)
    else:
        items = sorted(items, key=lambda m: ((m["metadata"]["namespace"] if namespaces else ""), m["metadata"]["name"]))
    cpu_sum = mem_sum = 0
    for m in items:
        md = m["metadata"]
        lead = [md["namespace"]] if namespaces else []
        cpu, mem = _pod_totals(m)
        cpu_sum, mem_sum = cpu_sum + cpu, mem_sum + mem
        if containers:
            for c in m.get("containers") or []:
                rows.append(lead + [md["name"], c["name"], *_usage(-(-_nanos(c["usage"].get("cpu")) // 1_000_000),
                                                                    _bytes(c["usage"].get("memory"))), ""])
        else:
            rows.append(lead + [md["name"], *_usage(cpu, mem), ""])
    if total:
        width = 3 + namespaces + containers
        rows.append([""] * (width - 2) + ["________", "________", ""])
        rows.append([""] * (width - 3) + ["", *_usage(cpu_sum, mem_sum), ""])
    return tabwrite(rows)


def format_nodes(items: list[dict], available: dict[str, dict], *, no_headers: bool = False, sort_by: str = "") -> str:
    """PrintNodeMetrics: NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%), against allocatable."""
    rows: list[list[str]] = [] if no_headers else [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)", ""]]
    if sort_by:
        res = "cpu" if sort_by == "cpu" else "memory"
        items = sorted(items, key=lambda m: _milli(m["usage"].get(res)), reverse=True)
    else:
        items = sorted(items, key=lambda m: m["metadata"]["name"])
    left = dict(available)
    for m in items:
        name = m["metadata"]["name"]
        cpu, mem = _milli(m["usage"].get("cpu")), _bytes(m["usage"].get("memory"))
        row = [name]
        alloc = left.pop(name, None)
        for value, text, res in ((cpu, f"{cpu}m", "cpu"), (mem * 1000, f"{mem // 2**20}Mi", "memory")):
            row.append(text)
            if alloc is not None and res in alloc:
                total = _milli(alloc[res])
                row.append(f"{int(value / total * 100) if total else 0}%")
        rows.append(row + [""])
    for name in left:            # nodes metrics-server has no sample of
        rows.append([name, "<unknown>", "<unknown>", "<unknown>", "<unknown>", ""])
    return tabwrite(rows)


def _go_duration(seconds: float) -> str:
    """time.Duration.String() of a whole number of seconds: ``2m5s``, ``1h0m0s``."""
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}h{m}m{sec}s" if h else f"{m}m{sec}s" if m else f"{sec}s"


register(Command("top", run_top))
for _alias in ("pod", "pods", "po"):
    register(Command(f"top {_alias}", run_top_pod, POD_FLAGS, help_name="top pod"))
for _alias in ("node", "nodes", "no"):
    register(Command(f"top {_alias}", run_top_node, NODE_FLAGS, help_name="top node"))
