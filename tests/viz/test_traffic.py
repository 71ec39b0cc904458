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


def test_from_outside_the_only_ways_in_are_the_nodes_ip_and_nodeport():
    c = cluster_with_service()
    g = traffic.traffic_graph(c, "hello")
    assert g.edges["client", "node:minikube"]["label"] == "192.168.49.2:31000"
    assert g.edges["client", "node:minikube-m02"]["label"] == "192.168.49.3:31000"
    assert g.edges["node:minikube-m02", "svc"]["label"] == "nodePort 31000 → port 8080"
    # the ClusterIP is a virtual address inside the cluster: no edge from your computer to it
    assert sorted(v for _, v in g.out_edges("client")) == ["node:minikube", "node:minikube-m02"]
    pods = [n for n in g if n.startswith("pod:")]
    assert len(pods) == 3 and all(g.edges["ep", p]["label"] == "targetPort 8080" for p in pods)


def test_from_a_pod_the_way_in_is_the_cluster_ip_and_port():
    c = cluster_with_service()
    g = traffic.traffic_graph(c, "hello", client_pod="client")
    ip = c.get("service", "hello")["spec"]["clusterIP"]
    assert [(v, d["label"]) for _, v, d in g.out_edges("client", data=True)] == [("svc", f"{ip}:8080")]


def test_a_clusterip_service_has_no_way_in_from_outside_and_the_request_stops_at_your_computer():
    c = cluster_with_service()
    c.kubectl("create service clusterip inside --tcp=8080:8080")
    c.settle()
    g = traffic.traffic_graph(c, "inside")
    assert list(g.out_edges("client")) == [] and not any(d["kind"] == "node" for _, d in g.nodes(data=True))
    ip = c.get("service", "inside")["spec"]["clusterIP"]
    r = c.curl(f"http://{ip}:8080/")
    assert not r.status and traffic.path_of(g, r) == ["client"]


def test_the_service_is_not_drawn_in_the_failure_colour_unless_the_request_failed_there():
    assert traffic.COLOUR["service"] != traffic.FAIL and traffic.PATH != traffic.FAIL


def test_path_follows_the_request_from_outside_and_from_a_pod():
    c = cluster_with_service()
    g = traffic.traffic_graph(c, "hello")
    r = c.curl("http://192.168.49.3:31000/")
    assert traffic.path_of(g, r) == ["client", "node:minikube-m02", "svc", "ep", f"pod:{r.pod}"]
    r = c.curl("http://hello:8080/", from_pod="client")
    g = traffic.traffic_graph(c, "hello", client_pod="client")
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
