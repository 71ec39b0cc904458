"""Requests during a rolling update: kube-proxy's lag against the stop signal (chapter 08)."""
from __future__ import annotations

import kubelab

PRESTOP = ('{"spec":{"template":{"spec":{"containers":[{"name":"%s","lifecycle":'
           '{"preStop":{"sleep":{"seconds":5}}}}]}}}}')


def _service(image: str):
    c = kubelab.Cluster()
    c.kubectl(f"create deployment hello --image={image} --replicas=5 --port=8080")
    c.kubectl("expose deployment hello --type=NodePort")
    c.settle()
    return c, c.minikube("service hello --url").stdout.strip()


def _under_load(c, url: str, command: str, seconds: float = 12.0) -> tuple[int, int]:
    """(answered, refused) of 10 requests every 0.1 s while ``command`` rolls the pods."""
    c.pause = 0
    c.kubectl(command)
    c.pause = 1.0
    start, answered, refused = c.now, 0, 0
    while c.now < start + seconds:
        for _ in range(10):
            r = c.curl(url)
            if r.status == 200:
                answered += 1
            else:
                assert r.error == "Connection refused"
                refused += 1
        c.run(0.1)
    return answered, refused


def test_an_app_that_exits_on_sigterm_loses_requests_in_a_rolling_update():
    c, url = _service("gcr.io/google-samples/hello-app:1.0")
    answered, refused = _under_load(c, url, "set image deployment/hello hello-app=gcr.io/google-samples/hello-app:2.0")
    assert refused > 0 and answered > 10 * refused


def test_a_prestop_sleep_keeps_it_serving_until_kube_proxy_has_caught_up():
    c, url = _service("gcr.io/google-samples/hello-app:1.0")
    assert c.kubectl(["patch", "deployment", "hello", "-p", PRESTOP % "hello-app"]).returncode == 0
    c.settle()
    answered, refused = _under_load(c, url, "set image deployment/hello hello-app=gcr.io/google-samples/hello-app:2.0")
    assert refused == 0 and answered > 1000


def test_an_app_that_ignores_sigterm_loses_none_but_stops_only_at_sigkill():
    c, url = _service("anjia0532/google-samples.node-hello:1.0")
    answered, refused = _under_load(c, url, "set env deployment/hello GREETING=hi")
    assert refused == 0
    assert any(p["metadata"].get("deletionTimestamp") for p in c.api.list("pods", "default", copy=False))
