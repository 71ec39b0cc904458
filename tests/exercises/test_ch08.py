"""Chapter 08 exercises: both ways."""
from __future__ import annotations

import kubelab
from kubelab.exercises import ch08

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  labels: {app.kubernetes.io/name: load-balancer-example}
  name: hello-world
spec:
  replicas: 5
  selector:
    matchLabels: {app.kubernetes.io/name: load-balancer-example}
  template:
    metadata:
      labels: {app.kubernetes.io/name: load-balancer-example}
    spec:
      containers:
      - image: anjia0532/google-samples.node-hello:1.0
        name: hello-world
        ports: [{containerPort: 8080}]
"""


def world():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=DEPLOY)
    c.kubectl("expose deployment hello-world --type=LoadBalancer --name=my-service")
    c.settle()
    return c


def test_sticky_sessions_fail_by_default_and_pass_with_client_ip_affinity():
    c = world()
    check = ch08.sticky_sessions(c)
    assert not check and "sessionAffinity" in check.message
    c.kubectl("delete service my-service")
    c.kubectl("expose deployment hello-world --type=LoadBalancer --name=my-service --session-affinity=ClientIP")
    c.settle()
    assert ch08.sticky_sessions(c)


def test_external_ip_needs_the_tunnel():
    c = world()
    check = ch08.external_ip(c)
    assert not check and "<pending>" in check.message
    c.minikube("tunnel")
    assert ch08.external_ip(c)


def test_missing_service_is_reported():
    c = kubelab.Cluster()
    assert "no Service" in ch08.external_ip(c).message
