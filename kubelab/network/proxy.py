"""kube-proxy: the rules that turn a Service address into a pod address.

kube-proxy (iptables mode, minikube's default) runs on every node, watches
Services and EndpointSlices, and writes NAT rules:

- ``ClusterIP:port``            → a KUBE-SVC chain for that service port;
- ``<any node IP>:nodePort``    → the same chain (NodePort and LoadBalancer);
- ``<load-balancer IP>:port``   → the same chain (once something sets the ingress IP);
- the chain picks one *ready* endpoint at random (``--probability 1/n``) or, with
  ``sessionAffinity: ClientIP``, the one this client used last; then DNAT to
  ``podIP:targetPort``.

A service port with no ready endpoint gets a REJECT rule instead: the client
sees "connection refused".  A ClusterIP on a port the Service does not define
matches no rule at all, so the packet is dropped and the client times out.

Here the rules are computed from the API objects and held as :class:`PortRule`
records (every node's rules are the same for ``externalTrafficPolicy: Cluster``);
:func:`iptables_rules` prints them the way ``iptables-save`` on the node would
show them.

The rules follow the API with kube-proxy's lag: a change is applied by the next
sync, which :class:`~kubelab.network.syncrunner.SyncRunner` times as kube-proxy's
sync runner does (at once when it has not synced twice in the last second, else up
to ``--iptables-min-sync-period`` = 1 s later).  Until then traffic follows the old
rules.  Every node's kube-proxy hears the same events at the same instants and
throttles alike, so the kit keeps one copy of the rules for all of them.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from ..api.meta import Obj
from .syncrunner import MIN_SYNC_PERIOD, SyncRunner

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
DEFAULT_AFFINITY_SECONDS = 10800


@dataclass
class Endpoint:
    ip: str
    port: int
    pod: str            # "namespace/name" ("" when the slice has no targetRef)
    node: str
    ready: bool = True
    serving: bool = True
    terminating: bool = False

    @property
    def address(self) -> str:
        return f"{self.ip}:{self.port}"


@dataclass
class PortRule:
    """Everything kube-proxy knows about one port of one Service."""
    service: str                      # "namespace/name"
    port_name: str
    protocol: str
    port: int
    target_port: int | str
    node_port: int | None
    cluster_ip: str
    type: str
    lb_ips: list[str] = field(default_factory=list)
    external_ips: list[str] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    affinity: bool = False
    affinity_seconds: int = DEFAULT_AFFINITY_SECONDS
    external_local: bool = False      # externalTrafficPolicy: Local

    @property
    def name(self) -> str:
        """The ServicePortName kube-proxy logs: ``ns/name:port-name``."""
        return f"{self.service}:{self.port_name}" if self.port_name else self.service

    @cached_property
    def _usable(self) -> list[Endpoint]:
        # Rules are rebuilt whenever their Service or slices change, so this never goes stale.
        return [e for e in self.endpoints if e.ready] or [e for e in self.endpoints if e.serving and e.terminating]

    def usable(self, node: str | None = None) -> list[Endpoint]:
        """Ready endpoints; if none, serving-but-terminating ones (kube-proxy keeps
        sending to pods that are shutting down when nothing else is left)."""
        eps = self._usable
        if node is not None:
            eps = [e for e in eps if e.node == node]
        return eps


def compute_rules(svc: Obj, slices: list[Obj]) -> list[PortRule]:
    """The PortRules of one Service from its EndpointSlices."""
    spec = svc["spec"]
    stype = spec.get("type", "ClusterIP")
    if stype == "ExternalName" or spec.get("clusterIP") in (None, "", "None"):
        return []           # no virtual IP: DNS only (headless, ExternalName)
    key = f"{svc['metadata']['namespace']}/{svc['metadata']['name']}"
    lb_ips = [i["ip"] for i in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or [] if i.get("ip")]
    affinity = spec.get("sessionAffinity") == "ClientIP"
    seconds = (((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds")
               or DEFAULT_AFFINITY_SECONDS)
    rules = []
    for sp in spec.get("ports") or []:
        name, proto = sp.get("name", ""), sp.get("protocol", "TCP")
        endpoints: list[Endpoint] = []
        for sl in slices:
            ports = [p for p in sl.get("ports") or [] if (p.get("name") or "") == name and p.get("protocol", "TCP") == proto]
            if not ports:
                continue
            for ep in sl.get("endpoints") or []:
                cond = ep.get("conditions") or {}
                ref = ep.get("targetRef") or {}
                endpoints.append(Endpoint(
                    ep["addresses"][0], ports[0]["port"],
                    f"{ref.get('namespace', '')}/{ref['name']}" if ref.get("name") else "",
                    ep.get("nodeName", ""), cond.get("ready") is not False,
                    cond.get("serving", cond.get("ready")) is not False, bool(cond.get("terminating"))))
        rules.append(PortRule(key, name, proto, sp["port"], sp.get("targetPort", sp["port"]), sp.get("nodePort"),
                              spec["clusterIP"], stype, lb_ips, list(spec.get("externalIPs") or []), endpoints,
                              affinity, seconds, spec.get("externalTrafficPolicy") == "Local"))
    return rules


class KubeProxy:
    """The proxy rules of the cluster, kept up to date from watch events.

    Work is proportional to what changed: an event marks one Service dirty;
    :meth:`flush` (the cluster calls it once an instant's work is done) asks the
    sync runner for a sync, which recomputes the dirty Services' rules and
    re-indexes — now, or when the runner allows.  Lookups read the rules of the
    last sync."""

    component = "kube-proxy"

    def __init__(self, api, rng, clock, min_sync_period: float = MIN_SYNC_PERIOD):
        self.api = api
        self.rng = rng
        self.clock = clock
        self.runner = SyncRunner(clock, self.sync, min_sync_period)
        #: (time, services whose rules were rewritten) of every sync that changed something
        self.syncs: list[tuple[float, list[str]]] = []
        self.by_service: dict[str, list[PortRule]] = {}
        self.by_vip: dict[tuple[str, int, str], PortRule] = {}
        self.by_node_port: dict[tuple[int, str], PortRule] = {}
        self.cluster_ips: dict[str, str] = {}          # ClusterIP -> service key
        self.vip_ips: set[str] = set()                 # every address some rule matches
        self._dirty: set[str] = set()
        self._affinity: dict[tuple[str, int, str, str], tuple[Endpoint, float]] = {}
        api.watch(self._on_service, "Service")
        api.watch(self._on_slice, "EndpointSlice")
        for svc in api.list("services", copy=False):
            self._dirty.add(f"{svc['metadata']['namespace']}/{svc['metadata']['name']}")

    def _on_service(self, etype: str, svc: Obj, old: Obj | None) -> None:
        # ServiceChangeTracker.Update: a change that leaves the service ports as kube-proxy
        # sees them (a label, an annotation, the selector) asks for no sync
        if etype == "MODIFIED" and old is not None and compute_rules(svc, []) == compute_rules(old, []):
            return
        self._dirty.add(f"{svc['metadata']['namespace']}/{svc['metadata']['name']}")

    def _on_slice(self, etype: str, sl: Obj, old: Obj | None) -> None:
        name = (sl["metadata"].get("labels") or {}).get(SERVICE_NAME_LABEL)
        if name:
            self._dirty.add(f"{sl['metadata']['namespace']}/{name}")

    def flush(self) -> None:
        """The changes heard so far ask for a sync (``proxier.Sync()``)."""
        if self._dirty:
            self.runner.run()

    @property
    def in_step(self) -> bool:
        """Whether the rules reflect every change heard (no sync owed)."""
        return not self._dirty

    def sync(self) -> None:
        """Bring the rules up to date with the API (kube-proxy's syncProxyRules)."""
        if not self._dirty:
            return
        changed = sorted(self._dirty)
        if len(self.syncs) < 10_000:      # a record for the chapters, bounded
            self.syncs.append((self.clock.now, changed))
        for key in changed:
            ns, name = key.split("/", 1)
            svc = self.api.peek("services", name, ns)
            if svc is None:
                self.by_service.pop(key, None)
                continue
            slices = self.api.list("endpointslices", ns, field_filter=lambda s: (s["metadata"].get("labels") or {})
                                   .get(SERVICE_NAME_LABEL) == name, copy=False)
            self.by_service[key] = compute_rules(svc, slices)
        self._dirty.clear()
        self.by_vip, self.by_node_port, self.cluster_ips, self.vip_ips = {}, {}, {}, set()
        for key in sorted(self.by_service):
            for r in self.by_service[key]:
                self.cluster_ips[r.cluster_ip] = key
                for ip in [r.cluster_ip, *r.lb_ips, *r.external_ips]:
                    self.by_vip[(ip, r.port, r.protocol)] = r
                    self.vip_ips.add(ip)
                if r.node_port and r.type in ("NodePort", "LoadBalancer"):
                    self.by_node_port[(r.node_port, r.protocol)] = r

    def rules(self, service: str) -> list[PortRule]:
        """The rules of ``"namespace/name"`` as kube-proxy last wrote them."""
        return list(self.by_service.get(service, []))

    def match_vip(self, ip: str, port: int, proto: str = "TCP") -> PortRule | None:
        return self.by_vip.get((ip, port, proto))

    def match_node_port(self, port: int, proto: str = "TCP") -> PortRule | None:
        return self.by_node_port.get((port, proto))

    def is_vip(self, ip: str) -> bool:
        return ip in self.vip_ips

    def choose(self, rule: PortRule, client_ip: str, now: float, node: str | None = None) -> Endpoint | None:
        """The endpoint this connection goes to: sticky for ClientIP affinity, else
        uniformly at random among the usable ones (the iptables statistic rules)."""
        eps = rule.usable(node)
        if not eps:
            return None
        if rule.affinity:
            akey = (rule.service, rule.port, rule.protocol, client_ip)
            prev = self._affinity.get(akey)
            if prev is not None and now - prev[1] <= rule.affinity_seconds:
                match = next((e for e in eps if e.address == prev[0].address), None)
                if match is not None:
                    self._affinity[akey] = (match, now)
                    return match
            chosen = eps[self.rng.randrange(len(eps))]
            self._affinity[akey] = (chosen, now)
            return chosen
        return eps[self.rng.randrange(len(eps))] if len(eps) > 1 else eps[0]


# ----------------------------------------------------------------- iptables view
def _hash(text: str) -> str:
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:16]


#: the pod network kube-proxy is told about (--cluster-cidr; minikube's and flannel's default)
CLUSTER_CIDR = "10.244.0.0/16"


def chain_names(rule: PortRule, ep: Endpoint | None = None) -> str:
    """servicePortChainName / servicePortEndpointChainName of the iptables proxier."""
    proto = rule.protocol.lower()
    if ep is None:
        return "KUBE-SVC-" + _hash(rule.name + proto)
    return "KUBE-SEP-" + _hash(rule.name + proto + ep.address)


def iptables_rules(rule: PortRule) -> list[str]:
    """The NAT rules for one service port, as ``iptables-save -t nat`` lists them."""
    proto = rule.protocol.lower()
    svc_chain = chain_names(rule)
    lines = []
    eps = rule.usable()
    if not eps:
        lines.append(f'-A KUBE-SERVICES -d {rule.cluster_ip}/32 -p {proto} -m comment --comment "{rule.name} has no '
                     f'endpoints" -m {proto} --dport {rule.port} -j REJECT --reject-with icmp-port-unreachable')
        if rule.node_port:
            lines.append(f'-A KUBE-EXTERNAL-SERVICES -p {proto} -m comment --comment "{rule.name} has no endpoints" '
                         f'-m addrtype --dst-type LOCAL -m {proto} --dport {rule.node_port} -j REJECT '
                         f'--reject-with icmp-port-unreachable')
        return lines
    # Outside traffic (node ports, load-balancer IPs) enters through KUBE-EXT-…, which marks it
    # for masquerading; traffic to the cluster IP from outside the pod network is marked in
    # KUBE-SVC-…, and a pod reaching itself through the Service (hairpin) in KUBE-SEP-….
    ext_chain = "KUBE-EXT-" + svc_chain.removeprefix("KUBE-SVC-")
    lines.append(f'-A KUBE-SERVICES -d {rule.cluster_ip}/32 -p {proto} -m comment --comment "{rule.name} cluster IP" '
                 f'-m {proto} --dport {rule.port} -j {svc_chain}')
    for ip in rule.lb_ips:
        lines.append(f'-A KUBE-SERVICES -d {ip}/32 -p {proto} -m comment --comment "{rule.name} loadbalancer IP" '
                     f'-m {proto} --dport {rule.port} -j {ext_chain}')
    if rule.node_port:
        lines.append(f'-A KUBE-NODEPORTS -p {proto} -m comment --comment "{rule.name}" -m {proto} '
                     f'--dport {rule.node_port} -j {ext_chain}')
    if rule.node_port or rule.lb_ips:
        lines.append(f'-A {ext_chain} -m comment --comment "masquerade traffic for {rule.name} external destinations" '
                     f'-j KUBE-MARK-MASQ')
        lines.append(f'-A {ext_chain} -j {svc_chain}')
    lines.append(f'-A {svc_chain} ! -s {CLUSTER_CIDR} -d {rule.cluster_ip}/32 -p {proto} -m comment --comment '
                 f'"{rule.name} cluster IP" -m {proto} --dport {rule.port} -j KUBE-MARK-MASQ')
    if rule.affinity:
        for ep in eps:
            lines.append(f'-A {svc_chain} -m comment --comment "{rule.name} -> {ep.address}" -m recent --name '
                         f'{chain_names(rule, ep)} --mask 255.255.255.255 --rsource --rcheck --seconds '
                         f'{rule.affinity_seconds} --reap -j {chain_names(rule, ep)}')
    for i, ep in enumerate(eps):
        left = len(eps) - i
        stat = f" -m statistic --mode random --probability {1.0 / left:0.10f}" if left > 1 else ""
        lines.append(f'-A {svc_chain} -m comment --comment "{rule.name} -> {ep.address}"{stat} -j {chain_names(rule, ep)}')
    for ep in eps:
        sep = chain_names(rule, ep)
        recent = f" -m recent --set --name {sep} --mask 255.255.255.255 --rsource" if rule.affinity else ""
        lines.append(f'-A {sep} -s {ep.address.rsplit(":", 1)[0]}/32 -m comment --comment "{rule.name}" -j KUBE-MARK-MASQ')
        lines.append(f'-A {sep} -p {proto} -m comment --comment "{rule.name}"{recent} -m {proto} '
                     f'-j DNAT --to-destination {ep.address}')
    return lines
