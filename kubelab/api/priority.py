"""The Priority admission plugin (plugin/pkg/admission/priority/admission.go):
a pod's ``priorityClassName`` must name a PriorityClass; its value becomes the
pod's ``priority`` and its ``preemptionPolicy`` the pod's.  Without a name the
global default class (if one is marked ``globalDefault``) applies, else 0.

The apiserver creates the two system classes itself at start-up
(``system-node-critical``, ``system-cluster-critical``); they are known here by
their built-in values even where the kit has not stored them as objects.
"""
from __future__ import annotations

from typing import Callable

from . import errors
from .meta import Obj

SYSTEM_CLASSES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}


def admission_name(pod: Obj) -> str:
    """The name admission errors use: before the registry generates a name, a
    pod made from ``generateName`` is known by its prefix (``web-7d9f-``)."""
    md = pod["metadata"]
    gen, name = md.get("generateName") or "", md.get("name") or ""
    if gen and name.startswith(gen) and len(name) == len(gen) + 5:
        return gen
    return name or gen


def admit(pod: Obj, get_class: Callable[[str], Obj | None], list_classes: Callable[[], list[Obj]]) -> None:
    """Set ``spec.priority`` (and ``preemptionPolicy``) or raise the plugin's Forbidden."""
    spec = pod.setdefault("spec", {})
    name = spec.get("priorityClassName")
    policy = None
    if name:
        pc = get_class(name)
        if pc is not None:
            value, policy = pc.get("value", 0), pc.get("preemptionPolicy")
        elif name in SYSTEM_CLASSES:
            value = SYSTEM_CLASSES[name]
        else:
            raise errors.forbidden(f'pods "{admission_name(pod)}" is forbidden: '
                                   f"no PriorityClass with name {name} was found")
    else:
        default = next((pc for pc in list_classes() if pc.get("globalDefault")), None)
        value = default.get("value", 0) if default else 0
        if default:
            spec["priorityClassName"] = default["metadata"]["name"]
            policy = default.get("preemptionPolicy")
    if spec.get("priority") is not None and spec["priority"] != value:
        raise errors.forbidden(
            f'pods "{admission_name(pod)}" is forbidden: the integer value of priority ({spec["priority"]}) must '
            f"not be provided in pod spec; priority admission controller computed {value} from the given "
            "PriorityClass name")
    spec["priority"] = value
    if policy:
        spec["preemptionPolicy"] = policy
