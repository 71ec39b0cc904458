"""The apiserver's allocators: Service ClusterIPs and nodePorts (as admission on create)."""
from __future__ import annotations

import ipaddress
import random

from . import errors
from .meta import Obj

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORT_RANGE = (30000, 32767)


class ServiceAllocator:
    """Random allocation from the cluster's RNG.  As in the apiserver, dynamic
    ClusterIPs prefer the upper band and leave the lowest addresses (10.96.0.1,
    10.96.0.10, ...) to services that ask for them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ips: dict[str, str] = {}          # ip -> service key
        self.ports: dict[int, str] = {}        # nodePort -> service key
        size = SERVICE_CIDR.num_addresses
        self._band = min(max(16, size // 16), 256)

    def allocate_ip(self, key: str, wanted: str | None, field: str = "spec.clusterIPs") -> str:
        base = int(SERVICE_CIDR.network_address)
        if wanted:
            try:
                ip = ipaddress.ip_address(wanted)
            except ValueError:
                raise errors.invalid("Service", "", key.split("/")[-1], [(field, f'Invalid value: []string{{"{wanted}"}}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')])
            if ip not in SERVICE_CIDR or ip in (SERVICE_CIDR.network_address, SERVICE_CIDR.broadcast_address):
                raise errors.invalid("Service", "", key.split("/")[-1], [(field, f'Invalid value: []string{{"{wanted}"}}: failed to allocate IP {wanted}: the provided IP ({wanted}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}')])
            if wanted in self.ips:
                raise errors.invalid("Service", "", key.split("/")[-1], [(field, f'Invalid value: []string{{"{wanted}"}}: failed to allocate IP {wanted}: provided IP is already allocated')])
            self.ips[wanted] = key
            return wanted
        size = SERVICE_CIDR.num_addresses
        while True:
            offset = self.rng.randrange(self._band, size - 1)
            ip = str(ipaddress.ip_address(base + offset))
            if ip not in self.ips:
                self.ips[ip] = key
                return ip

    def release_ip(self, ip: str | None) -> None:
        if ip:
            self.ips.pop(ip, None)

    def allocate_port(self, key: str, wanted: int | None, field: str) -> int:
        lo, hi = NODE_PORT_RANGE
        name = key.split("/")[-1]
        if wanted:
            if not lo <= wanted <= hi:
                raise errors.invalid("Service", "", name, [(field, f"Invalid value: {wanted}: provided port is not in the valid range. The range of valid ports is {lo}-{hi}")])
            if wanted in self.ports and self.ports[wanted] != key:
                raise errors.invalid("Service", "", name, [(field, f"Invalid value: {wanted}: provided port is already allocated")])
            self.ports[wanted] = key
            return wanted
        band = min(max(16, (hi - lo + 1) // 32), 128)
        while True:
            port = self.rng.randint(lo + band, hi)
            if port not in self.ports:
                self.ports[port] = key
                return port

    def release_port(self, port: int | None) -> None:
        if port:
            self.ports.pop(port, None)

    # ------------------------------------------------------------ admission
    def admit(self, svc: Obj, old: Obj | None) -> None:
        """Fill spec.clusterIP(s) and nodePorts on create; keep them on update."""
        spec = svc.setdefault("spec", {})
        key = f"{svc['metadata'].get('namespace', 'default')}/{svc['metadata'].get('name', '')}"
        stype = spec.get("type", "ClusterIP")
        had_ip = False
        if old is not None:
            ospec = old.get("spec") or {}
            had_ip = bool(ospec.get("clusterIP"))
            if stype == "ExternalName" and ospec.get("clusterIP") not in (None, "", "None"):
                self.release_ip(ospec["clusterIP"])       # an ExternalName has no virtual IP
            elif not spec.get("clusterIP") and ospec.get("clusterIP"):
                spec["clusterIP"] = ospec["clusterIP"]
                spec["clusterIPs"] = list(ospec.get("clusterIPs") or [ospec["clusterIP"]])
            old_ports = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort") for p in ospec.get("ports") or []}
        else:
            old_ports = {}
            _check_ip_families(svc, key)
        if stype != "ExternalName" and (old is None or not had_ip):
            wanted = spec.get("clusterIP") or (spec.get("clusterIPs") or [None])[0]
            if wanted == "None":
                spec["clusterIP"] = "None"
                spec["clusterIPs"] = ["None"]
            else:
                ip = self.allocate_ip(key, wanted)
                spec["clusterIP"] = ip
                spec["clusterIPs"] = [ip]
        if stype in ("NodePort", "LoadBalancer"):
            for i, port in enumerate(spec.get("ports") or []):
                wanted = port.get("nodePort") or old_ports.get((port.get("port"), port.get("protocol", "TCP")))
                port["nodePort"] = self.allocate_port(key, wanted, f"spec.ports[{i}].nodePort")
        if old is not None:
            keep = {p.get("nodePort") for p in spec.get("ports") or []}
            for p in (old.get("spec") or {}).get("ports") or []:
                if p.get("nodePort") and p["nodePort"] not in keep:
                    self.release_port(p["nodePort"])

    def on_deleted(self, svc: Obj) -> None:
        spec = svc.get("spec") or {}
        if spec.get("clusterIP") not in (None, "None"):
            self.release_ip(spec["clusterIP"])
        for p in spec.get("ports") or []:
            self.release_port(p.get("nodePort"))


def _check_ip_families(svc: Obj, key: str) -> None:
    """The service registry's initIPFamilyFields on this single-stack IPv4 cluster:
    dual stack cannot be required and IPv6 is not configured (headless services
    without a selector are exempt)."""
    spec = svc["spec"]
    if spec.get("type") == "ExternalName" or (spec.get("clusterIP") == "None" and not spec.get("selector")):
        return
    causes = []
    if spec.get("ipFamilyPolicy") == "RequireDualStack":
        causes.append(("spec.ipFamilyPolicy", 'Invalid value: "RequireDualStack": Cluster is not configured for '
                                              "dual stack services"))
    ips = spec.get("clusterIPs")
    shown = "[]string(nil)" if ips is None else "[]string{" + ", ".join(f'"{ip}"' for ip in ips) + "}"
    for i, family in enumerate(spec.get("ipFamilies") or []):
        if family != "IPv4":
            causes.append((f"spec.ipFamilies[{i}]", f"Invalid value: {shown}: ipfamily {family} is not configured "
                                                     "on cluster"))
    if causes:
        raise errors.invalid("Service", "", key.split("/")[-1], causes)


def drop_type_dependent_fields(svc: Obj, old: Obj | None) -> None:
    """registry/core/service/storage dropTypeDependentFields: when an update changes
    the type away from NodePort/LoadBalancer (or to ExternalName) and the user left
    the allocated values as they were, the apiserver clears them itself, so that
    ``type: ClusterIP`` in an applied manifest is not refused for a stale nodePort."""
    if old is None:
        return
    spec, ospec = svc.get("spec") or {}, old.get("spec") or {}
    new_type, old_type = spec.get("type", "ClusterIP"), ospec.get("type", "ClusterIP")
    if new_type == old_type:
        return
    if old_type in ("NodePort", "LoadBalancer") and new_type in ("ClusterIP", "ExternalName"):
        old_ports = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort") for p in ospec.get("ports") or []}
        for p in spec.get("ports") or []:
            if p.get("nodePort") and p["nodePort"] == old_ports.get((p.get("port"), p.get("protocol", "TCP"))):
                del p["nodePort"]
        for field in ("externalTrafficPolicy", "healthCheckNodePort"):
            if spec.get(field) == ospec.get(field):
                spec.pop(field, None)
    if old_type == "LoadBalancer" and new_type != "LoadBalancer":
        if spec.get("allocateLoadBalancerNodePorts") == ospec.get("allocateLoadBalancerNodePorts"):
            spec.pop("allocateLoadBalancerNodePorts", None)
    if new_type == "ExternalName" and spec.get("clusterIP") == ospec.get("clusterIP"):
        for field in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"):
            spec.pop(field, None)
