import re

import pytest

import kubelab
from kubelab.setup import machines, pki

INIT = ("kubeadm init --image-repository registry.aliyuncs.com/google_containers \\\n"
        "             --pod-network-cidr=10.244.0.0/16 \\\n             --ignore-preflight-errors=Swap \\\n             --cri-socket unix:///var/run/cri-dockerd.sock")
CRI = " --cri-socket unix:///var/run/cri-dockerd.sock"    # Docker Engine and cri-dockerd: two CRI sockets
FLANNEL = "https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml"
KUBECONFIG = ("mkdir -p $HOME/.kube\nsudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config\n"
              "sudo chown $(id -u):$(id -g) $HOME/.kube/config")


@pytest.fixture(scope="module")
def initialised():
    c = kubelab.Cluster(profile="bare", machines=3, blocked_registries={"k8s.gcr.io", "gcr.io", "registry.k8s.io"})
    r = machines.run(c, c.machines["master"], INIT)
    return c, r


def sh(c, host, text):
    return machines.run(c, c.machines[host], text)


def node_ready(c, name):
    n = c.get("node", name)
    return next(x["status"] for x in n["status"]["conditions"] if x["type"] == "Ready") == "True"


def test_init_succeeds_and_prints_a_join_line_with_the_real_ca_hash(initialised):
    c, r = initialised
    assert r.returncode == 0, r.stderr
    assert "Your Kubernetes control-plane has initialized successfully!" in r.stdout
    m = re.search(r"kubeadm join 10\.150\.31\.115:6443 --token (\S+) \\\n\t--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64}) \n$", r.stdout)
    assert m, r.stdout[-400:]
    assert re.fullmatch(r"[a-z0-9]{6}\.[a-z0-9]{16}", m.group(1))
    ca_pem = c.machines["master"].files["/etc/kubernetes/pki/ca.crt"]
    assert m.group(2) == pki.spki_hash(ca_pem)


def test_bootstrap_gives_ready_nodes_only_after_the_cni():
    c = kubelab.Cluster(profile="bare", machines=2)
    join = sh(c, "master", INIT).stdout.split("root:\n\n")[1].strip() + CRI
    assert sh(c, "master", "kubectl get nodes").returncode == 1          # no kubeconfig yet
    sh(c, "master", KUBECONFIG)
    assert sh(c, "node1", join).returncode == 0
    c.settle()
    c.run(30)
    assert not node_ready(c, "master") and not node_ready(c, "node1")
    node = c.get("node", "master")
    ready = next(x for x in node["status"]["conditions"] if x["type"] == "Ready")
    assert "cni plugin not initialized" in ready["message"]
    coredns = [p for p in c.api.list("pods", "kube-system") if p["metadata"]["name"].startswith("coredns-")]
    assert coredns and all(p["status"]["phase"] == "Pending" for p in coredns)
    assert "created" in sh(c, "master", f"kubectl apply -f {FLANNEL}").stdout
    c.settle()
    assert node_ready(c, "master") and node_ready(c, "node1")
    assert c.get("node", "node1")["spec"]["podCIDR"] == "10.244.1.0/24"
    assert all(p["status"]["phase"] == "Running" for p in c.api.list("pods", "kube-system")
               if p["metadata"]["name"].startswith("coredns-"))
    ds = c.api.get("daemonsets", "kube-flannel-ds", "kube-flannel")
    assert ds["status"]["numberReady"] == 2


def test_wrong_hash_and_wrong_token_are_refused(initialised):
    c, r = initialised
    join = r.stdout.split("root:\n\n")[1].strip() + CRI
    token = re.search(r"--token (\S+)", join).group(1)
    bad_hash = sh(c, "node2", re.sub(r"sha256:\w+", "sha256:" + "0" * 64, join))
    assert bad_hash.returncode == 1
    assert "none of the public keys" in bad_hash.stderr and "are pinned" in bad_hash.stderr
    bad_token = sh(c, "node2", join.replace(token, "abcdef.0123456789abcdef"))
    assert 'could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"' in bad_token.stderr
    wrong_secret = sh(c, "node2", join.replace(token, token[:7] + "0123456789abcdef"))
    assert "failed to verify JWS signature" in wrong_secret.stderr
    assert c.get("node", "node2") is None


def test_swap_on_makes_the_kubelet_fail_even_with_the_ignore_flag():
    c = kubelab.Cluster(profile="bare", machines=1, swap=True)
    r = sh(c, "master", INIT)
    assert "[WARNING Swap]" in r.stdout and r.returncode == 1
    assert "The kubelet is not healthy after 4m0" in r.stdout
    again = sh(c, "master", "swapoff -a && " + INIT)
    assert "[ERROR Port-6443]: Port 6443 is in use" in again.stderr
    assert sh(c, "master", "kubeadm reset -f && " + INIT).returncode == 0


def test_without_image_repository_blocked_registry_fails_preflight():
    c = kubelab.Cluster(profile="bare", machines=1, blocked_registries={"registry.k8s.io"})
    r = sh(c, "master", "kubeadm init --pod-network-cidr=10.244.0.0/16" + CRI)
    assert r.returncode == 1 and "[ERROR ImagePull]: failed to pull image registry.k8s.io/kube-apiserver:v1.32.0" in r.stderr


def test_admin_conf_copied_to_a_worker_lets_kubectl_run_there():
    c = kubelab.Cluster(profile="bare", machines=2)
    join = sh(c, "master", INIT).stdout.split("root:\n\n")[1].strip() + CRI
    sh(c, "node1", join)
    assert "localhost:8080 was refused" in sh(c, "node1", "kubectl get nodes").stderr
    sh(c, "node1", "mkdir -p $HOME/.kube")
    assert sh(c, "master", "scp /etc/kubernetes/admin.conf node1:/root/.kube/config").returncode == 0
    out = sh(c, "node1", "kubectl get nodes").stdout
    assert "master" in out and "node1" in out
    view = sh(c, "node1", "kubectl config view").stdout
    assert "server: https://10.150.31.115:6443" in view and "current-context: kubernetes-admin@kubernetes" in view


def test_token_create_prints_a_join_command_that_works():
    c = kubelab.Cluster(profile="bare", machines=2)
    sh(c, "master", INIT)
    line = sh(c, "master", "kubeadm token create --print-join-command").stdout
    assert line.startswith("kubeadm join 10.150.31.115:6443 --token ")
    assert sh(c, "node1", line.strip() + CRI).returncode == 0
