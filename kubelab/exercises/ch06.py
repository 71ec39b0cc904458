"""Checks for chapter 06 (ConfigMaps and Secrets as environment variables)."""
from __future__ import annotations

import base64

import yaml

from . import Check, not_yet, ok


def secret_value(cluster, answer: str, secret: str = "sys-app-credentials", key: str = "password") -> Check:
    """Exercise 1: read ``{.data.password}`` with jsonpath and decode it yourself."""
    s = cluster.get("secret", secret)
    if s is None:
        return not_yet(f'there is no Secret "{secret}"; create it with kubectl create secret generic.')
    encoded = (s.get("data") or {}).get(key)
    if encoded is None:
        return not_yet(f'the Secret "{secret}" has no key "{key}".')
    answer = (answer or "").strip()
    if answer == encoded:
        return not_yet("that is still base64: decode it (base64.b64decode(...).decode()).")
    if answer != base64.b64decode(encoded).decode("utf-8", "replace"):
        return not_yet("that is not the stored value. Print it with -o jsonpath='{.data.%s}' first." % key)
    return ok("base64 is an encoding, not encryption: anyone who may read the Secret reads the password.")


def _refs(container: dict) -> set[tuple[str, str]]:
    """(configmap name, key) pairs a container reads, "*" for a whole envFrom."""
    out = set()
    for src in container.get("envFrom") or []:
        if "configMapRef" in src:
            out.add((src["configMapRef"].get("name", ""), "*"))
    for var in container.get("env") or []:
        ref = (var.get("valueFrom") or {}).get("configMapKeyRef")
        if ref:
            out.add((ref.get("name", ""), ref.get("key", "")))
    return out


def game_pod(cluster, pod: str = "game", configmap: str = "game-config") -> Check:
    """Exercise 2: a ConfigMap ``game-config`` (lives=3, mode=easy) and a running pod
    ``game`` that gets both keys as environment variables."""
    cm = cluster.get("configmap", configmap)
    if cm is None:
        return not_yet(f'there is no ConfigMap "{configmap}" yet.')
    want = {"lives": "3", "mode": "easy"}
    data = cm.get("data") or {}
    if any(data.get(k) != v for k, v in want.items()):
        return not_yet(f"the ConfigMap holds {data}; it should hold lives=3 and mode=easy.")
    p = cluster.get("pod", pod)
    if p is None:
        return not_yet(f'there is no Pod "{pod}" yet.')
    refs = set().union(*(_refs(c) for c in p["spec"]["containers"]))
    if (configmap, "*") not in refs and not {(configmap, k) for k in want} <= refs:
        return not_yet(f"the pod does not read both keys of {configmap}: use envFrom.configMapRef "
                       f"or one configMapKeyRef per key.")
    if (p.get("status") or {}).get("phase") != "Running":
        statuses = (p.get("status") or {}).get("containerStatuses") or [{}]
        reason = statuses[0].get("state", {}).get("waiting", {}).get("reason", "not running")
        return not_yet(f"the pod is {reason}; look at kubectl describe pod {pod}.")
    return ok(f"pod {pod} starts with lives=3 and mode=easy from ConfigMap {configmap}.")


def fixed_manifest(text: str) -> Check:
    """Exercise 3: the notes' kubernetes.yaml fixed: four documents separated by ``---``,
    the variables under ``env``, only ``containerPort`` under ``ports``."""
    try:
        docs = [d for d in yaml.safe_load_all(text or "") if d]
    except yaml.YAMLError as err:
        return not_yet(f"the YAML does not parse: {str(err).splitlines()[0]}")
    kinds = sorted(d.get("kind", "") for d in docs)
    if kinds != ["Deployment", "Deployment", "Service", "Service"]:
        return not_yet(f"expected 2 Deployments and 2 Services, found {kinds or 'nothing'}; separate documents with ---.")
    env_names = set()
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        for c in d["spec"]["template"]["spec"]["containers"]:
            for port in c.get("ports") or []:
                if set(port) - {"containerPort", "name", "protocol"} or "containerPort" not in port:
                    return not_yet(f"{d['metadata']['name']}: ports holds {port}; environment variables go under env.")
            for var in c.get("env") or []:
                if "valueFrom" in var:
                    env_names.add(var["name"])
    missing = {"APP_NAME", "SYSTEM_APP_USERNAME", "SYSTEM_APP_PASSWORD"} - env_names
    if missing:
        return not_yet(f"these variables are not under any container's env: {', '.join(sorted(missing))}.")
    return ok("four objects, each container's variables under env: kubectl apply creates all four.")
