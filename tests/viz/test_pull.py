"""The pull picture follows the runtime: mirrors in order, then the registry, with the
times and the outcome of the pod's own Events."""
from __future__ import annotations

import kubelab
from kubelab.viz import style
from kubelab.viz.pull import pull_png, pull_steps


def test_a_blocked_registry_is_reached_through_the_first_mirror_that_serves_it():
    c = kubelab.Cluster(blocked_registries={"docker.io"},
                        registry_mirrors={"docker.io": ["https://hub-mirror.c.163.com",
                                                        "https://docker.m.daocloud.io"]})
    c.kubectl("run web --image=nginx:1.27")
    c.settle()
    steps = pull_steps(c, "web")
    asked = [s.dst for s in steps if s.src == "container runtime" and s.dst != "kubelet"]
    assert asked == ["hub-mirror.c.163.com", "docker.m.daocloud.io"]          # in order; the registry never
    answers = {s.src: s.outcome for s in steps if s.dst == "container runtime" and s.src != "kubelet"}
    assert answers == {"hub-mirror.c.163.com": "not serving", "docker.m.daocloud.io": "ok"}
    assert steps[-1].outcome == "pulled" and steps[-1].dst == "kubelet"
    pulled = next(e for e in c.api.list("events", "default") if e["reason"] == "Pulled")
    assert steps[-1].text.split(" in ")[1] in pulled["message"]            # the time the Event says
    png = pull_png(c, "web")
    assert png == pull_png(c, "web") and style.css_width(png) <= style.MAX_WIDTH


def test_without_a_mirror_the_blocked_registry_never_answers_and_the_pull_fails_after_30s():
    c = kubelab.Cluster(blocked_registries={"k8s.gcr.io"})
    c.kubectl("run hello --image=k8s.gcr.io/echoserver:1.4")
    c.run(40)
    steps = pull_steps(c, "hello")
    assert [(s.src, s.dst, s.outcome) for s in steps] == [
        ("kubelet", "container runtime", ""), ("container runtime", "k8s.gcr.io", ""),
        ("k8s.gcr.io", "container runtime", "blocked"), ("container runtime", "kubelet", "failed")]
    assert steps[-1].time - steps[0].time == 30


def test_an_image_already_on_the_node_is_not_pulled():
    c = kubelab.Cluster()
    c.kubectl("run a --image=nginx:1.27")
    c.settle()
    c.kubectl("run b --image=nginx:1.27")
    c.settle()
    assert [s.outcome for s in pull_steps(c, "b")] == ["present"]
