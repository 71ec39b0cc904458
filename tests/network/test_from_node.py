"""A request from a node's own shell (Cluster.curl(from_node=...)): the node reaches
ClusterIPs through its kube-proxy rules and nodePorts on its address, but it has no
cluster DNS."""
import pytest

import kubelab


@pytest.fixture(scope="module")
def cluster():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.kubectl("expose deployment hello-node --type=NodePort --port=8080")
    c.settle()
    return c


def test_a_node_reaches_a_clusterip_through_its_own_kube_proxy_rules(cluster):
    ip = cluster.get("service", "hello-node")["spec"]["clusterIP"]
    r = cluster.curl(f"http://{ip}:8080/", from_node="minikube")
    assert r.status == 200 and r.pod.startswith("hello-node-")
    assert r.trace[0] == f"Node minikube (192.168.49.2) opens a connection to {ip}:8080."
    # not from the pod network: masqueraded to the node's bridge address (KUBE-MARK-MASQ)
    assert "client_address=10.244.0.1" in r.body


def test_a_node_cannot_resolve_service_names(cluster):
    r = cluster.curl("http://hello-node:8080/", from_node="minikube")
    assert r.status == 0 and r.error == "Could not resolve host"
    assert "the node uses its own resolver" in r.trace[-1]


def test_an_unknown_node_is_refused_before_anything_is_sent(cluster):
    with pytest.raises(ValueError, match='nodes "nowhere" not found'):
        cluster.curl("http://10.96.0.1/", from_node="nowhere")
