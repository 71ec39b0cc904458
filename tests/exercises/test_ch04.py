"""Chapter 04 exercises: the solution passes, wrong answers fail with a hint."""
from __future__ import annotations

import kubelab
from kubelab.exercises import ch04

NODEPORT_SVC = """apiVersion: v1
kind: Service
metadata: {name: hello-node}
spec:
  type: NodePort
  selector: {app: hello-node}
  ports: [{port: 8080, nodePort: 31000}]
"""


def hello():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4 --replicas=2")
    c.settle()
    return c


def test_node_port_31000_passes_with_the_manifest_and_fails_with_a_random_port():
    c = hello()
    assert not ch04.node_port_31000(c)
    c.kubectl("expose deployment hello-node --type=NodePort --port=8080")
    check = ch04.node_port_31000(c)
    assert not check and "not 31000" in check.message
    c.kubectl("delete service hello-node")
    c.kubectl("apply -f -", stdin=NODEPORT_SVC)
    c.settle()
    assert ch04.node_port_31000(c)


def test_node_port_31000_fails_for_a_cluster_ip_service():
    c = hello()
    c.kubectl("expose deployment hello-node --port=8080")
    assert "only NodePort and LoadBalancer" in ch04.node_port_31000(c).message


def test_cluster_ip_from_outside_quiz():
    assert ch04.cluster_ip_from_outside("timeout")
    assert not ch04.cluster_ip_from_outside("200")
    assert not ch04.cluster_ip_from_outside("maybe")


def test_headless_passes_only_with_cluster_ip_none():
    c = hello()
    c.kubectl("expose deployment hello-node --name=hello-headless --port=8080")
    assert not ch04.headless(c)
    c.kubectl("delete service hello-headless")
    c.kubectl("expose deployment hello-node --name=hello-headless --port=8080 --cluster-ip=None")
    c.settle()
    assert ch04.headless(c)
