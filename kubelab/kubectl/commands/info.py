"""kubectl version, api-resources, cluster-info, config view."""
from __future__ import annotations

import json

from ...api import resources
from ..cli import Command, CommandError, Ctx, Flag, register
from ...setup.minikube import default_kubeconfig
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
        ctx.out.append(to_json(doc) + "\n")
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
    for rt in resources.RESOURCES:
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


def cluster_info(ctx: Ctx, args: list[str], opts: dict) -> None:
    server = ctx.cluster.extensions.get("kubeconfig_server") or "https://192.168.49.2:8443"
    green, yellow, reset = "\x1b[0;32m", "\x1b[0;33m", "\x1b[0m"
    ctx.print(f"{green}Kubernetes control plane{reset} is running at {yellow}{server}{reset}")
    if ctx.api.peek("services", "kube-dns", "kube-system") is not None:
        ctx.print(f"{green}CoreDNS{reset} is running at {yellow}{server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy{reset}")
    ctx.print("")
    ctx.print("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")


def config_view(ctx: Ctx, args: list[str], opts: dict) -> None:
    cfg = ctx.cluster.extensions.get("kubeconfig")
    cfg = cfg() if callable(cfg) else (cfg or default_kubeconfig(ctx.cluster))
    cfg = json.loads(json.dumps(cfg))
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
    ctx.out.append(to_yaml(cfg) if fmt == "yaml" else to_json(cfg) + "\n")


def config_current_context(ctx: Ctx, args: list[str], opts: dict) -> None:
    cfg = ctx.cluster.extensions.get("kubeconfig")
    cfg = cfg() if callable(cfg) else (cfg or default_kubeconfig(ctx.cluster))
    ctx.print(cfg.get("current-context", ""))


register(Command("version", version, (Flag("client", kind="bool"), Flag("output", "o"))))
register(Command("api-resources", api_resources, (Flag("output", "o"), Flag("no-headers", kind="bool"),
                                                   Flag("namespaced"), Flag("api-group"), Flag("verbs", kind="csv", default=[]),
                                                   Flag("sort-by"), Flag("cached", kind="bool"), Flag("categories", kind="csv", default=[]))))
register(Command("cluster-info", cluster_info))
register(Command("config view", config_view, (Flag("raw", kind="bool"), Flag("minify", kind="bool"), Flag("flatten", kind="bool"),
                                               Flag("output", "o"), Flag("merge", kind="bool", default=True))))
register(Command("config current-context", config_current_context))
