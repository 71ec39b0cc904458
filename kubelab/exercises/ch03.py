"""Checks for chapter 03 (Deployments)."""
from __future__ import annotations

from ..api.meta import controller_ref
from . import Check, not_yet, ok


def web_deployment(cluster, name: str = "web", image: str = "nginx:1.16.1", replicas: int = 2) -> Check:
    """Exercise 1: a Deployment ``web`` running ``nginx:1.16.1`` with 2 pods ready."""
    d = cluster.get("deployment", name)
    if d is None:
        return not_yet(f'there is no Deployment called "{name}" in the default namespace.')
    images = [c.get("image") for c in d["spec"]["template"]["spec"].get("containers", [])]
    if images != [image]:
        return not_yet(f"the Deployment runs {images}, not [{image!r}]. Look at the --image flag.")
    if d["spec"].get("replicas") != replicas:
        return not_yet(f"spec.replicas is {d['spec'].get('replicas')}, not {replicas}. Look at the --replicas flag.")
    ready = (d.get("status") or {}).get("readyReplicas", 0)
    if ready != replicas:
        return not_yet(f"{ready}/{replicas} pods are ready; give the cluster time: %kubelab settle")
    return ok(f"Deployment {name} runs {replicas} ready pods of {image}.")


ANSWERS = {"kubectl": False, "deployment-controller": False, "replicaset-controller": True,
           "default-scheduler": False, "kubelet": False}


def who_creates_pods(answer: str) -> Check:
    """Exercise 2: which component creates the Pod objects of a Deployment?"""
    answer = (answer or "").strip().lower()
    if answer not in ANSWERS:
        return not_yet(f"choose one of {', '.join(sorted(ANSWERS))}.")
    if ANSWERS[answer]:
        return ok("the ReplicaSet controller creates pods; the Deployment controller only manages ReplicaSets.")
    hints = {
        "kubectl": "kubectl only created the Deployment object. Look at the COMPONENT column of the trace.",
        "deployment-controller": "the Deployment controller creates and scales ReplicaSets, not pods.",
        "default-scheduler": "the scheduler only picks a node for a pod that already exists.",
        "kubelet": "the kubelet runs the containers of a pod that already exists and is bound to its node.",
    }
    return not_yet(hints[answer])


def self_healing(cluster, deployment: str = "hello-node") -> Check:
    """Exercise 3: delete a pod of the Deployment and let the cluster replace it."""
    d = cluster.get("deployment", deployment)
    if d is None:
        return not_yet(f'the Deployment "{deployment}" is gone; create it again first.')
    deleted = [a for a in cluster.api.actions if a.kind == "Pod" and a.verb == "delete" and a.component == "kubectl"
               and a.key.startswith(f"default/{deployment}-")]
    if not deleted:
        return not_yet(f"delete one of the pods of {deployment} with kubectl delete pod NAME.")
    pods = [p for p in cluster.api.list("pods", "default")
            if (controller_ref(p) or {}).get("kind") == "ReplicaSet" and p["metadata"]["name"].startswith(deployment + "-")
            and not p["metadata"].get("deletionTimestamp")]
    running = [p for p in pods if p.get("status", {}).get("phase") == "Running"]
    want = d["spec"].get("replicas", 1)
    if len(running) < want:
        return not_yet(f"{len(running)}/{want} replacement pods are running yet; wait: %kubelab settle")
    return ok(f"a pod was deleted and the ReplicaSet made {pods[0]['metadata']['name']} to replace it.")


def replicaset_recreated(cluster, deployment: str = "web") -> Check:
    """Exercise 3: delete the ReplicaSet of a Deployment (not a pod) and let the
    Deployment controller make a new one, whose pods run again."""
    d = cluster.get("deployment", deployment)
    if d is None:
        return not_yet(f'there is no Deployment "{deployment}"; do Exercise 1 first.')
    deleted = [a for a in cluster.api.actions if a.kind == "ReplicaSet" and a.verb == "delete"
               and a.component == "kubectl" and a.key.startswith(f"default/{deployment}-")]
    if not deleted:
        return not_yet(f"delete the ReplicaSet of {deployment} (kubectl get rs shows its name; kubectl delete rs NAME).")
    gone = {a.key.split("/", 1)[1] for a in deleted}
    owned = [rs for rs in cluster.api.list("replicasets", "default")
             if (controller_ref(rs) or {}).get("uid") == d["metadata"]["uid"] and not rs["metadata"].get("deletionTimestamp")]
    if not owned:
        return not_yet("the Deployment has no ReplicaSet yet; give the controllers time: %kubelab settle")
    want = d["spec"].get("replicas", 1)
    ready = (d.get("status") or {}).get("readyReplicas", 0)
    if ready < want:
        return not_yet(f"{ready}/{want} pods are ready again; wait: %kubelab settle")
    name = owned[0]["metadata"]["name"]
    same = " (the same name: the pod template did not change, so neither did its hash)" if name in gone else ""
    return ok(f"the Deployment controller made ReplicaSet {name}{same}, and its {want} pods run again.")
