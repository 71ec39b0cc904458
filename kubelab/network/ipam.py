"""Pod IP addresses from each node's podCIDR (the host-local IPAM plugin:
round-robin through the range, .1 is the bridge's gateway)."""
from __future__ import annotations

import ipaddress


class NodeIPAM:
    def __init__(self, cidr: str):
        self.network = ipaddress.ip_network(cidr)
        self.used: set[str] = set()
        self._next = 2

    def allocate(self) -> str:
        size = self.network.num_addresses
        for _ in range(size):
            offset = self._next
            self._next = self._next + 1 if self._next + 1 < size - 1 else 2
            ip = str(self.network.network_address + offset)
            if ip not in self.used:
                self.used.add(ip)
                return ip
        raise RuntimeError(f"no free pod IPs in {self.network}")

    def release(self, ip: str) -> None:
        self.used.discard(ip)
