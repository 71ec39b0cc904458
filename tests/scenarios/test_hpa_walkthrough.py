"""kubernetes.io's "Horizontal Pod Autoscaler Walkthrough"
(content/en/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough.md), its
commands in the page's order, with the website's ``application/php-apache.yaml``.

The page needs metrics-server ("Metrics server monitoring needs to be deployed in the
cluster"); kubelab's cluster, like a fresh minikube, has none, so the HPA shows
``cpu: <unknown>/50%`` and says why instead of scaling.  The page's own tables
predate v1.32 (``TARGET`` ``0% / 50%``, ``Deployment/php-apache/scale``); v1.32 prints
``TARGETS`` ``cpu: <unknown>/50%`` and ``Deployment/php-apache``.  What the test can
check of the load is the server's side: ``registry.k8s.io/hpa-example`` answers
``OK!`` and spends CPU on every request, up to its 500m limit.
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
LOAD = "while sleep 0.01; do wget -q -O- http://php-apache; done"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(EXAMPLES))
    r = cluster.kubectl("apply -f application/php-apache.yaml")
    assert r.stdout == "deployment.apps/php-apache created\nservice/php-apache created\n"
    cluster.settle()
    return cluster


def server(c):
    name = c.kubectl("get pods -l app.kubernetes.io/name=php-apache -o name").stdout.strip().split("/")[1]
    return name, c.kubelets["minikube"].workers[f"default/{name}"].containers["php-apache"].app


def test_run_and_expose_then_create_the_autoscaler(c):
    assert c.kubectl("get deployment php-apache --no-headers").stdout.split()[1] == "1/1"
    r = c.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10")
    assert r.stdout == "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n"
    c.run(18)
    lines = c.kubectl("get hpa").stdout.splitlines()
    assert lines[0].split() == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]
    assert lines[1].split()[:7] == ["php-apache", "Deployment/php-apache", "cpu:", "<unknown>/50%", "1", "10", "1"]
    describe = c.kubectl("describe hpa php-apache").stdout
    assert "ScalingActive  False   FailedGetResourceMetric" in describe
    assert "(get pods.metrics.k8s.io)" in describe


def test_the_server_answers_ok_and_logs_like_apache(c):
    c.kubectl("run client --image=busybox:1.28 --restart=Never -- sleep 3600")
    c.settle()
    assert c.kubectl("exec client -- wget -q -O- http://php-apache").stdout == "OK!"
    name, _ = server(c)
    logs = c.kubectl(f"logs {name}").stdout.splitlines()
    assert logs[0].startswith("AH00558: apache2: Could not reliably determine the server's fully qualified domain name")
    assert "AH00163: Apache/2.4.10 (Debian) PHP/5.6.31 configured -- resuming normal operations" in logs[2]
    client_ip = c.get("pod", "client")["status"]["podIP"]
    assert logs[-1].startswith(f"{client_ip} - - [06/Jan/2025:")
    assert logs[-1].endswith('] "GET / HTTP/1.1" 200 3 "-" "Wget"')


def test_the_load_generator_drives_the_pod_to_its_cpu_limit(c):
    c.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10")
    # The page runs it with -i --tty --rm and stops it with Ctrl+C; here it runs detached.
    r = c.kubectl(["run", "load-generator", "--image=busybox", "--restart=Never", "--", "/bin/sh", "-c", LOAD])
    assert r.stdout == "pod/load-generator created\n"
    c.settle()
    name, app = server(c)
    start, used0, served0 = c.now, app.cpu_used(), app.requests
    c.run(60)
    assert app.requests - served0 > 60 / 0.2          # far more than one core can serve
    used = app.cpu_used() - used0
    assert used == pytest.approx(0.5 * (c.now - start), rel=0.02)   # the 500m limit, 250% of the request
    # without metrics-server nothing reads it: the HPA stays at one replica and says why
    assert c.kubectl("get hpa php-apache --no-headers").stdout.split()[2:4] == ["cpu:", "<unknown>/50%"]
    assert c.kubectl("get deployment php-apache --no-headers").stdout.split()[1] == "1/1"
    # stop the load: the CPU already asked for runs out within a few seconds, then nothing
    c.kubectl("delete pod load-generator --grace-period=1")
    c.run(30)
    idle = app.cpu_used()
    c.run(30)
    assert app.cpu_used() == idle and app.cpu_used() - used0 < 0.5 * (c.now - start)
