"""What logs, exec and run share: finding a pod and its default container."""
from __future__ import annotations

from ..cli import Ctx

DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"


def get_pod(ctx: Ctx, name: str) -> dict:
    return ctx.api.get("pods", name, ctx.namespace)      # NotFound prints as kubectl does


def default_container(ctx: Ctx, pod: dict) -> str:
    """The annotated default container, else the first; kubectl says so when there
    was a choice (podcmd.FindOrDefaultContainerByName: more than one container, or
    any init or ephemeral container)."""
    spec = pod["spec"]
    containers = [c["name"] for c in spec.get("containers", [])]
    chosen = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER_ANNOTATION)
    if chosen in containers:
        return chosen
    if len(containers) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers"):
        ctx.eprint(f'Defaulted container "{containers[0]}" out of: {all_container_names(pod)}')
    return containers[0]


def all_container_names(pod: dict) -> str:
    """podcmd.AllContainerNames: app containers, then ephemeral "(ephem)", then init "(init)"."""
    spec = pod["spec"]
    return ", ".join([c["name"] for c in spec.get("containers", [])]
                     + [f'{c["name"]} (ephem)' for c in spec.get("ephemeralContainers") or []]
                     + [f'{c["name"]} (init)' for c in spec.get("initContainers") or []])
