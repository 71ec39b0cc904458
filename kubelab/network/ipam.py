"""Pod IP addresses from each node's podCIDR (the host-local IPAM plugin:
round-robin through the range, .1 is the bridge's gateway)."""
from __future__ import annotations

import ipaddress


class NodeIPAM:
    """
    >>> ipam = NodeIPAM("10.244.1.0/24")
    >>> ipam.allocate(), ipam.allocate()
    ('10.244.1.2', '10.244.1.3')
    >>> NodeIPAM("fd00:10:244:1::/120").allocate()
    'fd00:10:244:1::2'
    """

    def __init__(self, cidr: str):
        self.network = ipaddress.ip_network(cidr)
        self.used: set[str] = set()
        self._next = 2
        # the range as ints, worked out once (the ipaddress objects' arithmetic and
        # text are Python code: a third of a pod's sandbox set-up when done each time)
        self._size = self.network.num_addresses
        self._base = int(self.network.network_address)
        self._v4 = self.network.version == 4

    def _text(self, offset: int) -> str:
        """``str(network_address + offset)``; an IPv4 address's dotted quad directly."""
        n = self._base + offset
        if self._v4:
            return f"{n >> 24}.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        return str(ipaddress.IPv6Address(n))

    def allocate(self) -> str:
        size = self._size
        for _ in range(size):
            offset = self._next
            self._next = self._next + 1 if self._next + 1 < size - 1 else 2
            ip = self._text(offset)
            if ip not in self.used:
                self.used.add(ip)
                return ip
        raise RuntimeError(f"no free pod IPs in {self.network}")

    def release(self, ip: str) -> None:
        self.used.discard(ip)


#: cidrset.ErrCIDRRangeNoCIDRsRemaining (pkg/controller/nodeipam/ipam/cidrset)
NO_CIDRS_REMAINING = "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range"


class CIDRExhausted(Exception):
    """What AllocateOrOccupyCIDR returns when the cluster CIDR has no block left."""


class ClusterCIDRSet:
    """The node IPAM controller's range allocator (kube-controller-manager
    ``--cluster-cidr``, ``--node-cidr-mask-size``): one block per node, the next
    free one after the last handed out, wrapping around; released when the node goes.

    >>> s = ClusterCIDRSet("10.244.0.0/16", 24)
    >>> s.allocate_next(), s.allocate_next(), s.max_cidrs
    ('10.244.0.0/24', '10.244.1.0/24', 256)
    """

    def __init__(self, cluster_cidr: str, node_mask_size: int):
        try:
            self.cluster = ipaddress.ip_network(cluster_cidr)
        except ValueError as err:
            raise ValueError(f"invalid cluster CIDR {cluster_cidr!r}: {err}") from None
        bits = self.cluster.max_prefixlen
        if not self.cluster.prefixlen <= node_mask_size <= bits:
            raise ValueError(f"node CIDR mask size {node_mask_size} must be between the cluster CIDR's "
                             f"{self.cluster.prefixlen} and {bits}")
        if self.cluster.version == 6 and node_mask_size - self.cluster.prefixlen > 16:
            raise ValueError("New CIDR set failed; the node CIDR size is too big")   # ErrCIDRSetSubNetTooBig
        self.node_mask_size = node_mask_size
        self.max_cidrs = 1 << (node_mask_size - self.cluster.prefixlen)
        self._used: set[int] = set()
        self._next = 0

    def _block(self, index: int) -> str:
        base = int(self.cluster.network_address) | (index << (self.cluster.max_prefixlen - self.node_mask_size))
        return f"{ipaddress.ip_address(base)}/{self.node_mask_size}"

    def allocate_next(self) -> str:
        """cidrset.AllocateNext: the first free block from the next candidate on."""
        if len(self._used) == self.max_cidrs:
            raise CIDRExhausted(NO_CIDRS_REMAINING)
        candidate = self._next
        while candidate in self._used:
            candidate = (candidate + 1) % self.max_cidrs
        self._next = (candidate + 1) % self.max_cidrs
        self._used.add(candidate)
        return self._block(candidate)

    def release(self, cidr: str) -> None:
        net = ipaddress.ip_network(cidr)
        if net.version != self.cluster.version or not net.subnet_of(self.cluster):
            return
        index = (int(net.network_address) ^ int(self.cluster.network_address)) >> (
            self.cluster.max_prefixlen - self.node_mask_size)
        self._used.discard(index)
