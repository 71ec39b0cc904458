"""NodeIPAM's addresses as text worked out from ints are ipaddress's own, in the same order."""
import ipaddress

from kubelab.network.ipam import NodeIPAM


def general(cidr, taken):
    """The allocator as it was: ipaddress arithmetic and str() at every address."""
    net = ipaddress.ip_network(cidr)
    size, nxt, used, out = net.num_addresses, 2, set(), []
    for _ in range(taken):
        for _ in range(size):
            offset = nxt
            nxt = nxt + 1 if nxt + 1 < size - 1 else 2
            ip = str(net.network_address + offset)
            if ip not in used:
                used.add(ip)
                out.append(ip)
                break
    return out


def test_addresses_are_ipaddress_text_in_the_same_order():
    for cidr in ("10.244.0.0/24", "10.244.255.0/24", "10.0.0.0/28", "192.168.1.128/25", "0.0.0.0/30",
                 "255.255.255.0/24", "172.16.0.0/16", "fd00:10:244::/120", "2001:db8::/124"):
        ipam = NodeIPAM(cidr)
        size = ipam.network.num_addresses
        taken = min(size - 3, 300)
        assert [ipam.allocate() for _ in range(taken)] == general(cidr, taken), cidr


def test_a_released_address_is_given_again_when_its_turn_comes():
    ipam = NodeIPAM("10.0.0.0/29")          # .2 .. .6
    got = [ipam.allocate() for _ in range(5)]
    ipam.release(got[1])
    assert ipam.allocate() == got[1]
