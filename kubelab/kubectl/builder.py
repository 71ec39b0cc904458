"""The resource builder: what `TYPE NAME...`, `TYPE/NAME`, `TYPE1,TYPE2` and
`-f FILE` arguments name (k8s.io/cli-runtime/pkg/resource/builder.go)."""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..api import resources
from ..api.resources import ResourceType
from .cli import CommandError

# `kubectl get all` (the "all" category), in discovery order.
ALL = ("pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets",
       "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs")


@dataclass
class Target:
    rt: ResourceType
    names: list[str]           # empty: every object of the type


def resolve_type(word: str) -> ResourceType:
    """A resource argument as the builder maps it (schema.ParseResourceArg, then
    ParseKindArg): ``deployments``, ``deploy.apps``, ``deployment.v1.apps``,
    ``pods.v1.`` (the core group); a case-insensitive resource, singular, short
    name or Kind, in the group (and version) given."""
    rt = _match(word)
    if rt is None:
        raise CommandError(f'error: the server doesn\'t have a resource type "{word.split(".", 1)[0]}"')
    return rt


def _match(word: str) -> ResourceType | None:
    w = word.lower()
    if "." not in w:
        return resources.lookup(w)
    tries = []
    if w.count(".") >= 2:                       # RESOURCE.VERSION.GROUP
        name, version, group = w.split(".", 2)
        tries.append((name, group, version))
    name, _, group = w.partition(".")           # RESOURCE.GROUP (any version: the preferred one)
    tries.append((name, group, None))
    for name, group, version in tries:
        preferred = resources.lookup(name)
        if preferred and preferred.group == group and version in (None, preferred.version):
            return preferred
        for rt in resources.RESOURCES:
            if rt.group == group and version in (None, rt.version) and \
                    name in (rt.plural, rt.singular, rt.kind.lower(), *rt.short_names):
                return rt
    return None


def parse_targets(args: list[str], *, allow_empty_names: bool = True) -> list[Target]:
    """``get pods``, ``get pods a b``, ``get pod/a deploy/b``, ``get deploy,rs``, ``get all``."""
    if not args:
        return []
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise CommandError("error: there is no need to specify a resource type as a separate argument when "
                               "passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                               "instead of 'kubectl get resource resource/<resource_name>'")
        out: list[Target] = []
        for a in args:
            kind, _, name = a.partition("/")
            if not name:
                raise CommandError(f"error: arguments in resource/name form must have a single resource and name")
            rt = resolve_type(kind)
            if out and out[-1].rt is rt:
                out[-1].names.append(name)
            else:
                out.append(Target(rt, [name]))
        return out
    kinds, names = args[0], args[1:]
    out = []
    for word in kinds.split(","):
        if word == "all":
            out.extend(Target(resources.lookup(k), []) for k in ALL)
            continue
        out.append(Target(resolve_type(word), list(names)))
    if names and len(out) > 1:
        pass   # kubectl allows `get deploy,rs NAME` (the name is looked up in each)
    return out


def read_paths(paths: list[str], cwd: str, recursive: bool = False) -> list[tuple[str, str]]:
    """(source, text) for each -f argument: a file, a directory's *.yaml/*.yml/*.json
    files, or ``-`` (filled in by the caller from stdin)."""
    out = []
    for p in paths:
        if p == "-":
            out.append(("-", None))
            continue
        if p.startswith(("http://", "https://")):
            out.append((p, None))      # resolved by the caller (bundled manifests)
            continue
        full = p if os.path.isabs(p) else os.path.join(cwd, p)
        if os.path.isdir(full):
            found = []
            for root, dirs, files in os.walk(full):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith((".yaml", ".yml", ".json")):
                        found.append(os.path.join(root, f))
                if not recursive:
                    break
            for f in found:
                with open(f, encoding="utf-8") as fh:
                    out.append((os.path.relpath(f, cwd) if not os.path.isabs(p) else f, fh.read()))
            continue
        if not os.path.exists(full):
            raise CommandError(f'error: the path "{p}" does not exist')
        with open(full, encoding="utf-8") as fh:
            out.append((p, fh.read()))
    return out
