"""Checks for chapter 00 (Start here)."""
from __future__ import annotations

from . import Check, not_yet, ok


def namespace_exists(cluster, name: str = "practice") -> Check:
    ns = cluster.get("namespace", name)
    if ns is None:
        return not_yet(f'there is no namespace "{name}" yet. Try: %kubectl create namespace {name}')
    if ns.get("status", {}).get("phase") != "Active":
        return not_yet(f'namespace "{name}" is {ns.get("status", {}).get("phase")}, not Active.')
    return ok(f'namespace "{name}" exists and is Active.')
