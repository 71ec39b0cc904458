"""Chapter 05 checks: the solution passes, a wrong answer does not."""
import kubelab
from kubelab.exercises import ch05

NAME = "kubernetes-bootcamp"


def cluster():
    c = kubelab.Cluster()
    c.kubectl(f"create deployment {NAME} --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.settle()
    return c


def test_scaled():
    c = cluster()
    assert not ch05.scaled(c)
    c.kubectl(f"scale deployments/{NAME} --replicas=2")
    c.settle()
    assert not ch05.scaled(c)
    c.kubectl(f"scale deployments/{NAME} --replicas=3")
    c.settle()
    assert ch05.scaled(c)


def test_rolled_out():
    c = cluster()
    image = "jocatalin/kubernetes-bootcamp:v2"
    assert not ch05.rolled_out(c, image)
    c.kubectl(f"set image deployments/{NAME} {NAME}=jocatalin/kubernetes-bootcamp:v10")
    c.run(30)
    assert not ch05.rolled_out(c, "jocatalin/kubernetes-bootcamp:v10")     # stalled, never complete
    c.kubectl(f"set image deployments/{NAME} {NAME}={image}")
    c.settle()
    assert ch05.rolled_out(c, image)


def test_labelled_but_kept():
    c = cluster()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    assert not ch05.labelled_but_kept(c)
    c.kubectl(f"label pod {pod} tier=web")
    assert ch05.labelled_but_kept(c)
    c.kubectl(f"label pod {pod} app=other --overwrite")
    c.settle()
    assert not ch05.labelled_but_kept(c)


def test_rollout_bounds():
    assert ch05.rollout_bounds(13, 8)
    assert not ch05.rollout_bounds(12, 8)
    assert not ch05.rollout_bounds(13, 7)
