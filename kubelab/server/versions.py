"""Versions served beside the stored one, as the apiserver serves them.

The kit stores one version of each kind; the apiserver serves some kinds in
more: HorizontalPodAutoscalers are stored as autoscaling/v2 and served as
autoscaling/v1 too (``kubectl autoscale`` v1.32 sends v1).  A request to a view
is converted on the way in (kubelab.api.autoscaling.convert_v1, as every write
is) and its answer on the way out (``to_v1``).  The group's preferred version,
which discovery lists first, stays the stored one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..api import autoscaling, resources
from ..api.meta import Obj
from ..api.resources import ResourceType


@dataclass(frozen=True)
class View:
    rt: ResourceType                   # as served
    stored: ResourceType               # as kept in the store
    to_view: Callable[[Obj], Obj]


_HPA = resources.by_kind("autoscaling/v2", "HorizontalPodAutoscaler")
VIEWS: tuple[View, ...] = (
    View(ResourceType("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers",
                      "horizontalpodautoscaler", True, ("hpa",), categories=("all",)), _HPA, autoscaling.to_v1),
)


def served() -> list[ResourceType]:
    """Every resource served, each view right after the stored version of its kind
    (the apiserver's version priority: autoscaling v2, then v1)."""
    out: list[ResourceType] = []
    for rt in resources.RESOURCES:
        out.append(rt)
        out.extend(v.rt for v in VIEWS if v.stored is rt)
    return out


def view_of(rt: ResourceType) -> View | None:
    for v in VIEWS:
        if v.rt == rt:
            return v
    return None


def by_plural(group: str, version: str, plural: str) -> tuple[ResourceType, View | None] | None:
    """(stored resource, view or None) that ``/apis/GROUP/VERSION/PLURAL`` names."""
    for rt in served():
        if rt.group == group and rt.version == version and rt.plural == plural:
            view = view_of(rt)
            return (view.stored if view else rt), view
    return None
