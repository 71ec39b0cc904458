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


def hello_app():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello --image=gcr.io/google-samples/hello-app:1.0 --replicas=5 --port=8080")
    c.kubectl("expose deployment hello --type=NodePort")
    c.settle()
    return c


def _patch_lifecycle(c, lifecycle: str, grace: int | None = None) -> None:
    extra = f',"terminationGracePeriodSeconds":{grace}' if grace is not None else ""
    body = ('{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":%s}]%s}}}}'
            % (lifecycle, extra))
    assert c.kubectl(["patch", "deployment", "hello", "-p", body]).returncode == 0
    c.settle()


def test_survives_rollouts_fails_without_a_prestop_wait():
    c = hello_app()
    check = ch08.survives_rollouts(c)
    assert not check and "stop signal the moment" in check.message
    _patch_lifecycle(c, '{"preStop":{"sleep":{"seconds":1}}}')
    check = ch08.survives_rollouts(c)
    assert not check and "Wait longer" in check.message
    _patch_lifecycle(c, '{"preStop":{"sleep":{"seconds":40}}}')
    check = ch08.survives_rollouts(c)
    assert not check and "grace period is 30 s" in check.message


def test_survives_rollouts_passes_with_a_prestop_sleep_either_way():
    c = hello_app()
    _patch_lifecycle(c, '{"preStop":{"sleep":{"seconds":5}}}')
    assert ch08.survives_rollouts(c)
    _patch_lifecycle(c, '{"preStop":{"exec":{"command":["sh","-c","sleep 3"]}}}', grace=20)
    assert ch08.survives_rollouts(c)


def test_survives_rollouts_waits_for_the_rollout():
    c = hello_app()
    body = '{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":{"preStop":{"sleep":{"seconds":5}}}}]}}}}'
    c.pause = 0
    c.kubectl(["patch", "deployment", "hello", "-p", body])
    c.pump()
    check = ch08.survives_rollouts(c)
    assert not check and "not finished" in check.message


def test_missing_deployment_is_reported_for_exercise_3():
    assert "no Deployment" in ch08.survives_rollouts(kubelab.Cluster()).message
