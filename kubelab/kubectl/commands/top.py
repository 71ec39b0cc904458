"""kubectl top pod|node: resource usage from the Metrics API.

The Metrics API (metrics.k8s.io) is served by metrics-server, an add-on
(``minikube addons enable metrics-server``).  The simulated cluster runs no
metrics-server, so — as on a fresh minikube — discovery finds no
metrics.k8s.io group and both commands stop with ``error: Metrics API not
available`` after checking their arguments, in the order of
staging/src/k8s.io/kubectl/pkg/cmd/top/{top,top_pod,top_node}.go (v1.32):
Complete (arguments), Validate (--sort-by, NAME with a selector), then
RunTop* (parse the label selector, discover the API groups).
"""
from __future__ import annotations

from ...api import selectors
from ...api.errors import ApiError
from ..cli import Command, CommandError, Ctx, Flag, register

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


def metrics_api_available(ctx: Ctx) -> bool:
    """top.go SupportedMetricsAPIVersionAvailable: does discovery list metrics.k8s.io?
    Nothing in the simulated cluster serves it."""
    return False


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


def run_top_node(ctx: Ctx, args: list[str], opts: dict) -> None:
    _check(ctx, "node", args, opts, "only one of NAME or --selector can be provided")


register(Command("top", run_top))
for _alias in ("pod", "pods", "po"):
    register(Command(f"top {_alias}", run_top_pod, POD_FLAGS, help_name="top pod"))
for _alias in ("node", "nodes", "no"):
    register(Command(f"top {_alias}", run_top_node, NODE_FLAGS, help_name="top node"))
