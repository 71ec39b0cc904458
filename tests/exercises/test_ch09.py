"""Chapter 09 exercises: the solution passes, wrong answers fail with a hint."""
from __future__ import annotations

import kubelab
from kubelab.exercises import ch09

MANUAL = """apiVersion: v1
kind: Pod
metadata: {name: manual}
spec:
  nodeName: minikube
  containers: [{name: web, image: nginx}]
"""


def test_quizzes():
    assert ch09.who_picks_the_node("kube-scheduler")
    assert not ch09.who_picks_the_node("kubelet")
    assert not ch09.who_picks_the_node("the boss")
    assert ch09.who_writes_service_rules("kube-proxy")
    assert not ch09.who_writes_service_rules("coredns")


def test_without_scheduler_fails_for_a_scheduled_pod_and_passes_for_a_bound_one():
    c = kubelab.Cluster()
    assert not ch09.without_scheduler(c)
    c.kubectl("run manual --image=nginx")
    c.settle()
    assert "scheduler bound" in ch09.without_scheduler(c).message
    c.kubectl("delete pod manual --now")
    c.kubectl("apply -f -", stdin=MANUAL)
    c.settle()
    assert ch09.without_scheduler(c)
