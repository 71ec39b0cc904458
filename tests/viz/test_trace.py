"""The trace: who did what after a command, as a table and as a sequence picture."""
from __future__ import annotations

import io

import pytest
from PIL import Image

import kubelab
from kubelab.viz import style, trace


@pytest.fixture(scope="module")
def hello():
    c = kubelab.Cluster()
    start = c.now
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    c.kubectl("expose deployment hello-node --type=NodePort --port=8080")
    c.settle()
    port = c.get("service", "hello-node")["spec"]["ports"][0]["nodePort"]
    asked = c.now
    resp = c.curl(f"http://192.168.49.2:{port}/")
    return c, start, [(asked, resp)]


def test_lane_of_puts_controllers_in_the_controller_manager():
    assert trace.lane_of("deployment-controller") == "controller-manager"
    assert trace.lane_of("endpointslice-controller") == "controller-manager"
    assert trace.lane_of("default-scheduler") == "scheduler"
    assert trace.lane_of("kubelet") == "kubelet"
    assert trace.lane_of("kubeadm") == "kubectl"


def test_etcd_keys_follow_the_apiserver_layout():
    assert trace.etcd_key("Deployment", "default/web") == "/registry/deployments/default/web"
    assert trace.etcd_key("Service", "default/web") == "/registry/services/specs/default/web"
    assert trace.etcd_key("Node", "minikube") == "/registry/nodes/minikube"


def test_every_component_appears_in_the_order_of_the_chain(hello):
    c, start, requests = hello
    msgs = trace.messages(c, start, requests=requests)
    first = {}
    for i, m in enumerate(msgs):
        first.setdefault(m.src, i)
        first.setdefault(m.dst, i)
    assert set(first) == set(trace.LANES)
    # kubectl's write comes first, the scheduler only after a controller made the pod,
    # the runtime only after the scheduler bound it
    assert msgs[0].src == "kubectl" and msgs[0].dst == "kube-apiserver"
    assert first["controller-manager"] < first["scheduler"] < first["container runtime"]
    texts = [m.text for m in msgs]
    assert "replicaset-controller: create pod/" in " ".join(texts)
    assert any(t.startswith("PullImage k8s.gcr.io/echoserver:1.4") for t in texts)
    assert any(m.dst == "kube-proxy" and m.kind == "watch" and "endpointslice/" in m.text for m in msgs)
    assert msgs[-1].text.startswith("HTTP 200 from pod/hello-node-")
    # the request goes to the app and back; packets never pass through the kube-proxy process
    traffic = [m for m in msgs if m.kind == "traffic"]
    assert [(m.src, m.dst) for m in traffic] == [("kubectl", "app"), ("app", "kubectl")]
    assert "DNAT → 10.244." in traffic[0].text


def test_every_write_is_stored_in_etcd(hello):
    c, start, _ = hello
    msgs = trace.messages(c, start)
    writes = [m for m in msgs if m.kind == "write"]
    stores = [m for m in msgs if m.kind == "store"]
    assert writes and len(stores) == len(writes)
    assert all(m.dst == "etcd" and m.text.startswith("PUT /registry/") for m in stores)


def test_a_pod_bound_by_hand_never_meets_the_scheduler():
    c = kubelab.Cluster()
    t = c.now
    c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  nodeName: minikube\n"
                                   "  containers: [{name: web, image: nginx}]\n")
    c.settle()
    lanes = {m.src for m in trace.messages(c, t)} | {m.dst for m in trace.messages(c, t)}
    assert "scheduler" not in lanes and "container runtime" in lanes


def test_sequence_png_is_a_deterministic_picture(hello):
    c, start, requests = hello
    png = trace.sequence_png(c, start, requests=requests, title="t")
    assert png == trace.sequence_png(c, start, requests=requests, title="t")
    im = Image.open(io.BytesIO(png))
    n = len(trace.messages(c, start, requests=requests))
    # twice the density; shown at its CSS width, no wider than the notebook's column
    assert im.width == 2 * (trace.LEFT + trace.LANE_W * len(trace.LANES) + trace.PAD)
    assert style.css_width(png) <= style.MAX_WIDTH
    assert im.height > 2 * n * trace.ROW_H
    short = Image.open(io.BytesIO(trace.sequence_png(c, start, requests=requests, max_rows=5)))
    assert short.height < im.height


def test_the_essential_steps_are_the_chain_a_learner_follows_and_the_table_keeps_them_all(hello):
    c, start, requests = hello
    everything = trace.messages(c, start, requests=requests)
    steps = trace.messages(c, start, requests=requests, essential=True)
    assert len(steps) <= 20 < len(everything)
    texts = [m.text for m in steps]
    order = ["create deployment/", "create replicaset/", "create pod/", "default-scheduler: update pod/",
             "PullImage", "StartContainer", "update status pod/", "create service/", "create endpointslice/", "curl "]
    found = [next(i for i, t in enumerate(texts) if key in t) for key in order]
    assert found == sorted(found)                                   # in the order it happened
    assert sum(m.kind == "store" for m in steps) == 1                # one PUT stands for all of them
    assert not any("update status" in t and "kubelet" not in m.src for t, m in zip(texts, steps))
    table = trace.sequence_table(c, start, requests=requests)
    assert len(table.splitlines()) == len(everything) + 1


def test_sequence_png_of_nothing_still_draws_the_lifelines():
    c = kubelab.Cluster()
    im = Image.open(io.BytesIO(trace.sequence_png(c, c.now + 100)))
    assert im.width > 1600
