"""Cluster(profile="kubeadm"): what kubeadm init + flannel + join leave behind."""
import kubelab


def test_a_kubeadm_cluster_looks_like_init_flannel_and_join_made_it():
    c = kubelab.Cluster(profile="kubeadm", workers=2)
    assert c.now == 60.0 and sorted(c.machines) == ["master", "node1", "node2"]
    nodes = c.kubectl("get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR,TAINTS:.spec.taints[*].key")
    assert nodes.stdout == ("NAME     CIDR            TAINTS\n"
                            "master   10.244.0.0/24   node-role.kubernetes.io/control-plane\n"
                            "node1    10.244.1.0/24   <none>\n"
                            "node2    10.244.2.0/24   <none>\n")
    assert [line.split()[1] for line in c.kubectl("get nodes --no-headers").stdout.splitlines()] == ["Ready"] * 3
    system = c.kubectl("get pods -n kube-system --no-headers -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName")
    names = [line.split()[0] for line in system.stdout.splitlines()]
    assert {"etcd-master", "kube-apiserver-master", "kube-controller-manager-master", "kube-scheduler-master"} <= set(names)
    assert sum(n.startswith("coredns-") for n in names) == 2 and sum(n.startswith("kube-proxy-") for n in names) == 3
    ds = c.kubectl("get ds -n kube-flannel --no-headers").stdout.split()
    assert ds[:6] == ["kube-flannel-ds", "3", "3", "3", "3", "3"]
    # the config kubeadm stored, and the admin kubeconfig where kubectl looks for it
    assert "podSubnet: 10.244.0.0/16" in c.get("configmap", "kubeadm-config", "kube-system")["data"]["ClusterConfiguration"]
    assert "/root/.kube/config" in c.machines["master"].files


def test_user_pods_land_on_the_workers_only():
    c = kubelab.Cluster(profile="kubeadm", workers=2)
    c.kubectl("create deployment web --image=nginx --replicas=4")
    c.settle()
    pods = c.api.list("pods", "default")
    assert len(pods) == 4 and {p["status"]["phase"] for p in pods} == {"Running"}
    assert {p["spec"]["nodeName"] for p in pods} == {"node1", "node2"}
    assert all(p["status"]["podIP"].startswith(("10.244.1.", "10.244.2.")) for p in pods)


def test_a_single_node_kubeadm_cluster_keeps_user_pods_off_the_tainted_control_plane():
    c = kubelab.Cluster(profile="kubeadm")
    c.kubectl("run p --image=nginx")
    c.settle()
    assert c.get("pod", "p")["status"]["phase"] == "Pending"
    assert "untolerated taint {node-role.kubernetes.io/control-plane: }" in c.kubectl("describe pod p").stdout
