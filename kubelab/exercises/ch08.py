"""Checks for chapter 08 (无状态应用程序: five hello-world pods behind my-service)."""
from __future__ import annotations

from collections import Counter

from . import Check, not_yet, ok


def _my_service(cluster, name: str):
    svc = cluster.get("service", name)
    if svc is None:
        return None, not_yet(f'there is no Service "{name}"; create it with kubectl expose ... --name={name}.')
    return svc, None


def sticky_sessions(cluster, service: str = "my-service", requests: int = 20) -> Check:
    """Exercise 1: every request from your computer is answered by the same pod."""
    svc, problem = _my_service(cluster, service)
    if problem is not None:
        return problem
    ports = [p["nodePort"] for p in svc["spec"].get("ports") or [] if p.get("nodePort")]
    if not ports:
        return not_yet(f"{service} has no nodePort; expose it with --type=LoadBalancer or NodePort.")
    seen = Counter(cluster.curl(f"http://192.168.49.2:{ports[0]}/").pod for _ in range(requests))
    if None in seen:
        return not_yet(f"some requests failed; is the Deployment ready? (%kubelab settle)")
    if len(seen) > 1:
        return not_yet(f"{requests} requests reached {len(seen)} different pods. Which Service field keeps a "
                       f"client on one pod? (sessionAffinity)")
    return ok(f"all {requests} requests went to {next(iter(seen))}: sessionAffinity "
              f"{svc['spec'].get('sessionAffinity')}.")


def external_ip(cluster, service: str = "my-service") -> Check:
    """Exercise 2: give my-service an EXTERNAL-IP and reach it there."""
    svc, problem = _my_service(cluster, service)
    if problem is not None:
        return problem
    if svc["spec"].get("type") != "LoadBalancer":
        return not_yet(f"{service} is {svc['spec'].get('type')}; only LoadBalancer Services get an external IP.")
    ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if not ingress:
        return not_yet("EXTERNAL-IP is still <pending>: on minikube something must play the cloud's load "
                       "balancer. Which minikube command does that?")
    ip, port = ingress[0].get("ip"), svc["spec"]["ports"][0]["port"]
    r = cluster.curl(f"http://{ip}:{port}/")
    if not r.status:
        return not_yet(f"{service} has EXTERNAL-IP {ip} but http://{ip}:{port}/ fails: {r.trace[-1]}")
    return ok(f"http://{ip}:{port}/ answers {r.body!r} from {r.pod}.")


def _pre_stop_wait(container: dict) -> float:
    """How long a container's preStop hook waits before the stop signal (0 when it does not):
    the ``sleep`` action, or an exec hook that runs ``sleep N`` (directly or through ``sh -c``)."""
    hook = ((container.get("lifecycle") or {}).get("preStop")) or {}
    if hook.get("sleep"):
        return float(hook["sleep"].get("seconds") or 0)
    argv = list((hook.get("exec") or {}).get("command") or [])
    if len(argv) >= 3 and argv[0].endswith("sh") and argv[1] == "-c":
        argv = argv[2].split()
    if len(argv) == 2 and argv[0].rsplit("/", 1)[-1] == "sleep":
        try:
            return float(argv[1].rstrip("s"))
        except ValueError:
            return 0.0
    return 0.0


def survives_rollouts(cluster, deployment: str = "hello") -> Check:
    """Exercise 3: the Deployment's pods keep answering until kube-proxy has dropped them
    (a preStop wait longer than kube-proxy's minimum sync period, inside the grace period)."""
    from ..network.syncrunner import MIN_SYNC_PERIOD
    dep = cluster.get("deployment", deployment)
    if dep is None:
        return not_yet(f'there is no Deployment "{deployment}"; run the cell that creates it.')
    spec = dep["spec"]["template"]["spec"]
    grace = float(spec.get("terminationGracePeriodSeconds", 30))
    for c in spec.get("containers") or []:
        wait = _pre_stop_wait(c)
        if wait <= 0:
            return not_yet(f"container {c['name']} gets its stop signal the moment its pod is deleted, while "
                           f"kube-proxy may still send it connections for up to {MIN_SYNC_PERIOD:g} s. What can "
                           f"make the kubelet wait before the signal?")
        if wait <= MIN_SYNC_PERIOD:
            return not_yet(f"container {c['name']} waits {wait:g} s before its stop signal; kube-proxy may take up "
                           f"to {MIN_SYNC_PERIOD:g} s to drop the pod. Wait longer.")
        if wait >= grace:
            return not_yet(f"container {c['name']} waits {wait:g} s, but the pod's grace period is {grace:g} s: "
                           f"the hook's time counts against it, and SIGKILL comes at the end of it.")
    if dep["status"].get("updatedReplicas", 0) != dep["spec"].get("replicas", 1) or \
            dep["status"].get("replicas", 0) != dep["spec"].get("replicas", 1):
        return not_yet(f"{deployment}'s rollout is not finished yet: old pods without the hook still run "
                       f"(%kubelab settle).")
    return ok(f"every container of {deployment} waits before its stop signal, longer than kube-proxy needs to "
              f"drop the pod and within the {grace:g} s grace period: a rolling update loses no request.")
