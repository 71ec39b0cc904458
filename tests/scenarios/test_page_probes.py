"""kubernetes.io's "Configure Liveness, Readiness and Startup Probes"
(content/en/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes.md),
"Define a liveness command", in the page's order with the website's
``pods/probe/exec-liveness.yaml`` (the HTTP and TCP sections run in
test_tutorial_images.py).  The page's event table is from an older kubelet
(``kubelet, node01``); v1.32 names the source ``kubelet`` and reports the pull's time
and the image size.
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(EXAMPLES))
    assert cluster.kubectl("apply -f pods/probe/exec-liveness.yaml").stdout == "pod/liveness-exec created\n"
    cluster.settle()
    return cluster


def events(c):
    text = c.kubectl("describe pod liveness-exec").stdout
    return [line.split(None, 4) for line in text.split("Events:\n", 1)[1].splitlines()[2:]]


def test_within_30_seconds_no_probe_has_failed(c):
    c.run(20)
    got = events(c)
    assert [e[1] for e in got] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert got[0][4].endswith("Successfully assigned default/liveness-exec to minikube")
    assert got[1][4].endswith('Pulling image "registry.k8s.io/busybox:1.27.2"')
    assert got[3][4].endswith("Created container liveness") and got[4][4].endswith("Started container liveness")


def test_after_35_seconds_the_probe_fails_and_the_container_is_killed(c):
    c.run(40)
    got = events(c)
    unhealthy = next(e for e in got if e[1] == "Unhealthy")
    assert unhealthy[0] == "Warning"
    assert unhealthy[4].endswith("kubelet            Liveness probe failed: cat: can't open '/tmp/healthy': "
                                 "No such file or directory")
    assert unhealthy[3] == "(x3"          # the age column: "1s (x3 over 11s)"
    killing = next(e for e in got if e[1] == "Killing")
    assert killing[4].endswith("Container liveness failed liveness probe, will be restarted")


def test_after_a_minute_and_a_half_it_has_restarted(c):
    c.run(90)
    row = c.kubectl("get pod liveness-exec").stdout.splitlines()[1].split()
    assert row[:4] == ["liveness-exec", "1/1", "Running", "1"]
