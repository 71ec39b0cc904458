"""What logs, exec and run share: finding a pod, its default container, its kubelet."""
from __future__ import annotations

from ..cli import Ctx

DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"


def get_pod(ctx: Ctx, name: str) -> dict:
    return ctx.api.get("pods", name, ctx.namespace)      # NotFound prints as kubectl does


def default_container(ctx: Ctx, pod: dict) -> str:
    """The annotated default container, else the first; kubectl says so when there was a choice."""
    containers = [c["name"] for c in pod["spec"].get("containers", [])]
    chosen = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER_ANNOTATION)
    if chosen in containers:
        return chosen
    if len(containers) > 1:
        ctx.eprint(f'Defaulted container "{containers[0]}" out of: {", ".join(containers)}')
    return containers[0]


def kubelet_for(ctx: Ctx, pod: dict):
    return ctx.cluster.kubelets.get(pod["spec"].get("nodeName") or "")
