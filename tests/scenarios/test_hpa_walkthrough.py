"""kubernetes.io's "Horizontal Pod Autoscaler Walkthrough"
(content/en/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough.md), its
commands in the page's order, with the website's ``application/php-apache.yaml``.

The page needs metrics-server ("Metrics server monitoring needs to be deployed in the
cluster").  Without it — a fresh minikube — the HPA shows ``cpu: <unknown>/50%``, says
why and never scales, however hard the load generator works.  With it (``minikube
addons enable metrics-server``) the target climbs, REPLICAS grow, and after the load
stops the HPA scales back to one once the 5-minute downscale stabilization window has
passed.  The page's own tables predate v1.32 (``TARGET`` ``305% / 50%``,
``Deployment/php-apache/scale``); v1.32 prints ``TARGETS`` ``cpu: 244%/50%`` and
``Deployment/php-apache``.  One load generator waits for each answer (0.4 s at the
500m limit), so it keeps about 0.49 cores busy: 244% of one pod's 200m request, and
the HPA settles at five pods (the page got seven; its note says the number varies).
The page runs the generator with ``-i --tty`` in another terminal and stops it with
Ctrl+C; here it runs detached and is deleted.
"""
import pathlib
import re

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


def hpa_row(c):
    return c.kubectl("get hpa php-apache --no-headers").stdout.split()


def test_without_metrics_server_the_load_changes_nothing(c):
    c.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10")
    # The page runs it with -i --tty --rm and stops it with Ctrl+C; here it runs detached.
    r = c.kubectl(["run", "load-generator", "--image=busybox:1.28", "--restart=Never", "--", "/bin/sh", "-c", LOAD])
    assert r.stdout == "pod/load-generator created\n"
    c.settle()
    name, app = server(c)
    start, used0, served0 = c.now, app.cpu_used(), app.requests
    c.run(300)
    # wget waits 0.4 s for each answer (0.2 CPU-s at the 500m limit), then sleeps 0.01 s
    assert app.requests - served0 == pytest.approx(300 / 0.41, rel=0.02)
    used = app.cpu_used() - used0
    assert used == pytest.approx(0.2 / 0.41 * (c.now - start), rel=0.02)
    # without metrics-server nothing reads it: the HPA stays at one replica and says why
    assert hpa_row(c)[2:6] == ["cpu:", "<unknown>/50%", "1", "10"] and hpa_row(c)[6] == "1"
    assert c.kubectl("get deployment php-apache --no-headers").stdout.split()[1] == "1/1"
    assert "ScalingActive  False   FailedGetResourceMetric" in c.kubectl("describe hpa php-apache").stdout
    assert str(c.kubectl("top pod")) == "error: Metrics API not available\n"
    # stop the load: the CPU already asked for runs out within a few seconds, then nothing
    c.kubectl("delete pod load-generator --grace-period=1")
    c.run(30)
    idle = app.cpu_used()
    c.run(30)
    assert app.cpu_used() - idle == pytest.approx(30 * 0.001)      # 1m: an idle apache


@pytest.fixture
def m(c):
    r = c.minikube("minikube addons enable metrics-server")
    assert r.stdout.endswith("    ▪ Using image registry.k8s.io/metrics-server/metrics-server:v0.7.2\n"
                             "🌟  The 'metrics-server' addon is enabled\n")
    c.settle()
    return c


def test_metrics_server_answers_top_after_two_scrapes(m):
    assert m.kubectl("get apiservice v1beta1.metrics.k8s.io --no-headers").stdout.split()[0] == "v1beta1.metrics.k8s.io"
    assert m.kubectl("get deployment metrics-server -n kube-system --no-headers").stdout.split()[1] == "1/1"
    # one scrape so far: a CPU rate needs two (--metric-resolution=60s)
    assert str(m.kubectl("top pod")) == "error: metrics not available yet\n"
    m.run(60)
    top = m.kubectl("top pod").stdout.splitlines()
    assert top[0] == "NAME                          CPU(cores)   MEMORY(bytes)   "
    assert re.fullmatch(r"php-apache-\w+-\w{5}   1m           11Mi            ", top[1])
    nodes = m.kubectl("top node").stdout.splitlines()
    assert nodes[0] == "NAME       CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   "
    assert nodes[1].split()[0] == "minikube" and nodes[1].split()[2] == "4%"


def test_with_metrics_server_it_scales_up_under_load_and_back_down(m):
    m.run(60)
    m.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10")
    m.run(18)
    assert hpa_row(m)[2:7] == ["cpu:", "0%/50%", "1", "10", "1"]      # the page's "0% / 50%"
    m.kubectl(["run", "load-generator", "--image=busybox:1.28", "--restart=Never", "--", "/bin/sh", "-c", LOAD])
    watch = m.kubectl("get hpa php-apache --watch --request-timeout=5m").stdout.splitlines()
    rows = [line.split() for line in watch[1:]]
    targets = [int(r[3].split("%")[0]) for r in rows if r[3][0].isdigit()]
    replicas = [int(r[6]) for r in rows]
    print(watch)
    assert max(targets) > 100 and replicas[0] == 1 and replicas[-1] == 5
    assert replicas == sorted(replicas)                                  # only up while the load runs
    assert 4 in replicas                                                 # the first step: at most max(2x, 4)
    assert m.kubectl("get deployment php-apache --no-headers").stdout.split()[1:4] == ["5/5", "5", "5"]
    describe = m.kubectl("describe hpa php-apache").stdout
    assert "New size: 4; reason: cpu resource utilization (percentage of request) above target" in describe
    assert re.search(r"ScalingActive +True +ValidMetricFound +the HPA was able to successfully calculate a replica "
                     r"count from cpu resource utilization \(percentage of request\)", describe)
    # Ctrl+C: the load stops; utilization drops at once, replicas only after the 5-minute window
    m.kubectl("delete pod load-generator --grace-period=1")
    m.run(150)
    assert hpa_row(m)[3] == "0%/50%" and hpa_row(m)[6] == "5"
    assert "ScaleDownStabilized" in m.kubectl("describe hpa php-apache").stdout
    m.run(330)      # the last high recommendation leaves the window: down in steps, to 1
    assert hpa_row(m)[3] == "0%/50%" and hpa_row(m)[6] == "1"
    assert m.kubectl("get deployment php-apache --no-headers").stdout.split()[1] == "1/1"
    assert "New size: 1; reason: All metrics below target" in m.kubectl("describe hpa php-apache").stdout


def test_the_pages_own_interactive_load_generator_scales_the_deployment(m):
    """The page's command as it is written.  A notebook has no Ctrl+C: the kit's `run -i`
    of a program that never reads its stdin waits a bounded stretch of simulated time,
    the load running all along, then --rm deletes the pod (that is the load stopping)."""
    m.run(60)
    m.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10")
    start = m.now
    m.kubectl('run -i --tty load-generator --rm --image=busybox:1.28 --restart=Never -- '
              '/bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"', stdin="")
    assert m.now - start >= 300 and m.get("pod", "load-generator") is None
    assert int(hpa_row(m)[6]) >= 4
    assert "New size: 4; reason: cpu resource utilization (percentage of request) above target" in \
        m.kubectl("describe hpa php-apache").stdout
