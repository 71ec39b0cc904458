"""kubectl kustomize [DIR] (kustomize v5.5.0, built into kubectl v1.32).

Prints what ``kubectl apply -k DIR`` would send, without a cluster: the
generated ConfigMaps/Secrets with their content-hash suffixes, and every
reference to them rewritten.  kustomize's deprecation notices go to stderr;
a failure is printed through klog as kubectl prints it::

    E1128 16:59:04.826998    4242 run.go:72] "command failed" err="accumulating resources: ..."
"""
from __future__ import annotations

import os

from ..cli import Command, CommandError, Ctx, Flag, _klog_error, register
from ..kustomize import KustomizeError, build, render

FLAGS = (Flag("output", "o"), Flag("enable-helm", kind="bool"), Flag("helm-command", default="helm"),
         Flag("load-restrictor", default="LoadRestrictionsRootOnly"), Flag("enable-alpha-plugins", kind="bool"),
         Flag("enable-exec", kind="bool"), Flag("env", "e", "list", []), Flag("mount", kind="list", default=[]),
         Flag("network", kind="bool"), Flag("reorder", default="legacy"), Flag("as-current-user", kind="bool"),
         Flag("helm-api-versions", kind="list", default=[]), Flag("helm-kube-version"))


def _klog(ctx: Ctx, message: str) -> CommandError:
    escaped = message.replace("\\", "\\\\").replace('"', '\\"')
    return CommandError(_klog_error(ctx.session, escaped) + "\n", 1)


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if len(args) > 1:
        raise _klog(ctx, "specify one path to kustomization.yaml")
    path = args[0] if args else "."
    full = path if os.path.isabs(path) else os.path.normpath(os.path.join(ctx.cwd, path))
    warnings: list[str] = []
    try:
        objects = build(full, warnings=warnings)
    except KustomizeError as err:
        for w in warnings:
            ctx.eprint(w)
        # kustomize quotes the directory as it was given, then lstat's absolute path.
        raise _klog(ctx, str(err).replace(f"'{full}'", f"'{path}'"))
    for w in warnings:
        ctx.eprint(w)
    text = render(objects)
    if opts["output"]:
        target = opts["output"] if os.path.isabs(opts["output"]) else os.path.join(ctx.cwd, opts["output"])
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    ctx.out.append(text)


register(Command("kustomize", run, FLAGS))
