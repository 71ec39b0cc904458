"""Chapter 03 checks: the solution passes, a wrong answer does not."""
import kubelab
from kubelab.exercises import ch03


def test_replicaset_recreated_needs_a_deleted_replicaset_and_a_new_one():
    c = kubelab.Cluster()
    assert "Exercise 1" in ch03.replicaset_recreated(c).message
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=2")
    c.settle()
    assert not ch03.replicaset_recreated(c)
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    c.kubectl(f"delete pod {pod}")                       # a pod is not the ReplicaSet
    c.settle()
    assert "delete the ReplicaSet" in ch03.replicaset_recreated(c).message
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    c.kubectl(f"delete rs {rs}")
    c.settle()
    check = ch03.replicaset_recreated(c)
    assert check and rs in check.message


def test_web_deployment_wants_the_image_and_replicas():
    c = kubelab.Cluster()
    assert not ch03.web_deployment(c)
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=3")
    c.settle()
    assert "spec.replicas is 3" in ch03.web_deployment(c).message
    c.kubectl("scale deployment web --replicas=2")
    c.settle()
    assert ch03.web_deployment(c)


def test_self_healing_needs_a_deleted_pod_of_hello_node():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    assert not ch03.self_healing(c)
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    c.kubectl(f"delete pod {pod}")
    c.settle()
    assert ch03.self_healing(c)
