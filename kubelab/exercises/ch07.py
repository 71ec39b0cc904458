"""Checks for chapter 07 (configuring Redis with a ConfigMap and kustomize)."""
from __future__ import annotations

import yaml

from ..api.connect import PodExecOptions
from ..api.errors import ApiError
from . import Check, not_yet, ok


def _redis_config(cluster, pod: str) -> dict[str, str] | None:
    """What the running redis answers to ``redis-cli CONFIG GET maxmemory*`` (an exec
    through the API, as a learner would ask it); None when it cannot be asked."""
    try:
        session = cluster.api.connect("pods", pod, "default", "exec",
                                      PodExecOptions(command=("redis-cli", "CONFIG", "GET", "maxmemory*")))
    except ApiError:
        return None
    out, _ = session.read()
    if (session.status or {}).get("status") != "Success":
        return None
    words = out.split("\n")
    return dict(zip(words[0::2], words[1::2]))


def redis_maxmemory(cluster, want: int = 4 * 1024 * 1024, policy: str = "allkeys-lru", pod: str = "redis") -> Check:
    """Exercise 1: make the running redis answer ``CONFIG GET maxmemory`` with 4 MB (4194304)."""
    p = cluster.get("pod", pod)
    if p is None:
        return not_yet(f'there is no Pod "{pod}"; apply the kustomization with kubectl apply -k.')
    config = _redis_config(cluster, pod)
    if config is None:
        return not_yet(f"redis is not running in pod {pod} yet; wait for it: %kubelab settle")
    have = config.get("maxmemory")
    if have != str(want):
        names = [v["configMap"]["name"] for v in p["spec"].get("volumes") or [] if "configMap" in v]
        return not_yet(f"redis answers maxmemory {have}. redis reads redis.conf only when it starts: "
                       f"edit redis-config, apply -k (a new ConfigMap, not {names}), and recreate the pod.")
    if config.get("maxmemory-policy") != policy:
        return not_yet(f"maxmemory is right but the policy is {config.get('maxmemory-policy')}, not {policy}.")
    return ok(f"redis runs with maxmemory {want} ({want // 1048576}mb) and {policy}.")


def fixed_redis_pod(text: str) -> Check:
    """Exercise 2: the notes' redis-pod.yaml with its indentation fixed."""
    try:
        pod = yaml.safe_load(text or "")
    except yaml.YAMLError as err:
        return not_yet(f"the YAML does not parse yet: {str(err).splitlines()[0]}")
    try:
        c = pod["spec"]["containers"][0]
    except (TypeError, KeyError, IndexError):
        return not_yet("there is no spec.containers[0].")
    if c.get("command") != ["redis-server", "/redis-master/redis.conf"]:
        return not_yet(f"command is {c.get('command')}: it should run redis-server with /redis-master/redis.conf.")
    if {"name": "MASTER", "value": "true"} not in (c.get("env") or []):
        return not_yet("MASTER=true belongs in the container's env list (it sat under command).")
    mounts = {m.get("mountPath"): m.get("name") for m in c.get("volumeMounts") or []}
    if mounts.get("/redis-master") != "config":
        return not_yet("the config volume must still be mounted at /redis-master.")
    return ok("the pod parses: command is a list of two strings and MASTER sits under env.")


def redis_bytes(setting: str, answer) -> Check:
    """Exercise 1: what ``CONFIG GET maxmemory`` prints for ``maxmemory SETTING``
    (redis's units: k/m/g are powers of 1000, kb/mb/gb powers of 1024)."""
    from ..apps.redis import memtoll
    want = memtoll(setting)
    try:
        given = int(str(answer).strip())
    except ValueError:
        return not_yet("answer with the number of bytes redis prints, e.g. 2097152.")
    if given == want:
        return ok(f"maxmemory {setting} is {want} bytes.")
    hint = ("redis reads m as 1000*1000 and mb as 1024*1024" if given in (memtoll(setting.rstrip("b")),
                                                                         memtoll(setting + "b")) else
            "count the unit: k/m/g are powers of 1000, kb/mb/gb powers of 1024")
    return not_yet(f"not {given}: {hint}.")
