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
