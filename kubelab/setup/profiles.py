"""``Cluster(profile="kubeadm", workers=N)``: the cluster chapter 01 builds by hand.

It is built by the same commands, run on the bare profile's machines: ``kubeadm
init --pod-network-cidr=10.244.0.0/16`` on ``master``, the admin kubeconfig copied
to ``$HOME/.kube/config``, flannel applied, and ``kubeadm join`` on ``node1`` ...
``nodeN``.  So it has what such a cluster has: nodes named after their machines,
the static control-plane pods and CoreDNS in kube-system, the kube-flannel
DaemonSet in kube-flannel, the control-plane taint on master, a pod CIDR per node.
"""
from __future__ import annotations

from ..result import Result
from .machines import run as host

POD_NETWORK_CIDR = "10.244.0.0/16"     # flannel's default network (its net-conf.json)
FLANNEL_URL = "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml"


def boot_kubeadm(cluster, workers: int) -> None:
    master = cluster.machines["master"]
    # Docker Engine with cri-dockerd: two CRI sockets, so kubeadm is told which one (init and join)
    cri = " --cri-socket unix:///var/run/cri-dockerd.sock"
    init = _checked(host(cluster, master, f"kubeadm init --pod-network-cidr={POD_NETWORK_CIDR}" + cri), "kubeadm init")
    join = init.stdout.split("on each as root:\n\n")[1].strip() + cri
    _checked(host(cluster, master, "mkdir -p $HOME/.kube && cp -i /etc/kubernetes/admin.conf $HOME/.kube/config"),
             "copying admin.conf")
    _checked(host(cluster, master, f"kubectl apply -f {FLANNEL_URL}"), "kubectl apply (flannel)")
    for i in range(1, workers + 1):
        _checked(host(cluster, cluster.machines[f"node{i}"], join), f"kubeadm join on node{i}")


def _checked(result: Result, what: str) -> Result:
    if result.returncode != 0:       # the kit's own script failed: a bug, not a learner's mistake
        raise RuntimeError(f"the kubeadm profile could not boot: {what} failed:\n{result.stderr}")
    return result
