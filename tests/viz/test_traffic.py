"""The traffic picture: its graph follows the API state and the request's hops."""
from __future__ import annotations

import kubelab
from kubelab.viz import traffic


def cluster_with_service():
    c = kubelab.Cluster(workers=1)
    c.kubectl("create deployment hello --image=k8s.gcr.io/echoserver:1.4 --replicas=3")
    c.kubectl("create service nodeport hello --tcp=8080:8080 --node-port=31000")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "client"},
                  "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "3600"]}]}})
    c.settle()
    return c


def test_graph_has_every_way_in_with_ports_on_the_edges():
    c = cluster_with_service()
    g = traffic.traffic_graph(c, "hello")
    ip = c.get("service", "hello")["spec"]["clusterIP"]
    assert g.edges["client", "node:minikube"]["label"] == ":31000"
    assert g.edges["node:minikube-m02", "svc"]["label"] == "nodePort 31000 → port 8080"
    assert g.edges["client", "svc"]["label"] == f"{ip}:8080"
    pods = [n for n in g if n.startswith("pod:")]
    assert len(pods) == 3 and all(g.edges["ep", p]["label"] == ":8080" for p in pods)


def test_path_follows_the_request_from_outside_and_from_a_pod():
    c = cluster_with_service()
    g = traffic.traffic_graph(c, "hello")
    r = c.curl("http://192.168.49.3:31000/")
    assert traffic.path_of(g, r) == ["client", "node:minikube-m02", "svc", "ep", f"pod:{r.pod}"]
    r = c.curl("http://hello:8080/", from_pod="client")
    assert traffic.path_of(g, r) == ["client", "svc", "ep", f"pod:{r.pod}"]


def test_failed_request_path_stops_where_it_failed_and_the_png_renders():
    c = cluster_with_service()
    c.kubectl("scale deployment hello --replicas=0")
    c.settle()
    g = traffic.traffic_graph(c, "hello")
    r = c.curl("http://192.168.49.2:31000/")
    assert traffic.path_of(g, r)[-1] == "ep"
    png = traffic.picture(c, "hello", r, title="no endpoints")
    assert png.startswith(b"\x89PNG")
