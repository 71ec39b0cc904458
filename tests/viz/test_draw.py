"""The pictures: stable bytes, layered layout, status visible, the request path."""
from __future__ import annotations

import kubelab
from kubelab.viz.draw import draw_path, layout, ring, to_png
from kubelab.viz.graph import build_graph
from kubelab.viz.path import route
from kubelab.viz.render import render_png

from .scenarios import only, system_inventory

PNG = b"\x89PNG\r\n\x1a\n"


def test_same_graph_gives_the_same_png_bytes_and_a_change_of_status_changes_them():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    before = render_png(build_graph(c), "t")
    assert before.startswith(PNG) and before == render_png(build_graph(c), "t")
    c.settle()
    assert render_png(build_graph(c), "t") != before       # ContainerCreating → Running


def test_layout_goes_deployment_replicaset_pod_node_left_to_right_and_services_beside_pods():
    g = build_graph(system_inventory())
    pos = layout(g)
    x = {d["kind"]: pos[n][0] for n, d in g.nodes(data=True)}
    assert x["Deployment"] < x["ReplicaSet"] < x["Pod"] < x["Node"]
    assert x["Service"] == x["ReplicaSet"] and x["Client"] == x["Deployment"]
    assert len(set(pos.values())) == len(pos)              # no two objects on one spot


def test_status_ring_colours_tell_running_from_failing_from_terminating():
    assert ring({"kind": "Pod", "status": "Running"}) != ring({"kind": "Pod", "status": "CrashLoopBackOff"})
    assert ring({"kind": "Pod", "status": "Terminating"}) not in (ring({"kind": "Pod", "status": "Running"}),
                                                                   ring({"kind": "Pod", "status": "Error"}))
    assert ring({"kind": "Deployment", "status": "1/3"}) != ring({"kind": "Deployment", "status": "3/3"})


def test_an_empty_graph_is_a_small_picture_that_says_nothing_is_there():
    import io

    from PIL import Image

    from kubelab.viz import style
    g = build_graph(kubelab.Cluster(), namespace="nothing-here")
    assert len(g) == 0
    png = render_png(g)
    im = Image.open(io.BytesIO(png)).convert("RGB")
    # drawn at twice the density, shown at its CSS width: 420 px, as wide as a short paragraph
    assert style.scale_of(png) == 2 and style.css_width(png) == 420 and im.size[0] == 840
    counts = {c: n for n, c in im.getcolors(1 << 16)}
    background = max(counts, key=counts.get)
    assert min(background) >= 250 and len(counts) > 1               # white, and some text on it
    assert all(max(c) - min(c) <= 8 for c in counts), counts         # all of it grey: no legend, no marker


def test_a_big_picture_is_drawn_at_1x_and_says_so_so_it_is_shown_at_the_same_text_size():
    from kubelab.viz import style
    c = kubelab.Cluster()
    for i in range(4):
        c.kubectl(f"create deployment app{i} --image=nginx --replicas=6")
    c.settle()
    small, big = render_png(build_graph(c, kinds=["Deployment"])), render_png(build_graph(c))
    assert style.scale_of(small) == 2 and style.scale_of(big) == 1


def test_request_path_labels_nodeport_port_and_targetport():
    c = system_inventory()
    p = route(c, "system-service")
    assert p.ok
    assert [(h["kind"], h.get("port")) for h in p.hops] == [
        ("client", None), ("node", 31000), ("service", 9080), ("pod", 9080), ("container", 9080)]
    assert to_png(draw_path(p.hops, "one request")).startswith(PNG)


def test_request_path_failures_say_why():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("create service clusterip web --tcp=80:80")
    c.kubectl("create service nodeport wrong --tcp=80:8080")
    pending = c.api.list("pods", "default")[0]["metadata"]["name"]        # ContainerCreating, not ready
    assert route(c, "web", source=pending).reason == "no endpoints: no ready pod matches the selector app=web"
    outside = route(c, "web")
    assert not outside.ok and outside.reason.startswith("connection timed out: a ClusterIP (")
    assert outside.reason.endswith(") is only reachable inside the cluster")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    assert route(c, "web", source=pod).ok
    assert route(c, "wrong").reason == "no endpoints: no ready pod matches the selector app=wrong"


def test_requests_take_endpoints_in_turn():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("create service nodeport web --tcp=80:80")
    c.settle()
    first, second = (route(c, "web", attempt=i).hops[3]["name"] for i in (0, 1))
    assert first != second


def test_a_chapter_picture_with_long_names_fits_the_notebook_at_twice_the_density():
    from kubelab.viz import style
    c = kubelab.Cluster()
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --replicas=4")
    c.kubectl("expose deployment kubernetes-bootcamp --type=NodePort --port=8080")
    c.settle()
    c.kubectl("set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2")
    png = render_png(build_graph(c, namespace="default"))
    assert style.scale_of(png) == 2 and style.css_width(png) <= style.MAX_WIDTH
