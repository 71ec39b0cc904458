"""kubectl version, api-resources, api-versions, cluster-info, and the config commands
(view, current-context, get-contexts, get-clusters, use-context, set-context)."""
from __future__ import annotations

import json

from ...api import metrics, resources
from ..cli import Command, CommandError, Ctx, Flag, register
from ..printers import tabwrite, to_json, to_yaml

CLIENT = {"compiler": "gc", "gitCommit": "4cb5f0764b8d5f425645c6f433394fede34a8a26", "gitTreeState": "clean",
          "gitVersion": "v1.32.4", "goVersion": "go1.23.8", "major": "1", "minor": "32",
          "platform": "linux/amd64", "buildDate": "2025-04-22T16:03:45Z"}
SERVER = {"compiler": "gc", "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53", "gitTreeState": "clean",
          "gitVersion": "v1.32.0", "goVersion": "go1.23.3", "major": "1", "minor": "32",
          "platform": "linux/amd64", "buildDate": "2024-12-11T17:59:15Z"}


def version(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    doc = {"clientVersion": dict(CLIENT), "kustomizeVersion": "v5.5.0"}
    if not opts["client"]:
        doc["serverVersion"] = dict(SERVER)
    if fmt == "yaml":
        ctx.out.append(to_yaml(doc))
    elif fmt == "json":
        ctx.out.append(to_json(doc))
    elif fmt:
        raise CommandError("error: --output must be 'yaml' or 'json'")
    else:
        ctx.print(f"Client Version: {CLIENT['gitVersion']}")
        ctx.print("Kustomize Version: v5.5.0")
        if not opts["client"]:
            ctx.print(f"Server Version: {SERVER['gitVersion']}")


def api_resources(ctx: Ctx, args: list[str], opts: dict) -> None:
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    if opts["no-headers"]:
        rows = []
    wide = opts["output"] == "wide"
    if wide:
        rows[0:1] = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES"]] if rows else []
    # an aggregated group (metrics.k8s.io, once its APIService exists) comes last: priority 100
    served = [*resources.RESOURCES, *((metrics.NODES, metrics.PODS) if ctx.api.metrics.registered() else ())]
    for rt in served:
        if rt.group == "events.k8s.io" and False:
            continue
        if opts["namespaced"] is not None and rt.namespaced != (str(opts["namespaced"]).lower() == "true"):
            continue
        if opts["api-group"] is not None and rt.group != opts["api-group"]:
            continue
        if opts["output"] == "name":
            ctx.print(rt.plural + (f".{rt.group}" if rt.group else ""))
            continue
        row = [rt.plural, ",".join(rt.short_names), rt.api_version, str(rt.namespaced).lower(), rt.kind]
        if wide:
            row += ["[" + " ".join(sorted(rt.verbs)) + "]", ",".join(rt.categories)]
        rows.append(row)
    if opts["output"] != "name":
        ctx.out.append(tabwrite(rows))


def current_server(cfg: dict) -> str:
    """The API server's address: the current context's cluster's ``server``."""
    name = cfg.get("current-context")
    context = next((c.get("context") or {} for c in cfg.get("contexts") or [] if c.get("name") == name), {})
    cluster = next((c.get("cluster") or {} for c in cfg.get("clusters") or []
                    if c.get("name") == context.get("cluster")), {})
    return cluster.get("server") or "http://localhost:8080"


def cluster_info(ctx: Ctx, args: list[str], opts: dict) -> None:
    server = current_server(_kubeconfig(ctx))
    green, yellow, reset = "\x1b[0;32m", "\x1b[0;33m", "\x1b[0m"
    ctx.print(f"{green}Kubernetes control plane{reset} is running at {yellow}{server}{reset}")
    if ctx.api.peek("services", "kube-dns", "kube-system") is not None:
        ctx.print(f"{green}CoreDNS{reset} is running at {yellow}{server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy{reset}")
    ctx.print("")
    ctx.print("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")


def config_view(ctx: Ctx, args: list[str], opts: dict) -> None:
    cfg = json.loads(json.dumps(_kubeconfig(ctx)))
    if not opts["raw"]:
        for u in cfg.get("users") or []:
            user = u.get("user") or {}
            for key in ("client-certificate-data", "client-key-data", "token"):
                if key in user:
                    user[key] = "DATA+OMITTED" if key != "token" else "REDACTED"
        for c in cfg.get("clusters") or []:
            if "certificate-authority-data" in (c.get("cluster") or {}):
                c["cluster"]["certificate-authority-data"] = "DATA+OMITTED"
    if opts["minify"]:
        cur = cfg.get("current-context")
        ctxs = [c for c in cfg.get("contexts") or [] if c["name"] == cur]
        cluster_name = ctxs[0]["context"]["cluster"] if ctxs else None
        user_name = ctxs[0]["context"].get("user") if ctxs else None
        cfg["contexts"] = ctxs
        cfg["clusters"] = [c for c in cfg.get("clusters") or [] if c["name"] == cluster_name]
        cfg["users"] = [u for u in cfg.get("users") or [] if u["name"] == user_name]
    fmt = opts["output"] or "yaml"
    ctx.out.append(to_yaml(cfg) if fmt == "yaml" else to_json(cfg))


def config_current_context(ctx: Ctx, args: list[str], opts: dict) -> None:
    cfg = _kubeconfig(ctx)
    ctx.print(cfg.get("current-context", ""))


# Group/versions a v1.32 apiserver serves beyond each group's preferred version,
# which is all api-resources (and so resources.RESOURCES) lists.
_EXTRA_VERSIONS = ("autoscaling/v1",)


def api_versions_served() -> list[str]:
    """``kubectl api-versions``: every group/version, sorted (sort.Strings in
    pkg/cmd/apiresources/apiversions.go).  The groups are those ``api-resources``
    lists, so the two commands agree about what the simulated server has.

    >>> api_versions_served()[:3]
    ['apiregistration.k8s.io/v1', 'apps/v1', 'autoscaling/v1']
    """
    return sorted({rt.api_version for rt in resources.RESOURCES} | set(_EXTRA_VERSIONS))


def api_versions(ctx: Ctx, args: list[str], opts: dict) -> None:
    extra = [metrics.API_VERSION] if ctx.api.metrics.registered() else []
    for gv in sorted(api_versions_served() + extra):
        ctx.print(gv)


# ------------------------------------------------------------------ kubeconfig contexts
def _kubeconfig(ctx: Ctx) -> dict:
    """The kubeconfig kubectl reads; edits persist between commands (the session's dict)."""
    return ctx.session.kubeconfig


def kubeconfig_namespace(cfg: dict, context: str | None = None) -> str:
    """The namespace commands default to: the current (or ``--context``) context's
    ``namespace``, else ``default`` — what ``kubectl config set-context --current
    --namespace=NS`` changes."""
    name = context or cfg.get("current-context")
    for c in cfg.get("contexts") or []:
        if c.get("name") == name:
            return (c.get("context") or {}).get("namespace") or "default"
    return "default"


def config_get_contexts(ctx: Ctx, args: list[str], opts: dict) -> None:
    # pkg/cmd/config/get_contexts.go: a table, "*" marks the current context;
    # an unknown name is an error after the header has been printed.
    cfg = _kubeconfig(ctx)
    fmt = opts["output"] or ""
    if fmt not in ("", "name"):
        raise CommandError(f"error: --output {fmt} is not available in kubectl config get-contexts; "
                           "resetting to default output format")
    contexts = {c["name"]: c.get("context") or {} for c in cfg.get("contexts") or []}
    names = sorted(args or contexts)                      # sort.Strings(toPrint)
    rows = [] if opts["no-headers"] or fmt == "name" else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
    missing = []
    for name in names:
        if name not in contexts:
            missing.append(f"context {name} not found")
            continue
        if fmt == "name":
            ctx.print(name)
            continue
        c = contexts[name]
        rows.append(["*" if name == cfg.get("current-context") else "", name, c.get("cluster", ""),
                     c.get("user", ""), c.get("namespace", "")])
    if rows:
        ctx.out.append(tabwrite(rows))
    if missing:
        raise CommandError("".join(f"error: {m}\n" for m in missing))   # utilerrors.Aggregate, one a line


def config_get_clusters(ctx: Ctx, args: list[str], opts: dict) -> None:
    # pkg/cmd/config/get_clusters.go: "NAME" then each cluster; arguments are ignored.
    ctx.print("NAME")
    for c in _kubeconfig(ctx).get("clusters") or []:
        ctx.print(c["name"])


_USE_CONTEXT_USAGE = """Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  kubectl config use-context minikube

Usage:
  kubectl config use-context CONTEXT_NAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


def config_use_context(ctx: Ctx, args: list[str], opts: dict) -> None:
    # pkg/cmd/config/use_context.go; the usage text and errors are real kubectl v1.32.4's.
    if len(args) != 1:
        ctx.out.append(_USE_CONTEXT_USAGE)
        raise CommandError("error: Unexpected args: [" + " ".join(args) + "]")
    cfg = _kubeconfig(ctx)
    if args[0] not in {c["name"] for c in cfg.get("contexts") or []}:
        raise CommandError(f'error: no context exists with the name: "{args[0]}"')
    cfg["current-context"] = args[0]
    ctx.print(f'Switched to context "{args[0]}".')


def config_set_context(ctx: Ctx, args: list[str], opts: dict) -> None:
    # pkg/cmd/config/create_context.go: set the given fields on a context, creating it if new.
    if opts["current"] and args:
        raise CommandError("error: you cannot specify both a context name and --current")
    if not opts["current"] and not args:
        raise CommandError("error: you must specify a non-empty context name or --current")
    cfg = _kubeconfig(ctx)
    name = cfg.get("current-context") if opts["current"] else args[0]
    if not name:
        raise CommandError("error: no current context is set")
    if cfg.get("contexts") is None:
        cfg["contexts"] = []
    contexts = cfg["contexts"]
    entry = next((c for c in contexts if c.get("name") == name), None)
    created = entry is None
    if created:
        entry = {"context": {}, "name": name}
        contexts.append(entry)
    body = entry.setdefault("context", {})
    for flag, key in (("cluster", "cluster"), ("user", "user"), ("namespace", "namespace")):
        if opts.get(flag) is not None:
            body[key] = opts[flag]
    ctx.print(f'Context "{name}" {"created" if created else "modified"}.')


register(Command("version", version, (Flag("client", kind="bool"), Flag("output", "o"))))
register(Command("api-resources", api_resources, (Flag("output", "o"), Flag("no-headers", kind="bool"),
                                                   Flag("namespaced"), Flag("api-group"), Flag("verbs", kind="csv", default=[]),
                                                   Flag("sort-by"), Flag("cached", kind="bool"), Flag("categories", kind="csv", default=[]))))
register(Command("cluster-info", cluster_info))
register(Command("config view", config_view, (Flag("raw", kind="bool"), Flag("minify", kind="bool"), Flag("flatten", kind="bool"),
                                               Flag("output", "o"), Flag("merge", kind="bool", default=True))))
register(Command("config current-context", config_current_context))
register(Command("api-versions", api_versions))
register(Command("config get-contexts", config_get_contexts, (Flag("output", "o"), Flag("no-headers", kind="bool"))))
register(Command("config get-clusters", config_get_clusters))
register(Command("config use-context", config_use_context, help_name="config use-context"))
register(Command("config use", config_use_context, help_name="config use-context"))
register(Command("config set-context", config_set_context, (Flag("current", kind="bool"),)))
