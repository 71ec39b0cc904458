"""Checks for chapter 02 (镜像处理, 解决k8s.gcr.io无法拉取镜像问题)."""
from __future__ import annotations

from ..apps import images as registry
from ..apps import reference as refs
from ..setup import mirrors
from . import Check, not_yet, ok


def _running_pods(cluster, app: str) -> list:
    return [p for p in cluster.api.list("pods", "default", copy=False)
            if (p["metadata"].get("labels") or {}).get("app") == app and p.get("status", {}).get("phase") == "Running"
            and not p["metadata"].get("deletionTimestamp")]


def hello_node_running(cluster, name: str = "hello-node") -> Check:
    """Exercise 1: hello-node (k8s.gcr.io/echoserver:1.4) running although k8s.gcr.io is unreachable."""
    if "k8s.gcr.io" not in cluster.blocked_registries:
        return not_yet("k8s.gcr.io is reachable in this cluster; practise on the blocked one: "
                       "%kubelab reset blocked_registries=k8s.gcr.io,gcr.io")
    d = cluster.get("deployment", name)
    if d is None:
        return not_yet(f"there is no Deployment {name}: kubectl create deployment {name} --image=k8s.gcr.io/echoserver:1.4")
    image = d["spec"]["template"]["spec"]["containers"][0]["image"]
    if registry.canonical_repository(refs.parse(image)) != "registry.k8s.io/echoserver":
        return not_yet(f"{name} runs {image}, which is not echoserver (or a mirror of it).")
    if not _running_pods(cluster, name):
        return not_yet(f"no pod of {name} is Running yet. Is the image on the node (docker images), or does the "
                       f"Deployment name a mirror? A pod in back-off retries after a while: %kubelab run 5m")
    return ok(f"{name} runs {image} although k8s.gcr.io cannot be reached.")


def anjia_name(image: str, answer: str) -> Check:
    """Exercise 2: the anjia0532 name of a gcr.io image."""
    want = mirrors.to_anjia0532(image)
    answer = (answer or "").strip()
    if answer == want:
        return ok(f"{image} is copied to Docker Hub as {want}.")
    if "/" in answer.split("/", 1)[-1]:
        return not_yet("anjia0532 keeps one repository level: the namespace and the image name are joined by a dot.")
    return not_yet("the form is anjia0532/NAMESPACE.IMAGE:TAG (gcr.io/ dropped, the tag kept).")


def bootcamp_running(cluster, name: str = "kubernetes-bootcamp") -> Check:
    """Exercise 3: a Deployment running gcr.io/google-samples/kubernetes-bootcamp:v1 through a mirror."""
    d = cluster.get("deployment", name)
    if d is None:
        return not_yet(f"there is no Deployment {name} in the default namespace.")
    image = d["spec"]["template"]["spec"]["containers"][0]["image"]
    try:
        ref = refs.parse(image)
    except refs.InvalidReference:
        return not_yet(f"{image!r} is not a valid image reference.")
    if registry.canonical_repository(ref) != "gcr.io/google-samples/kubernetes-bootcamp" or ref.tag != "v1":
        return not_yet(f"{name} runs {image}, not kubernetes-bootcamp:v1 (or a mirror of it).")
    if ref.domain in cluster.blocked_registries:
        return not_yet(f"{image} is on {ref.domain}, which this cluster cannot reach: use the mirror's name.")
    if not _running_pods(cluster, name):
        return not_yet(f"no pod of {name} is Running yet; wait: %kubelab settle")
    return ok(f"{name} runs {image}, a mirror of gcr.io/google-samples/kubernetes-bootcamp:v1.")
