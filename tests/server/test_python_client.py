"""The official Python client (``kubernetes`` on PyPI) against a served cluster on
the live clock: list, create a Deployment, watch its pods become Ready, read a
pod's log, patch, delete."""
from __future__ import annotations

import pytest

kubernetes = pytest.importorskip("kubernetes", reason="the official client is in the test extra")

from kubernetes import client, config, watch  # noqa: E402

from kubelab import Cluster  # noqa: E402


@pytest.fixture(scope="module")
def live():
    c = Cluster()
    # Fast simulated time: an image pull and a start take seconds of simulated time.
    with c.serve(clock="live", speed=20) as srv:
        yield c, srv


@pytest.fixture(scope="module")
def apis(live):
    _, srv = live
    api_client = config.new_client_from_config(config_file=srv.kubeconfig)
    yield client.CoreV1Api(api_client), client.AppsV1Api(api_client)
    api_client.close()


def test_list_pods(apis):
    core, _ = apis
    pods = core.list_namespaced_pod("kube-system")
    names = sorted(p.metadata.name for p in pods.items)
    assert "etcd-minikube" in names and "kube-apiserver-minikube" in names
    assert all(p.status.phase == "Running" for p in pods.items)


def test_create_a_deployment_and_watch_its_pods_become_ready(live, apis):
    c, _ = live
    core, apps = apis
    body = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "pyclient", "labels": {"app": "pyclient"}},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "pyclient"}},
                     "template": {"metadata": {"labels": {"app": "pyclient"}},
                                  "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
    created = apps.create_namespaced_deployment("default", body)
    assert created.metadata.uid == c.get("deployment", "pyclient")["metadata"]["uid"]
    ready: set[str] = set()
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_pod, "default", label_selector="app=pyclient", timeout_seconds=60):
        pod = event["object"]
        conditions = {cond.type: cond.status for cond in (pod.status.conditions or [])}
        if event["type"] != "DELETED" and conditions.get("Ready") == "True":
            ready.add(pod.metadata.name)
        if len(ready) == 2:
            w.stop()
    assert len(ready) == 2
    assert ready == {p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith("pyclient-")}


def test_read_a_pods_log(live, apis):
    core, _ = apis
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "talker"},
           "spec": {"containers": [{"name": "sh", "image": "busybox",
                                    "command": ["sh", "-c", "echo hello from kubelab; echo second line; sleep 3600"]}]}}
    core.create_namespaced_pod("default", pod)
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_pod, "default", field_selector="metadata.name=talker", timeout_seconds=60):
        if event["object"].status.phase == "Running":
            w.stop()
    assert core.read_namespaced_pod_log("talker", "default") == "hello from kubelab\nsecond line\n"
    assert core.read_namespaced_pod_log("talker", "default", tail_lines=1) == "second line\n"
    with pytest.raises(client.ApiException) as err:
        core.read_namespaced_pod_log("talker", "default", container="nope")
    assert err.value.status == 400 and "container nope is not valid for pod talker" in err.value.body


def test_patch_and_delete(live, apis):
    c, _ = live
    _, apps = apis
    patched = apps.patch_namespaced_deployment("pyclient", "default", {"spec": {"replicas": 3}})
    assert patched.spec.replicas == 3 and c.get("deployment", "pyclient")["spec"]["replicas"] == 3
    scale = apps.read_namespaced_deployment_scale("pyclient", "default")
    assert scale.spec.replicas == 3
    status = apps.delete_namespaced_deployment("pyclient", "default", propagation_policy="Foreground")
    assert status is not None
    with pytest.raises(client.ApiException) as err:
        apps.read_namespaced_deployment("nope", "default")
    assert err.value.status == 404
