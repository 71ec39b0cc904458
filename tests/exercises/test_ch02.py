"""Chapter 02 exercises: the solution passes, wrong answers fail with a hint."""
from __future__ import annotations

import kubelab
from kubelab.exercises import ch02
from kubelab.setup.machines import run

BLOCKED = {"k8s.gcr.io", "gcr.io"}
ALIYUN = "registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4"


def test_hello_node_running_after_pull_and_retag_on_the_node():
    c = kubelab.Cluster(blocked_registries=BLOCKED)
    assert not ch02.hello_node_running(c)
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.run(40)
    check = ch02.hello_node_running(c)
    assert not check and "Running" in check.message
    node = c.machines["minikube"]
    assert run(c, node, f"docker pull {ALIYUN}").returncode == 0
    assert run(c, node, f"docker tag {ALIYUN} k8s.gcr.io/echoserver:1.4").returncode == 0
    c.kubectl("delete pods -l app=hello-node")
    c.settle()
    assert ch02.hello_node_running(c)


def test_hello_node_running_wants_the_blocked_cluster_and_the_right_image():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    assert "blocked_registries" in ch02.hello_node_running(c).message
    b = kubelab.Cluster(blocked_registries=BLOCKED)
    b.kubectl("create deployment hello-node --image=nginx")
    b.settle()
    assert "not echoserver" in ch02.hello_node_running(b).message


def test_anjia_name():
    image = "gcr.io/google-samples/kubernetes-bootcamp:v1"
    assert ch02.anjia_name(image, "anjia0532/google-samples.kubernetes-bootcamp:v1")
    assert not ch02.anjia_name(image, "anjia0532/google-samples/kubernetes-bootcamp:v1")
    assert not ch02.anjia_name(image, "anjia0532/google-samples.kubernetes-bootcamp")


def test_bootcamp_running_only_through_a_mirror():
    c = kubelab.Cluster(blocked_registries=BLOCKED)
    assert not ch02.bootcamp_running(c)
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    assert "cannot reach" in ch02.bootcamp_running(c).message
    c.kubectl("set image deployment/kubernetes-bootcamp kubernetes-bootcamp=anjia0532/google-samples.kubernetes-bootcamp:v1")
    c.settle()
    assert ch02.bootcamp_running(c)
