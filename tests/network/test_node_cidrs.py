"""Node pod CIDRs from the cluster CIDR, as kube-controller-manager's range allocator gives them."""
import pytest

import kubelab
from kubelab.network.ipam import NO_CIDRS_REMAINING, CIDRExhausted, ClusterCIDRSet


def cidrs(c):
    out = c.kubectl("get nodes -o custom-columns=N:.metadata.name,C:.spec.podCIDR").stdout
    return [line.split() for line in out.splitlines()[1:]]


def test_the_default_is_minikube_s_10_244_0_0_16_in_24s():
    c = kubelab.Cluster(workers=2, pause=0)
    assert cidrs(c) == [["minikube", "10.244.0.0/24"], ["minikube-m02", "10.244.1.0/24"],
                        ["minikube-m03", "10.244.2.0/24"]]


def test_a_custom_cluster_cidr_and_mask_size():
    c = kubelab.Cluster(workers=2, pause=0, pod_network_cidr="172.16.0.0/20", node_cidr_mask_size=26)
    assert cidrs(c) == [["minikube", "172.16.0.0/26"], ["minikube-m02", "172.16.0.64/26"],
                        ["minikube-m03", "172.16.0.128/26"]]
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.settle()
    ips = {p["spec"]["nodeName"]: p["status"]["podIP"] for p in c.api.list("pods", "default")}
    assert ips["minikube-m03"].startswith("172.16.0.1") and all(ip.startswith("172.16.0.") for ip in ips.values())


def test_more_nodes_than_blocks_leaves_the_last_without_a_range_as_the_controller_does():
    c = kubelab.Cluster(workers=2, pause=0, pod_network_cidr="10.100.0.0/23", node_cidr_mask_size=24)
    assert cidrs(c)[2] == ["minikube-m03", "<none>"]
    ev = c.kubectl("get events --field-selector involvedObject.name=minikube-m03 -o "
                   "custom-columns=REASON:.reason,SOURCE:.source.component,MESSAGE:.message").stdout.split("\n", 1)[1]
    assert ev.split(None, 2) == ["CIDRNotAvailable", "cidrAllocator", "Node minikube-m03 status is now: CIDRNotAvailable\n"]
    assert c.kubectl("get node minikube-m03 --no-headers").stdout.split()[1] == "NotReady"
    c.kubectl("create deployment web --image=nginx --replicas=4")
    c.settle()
    assert {p["spec"]["nodeName"] for p in c.api.list("pods", "default")} == {"minikube", "minikube-m02"}


def test_allocate_next_wraps_reuses_released_blocks_and_says_when_none_is_left():
    s = ClusterCIDRSet("10.0.0.0/30", 31)
    assert [s.allocate_next(), s.allocate_next()] == ["10.0.0.0/31", "10.0.0.2/31"]
    with pytest.raises(CIDRExhausted, match="^" + NO_CIDRS_REMAINING + "$"):
        s.allocate_next()
    s.release("10.0.0.0/31")
    assert s.allocate_next() == "10.0.0.0/31"
    s.release("192.168.0.0/31")                   # not from this range: nothing changes
    with pytest.raises(CIDRExhausted):
        s.allocate_next()


def test_a_deleted_node_gives_its_block_back():
    c = kubelab.Cluster(workers=1, pause=0, pod_network_cidr="10.100.0.0/23", node_cidr_mask_size=24)
    c.kubectl("delete node minikube-m02")
    c.add_node("late", "192.168.49.9")
    assert dict(cidrs(c)) == {"late": "10.100.1.0/24", "minikube": "10.100.0.0/24"}


@pytest.mark.parametrize("cidr,mask,message", [
    ("10.244.0.0/33", 24, "invalid cluster CIDR '10.244.0.0/33'"),
    ("10.244.0.0/16", 8, "node CIDR mask size 8 must be between the cluster CIDR's 16 and 32"),
    ("fd00::/32", 64, "New CIDR set failed; the node CIDR size is too big"),
])
def test_impossible_configurations_are_refused_when_the_cluster_is_made(cidr, mask, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        kubelab.Cluster(pod_network_cidr=cidr, node_cidr_mask_size=mask)
