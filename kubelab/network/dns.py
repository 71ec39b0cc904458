"""Cluster DNS as CoreDNS's kubernetes plugin answers it.

A pod's /etc/resolv.conf (dnsPolicy ClusterFirst) says::

    search <ns>.svc.cluster.local svc.cluster.local cluster.local
    options ndots:5

so ``hello-node`` from a pod in ``default`` is tried as
``hello-node.default.svc.cluster.local`` first.  Records:

- ``<svc>.<ns>.svc.cluster.local`` → the ClusterIP (A);
- a headless Service (``clusterIP: None``) → the IPs of its ready pods;
  ``<hostname>.<svc>.<ns>.svc.cluster.local`` → one pod that sets hostname/subdomain;
- an ExternalName Service → a CNAME to ``spec.externalName``;
- ``a-b-c-d.<ns>.pod.cluster.local`` → the pod IP a.b.c.d.

The learner's own machine does not use cluster DNS: from outside, these names
do not resolve at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field

DOMAIN = "cluster.local"


@dataclass
class Answer:
    """What a lookup found: ``ips`` (A records), maybe a ``cname`` first, the
    ``fqdn`` that matched and the Service behind it (``"ns/name"``)."""
    name: str
    fqdn: str = ""
    ips: list[str] = field(default_factory=list)
    cname: str = ""
    service: str = ""
    headless: bool = False

    @property
    def found(self) -> bool:
        return bool(self.ips or self.cname)


def search_path(namespace: str) -> list[str]:
    return [f"{namespace}.svc.{DOMAIN}", f"svc.{DOMAIN}", DOMAIN]


def candidates(name: str, namespace: str) -> list[str]:
    """The names the resolver tries, in order (ndots:5: a name with fewer than
    five dots goes through the search list first)."""
    name = name.lower()
    if name.endswith("."):
        return [name[:-1]]
    expanded = [f"{name}.{suffix}" for suffix in search_path(namespace)]
    return expanded + [name] if name.count(".") < 5 else [name] + expanded


def lookup_fqdn(api, fqdn: str, ready_ips) -> Answer | None:
    """One absolute name against the kubernetes zone, or None (NXDOMAIN).
    ``ready_ips(svc)`` gives a headless Service's ready endpoint IPs and
    hostnames: ``[(ip, hostname), ...]``."""
    if not fqdn.endswith("." + DOMAIN):
        return None
    parts = fqdn[: -len(DOMAIN) - 1].split(".")
    if len(parts) == 3 and parts[2] == "pod":
        ip = parts[0].replace("-", ".")
        return Answer(fqdn, fqdn, [ip]) if ip.count(".") == 3 else None
    if len(parts) not in (3, 4) or parts[-1] != "svc":
        return None
    host = parts[0] if len(parts) == 4 else ""
    svc_name, ns = parts[-3], parts[-2]
    svc = api.peek("services", svc_name, ns)
    if svc is None:
        return None
    spec = svc["spec"]
    key = f"{ns}/{svc_name}"
    if spec.get("type") == "ExternalName":
        return None if host else Answer(fqdn, fqdn, cname=spec.get("externalName", ""), service=key)
    if spec.get("clusterIP") == "None":
        endpoints = ready_ips(svc)
        if host:
            ips = [ip for ip, h in endpoints if h == host]
            return Answer(fqdn, fqdn, ips, service=key, headless=True) if ips else None
        return Answer(fqdn, fqdn, [ip for ip, _ in endpoints], service=key, headless=True)
    if host:
        return None
    return Answer(fqdn, fqdn, [spec["clusterIP"]], service=key)


def resolve(api, name: str, namespace: str, ready_ips) -> Answer:
    """Resolve ``name`` as a pod in ``namespace`` would; an ExternalName's CNAME is
    followed when it points back into the cluster."""
    for fqdn in candidates(name, namespace):
        ans = lookup_fqdn(api, fqdn, ready_ips)
        if ans is None:
            continue
        if ans.cname:
            target = lookup_fqdn(api, ans.cname.rstrip(".").lower(), ready_ips)
            if target is not None:
                ans.ips = target.ips
        ans.name = name
        return ans
    return Answer(name)
