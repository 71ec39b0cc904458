"""The live view (%kubelab watch) and the chapters' small controls: labels (10), sidecar (12),
and the traffic explorer on a chapter's own Service (04, 08, 11)."""
from __future__ import annotations

import pathlib

import pytest
from IPython.core.interactiveshell import InteractiveShell

import kubelab
from kubelab.ui import LabelLab, LiveView, SidecarLab, TrafficExplorer


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "kubelab")
    ip.run_line_magic("kubelab", "reset")
    yield ip
    InteractiveShell.clear_instance()


def test_kubelab_watch_redraws_after_each_cell_that_changes_the_cluster_until_stopped(shell, capsys):
    shell.run_cell("%kubelab watch")
    magics = shell.user_ns["kubelab_magics"]
    (view,) = magics.views
    assert isinstance(view, LiveView) and view.cluster is kubelab.current_cluster()
    drawn = view.redraws
    shell.run_cell("%kubectl create deployment web --image=nginx --replicas=2")
    assert view.redraws == drawn + 1 and "Deployment/default/web" in view.graph
    assert view.w["image"].value == view.png and view.png.startswith(b"\x89PNG")
    shell.run_cell("x = 1")                       # nothing changed: no redraw
    assert view.redraws == drawn + 1
    shell.run_cell("%kubelab settle")
    pods = [n for n in view.graph if n.startswith("Pod/")]
    assert len(pods) == 2 and all(view.graph.nodes[p]["status"] == "Running" for p in pods)
    capsys.readouterr()
    shell.run_cell("%kubelab watch stop")
    assert capsys.readouterr().out == "stopped 1 live view\n" and view.stopped
    frozen = view.redraws
    shell.run_cell("%kubectl scale deployment web --replicas=3")
    assert view.redraws == frozen and len([n for n in view.graph if n.startswith("Pod/")]) == 2
    capsys.readouterr()
    shell.run_cell("%kubelab watch stop")
    assert capsys.readouterr().out == "no live view is running\n"


def test_kubelab_watch_refuses_an_unknown_option(shell, capsys):
    shell.run_cell("%kubelab watch ns=x")
    err = capsys.readouterr().err
    assert err == "%kubelab watch: unknown option 'ns=x' (options: namespace=NS, or stop)\n"
    assert shell.user_ns["kubelab_magics"].views == []


def test_the_stop_button_stops_the_view_and_a_reset_stops_views_of_the_old_cluster(shell):
    shell.run_cell("%kubelab watch")
    shell.run_cell("%kubelab watch namespace=kube-system")
    first, second = shell.user_ns["kubelab_magics"].views
    first.w["stop"].click()
    assert first.stopped and not second.stopped
    shell.run_cell("%kubelab reset")
    assert second.stopped


def test_the_live_view_summarises_a_thousand_pods_as_their_owners():
    c = kubelab.Cluster(pause=0)
    view = LiveView(c)
    c.kubectl("create deployment big --image=nginx --replicas=100")
    c.settle()
    view.refresh()
    assert view.summarised and not any(n.startswith("Pod/") for n in view.graph)
    assert "ReplicaSet" in {d["kind"] for _, d in view.graph.nodes(data=True)}


def test_label_lab_relabelling_a_pod_releases_it_from_its_replicaset_and_service():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("expose deployment web --port=80")
    c.settle()
    lab = LabelLab(c)
    pod = lab.w["pod"].value
    assert lab.w["labels"].value.startswith("app=web,pod-template-hash=")
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert lab.selected_by(pod) == ["Deployment/web", f"ReplicaSet/{rs}", "Service/web"]
    assert lab.owner(pod) == f"ReplicaSet/{rs}"
    lab.w["labels"].value = "app=debug"
    lab.w["apply"].click()
    assert lab.log[-1][0] == f"kubectl label pod {pod} app=debug pod-template-hash- --overwrite -n default"
    lab.w["settle"].click()
    assert lab.selected_by(pod) == [] and lab.owner(pod) == "nobody"
    assert "selected by: nothing" in lab.describe(pod)
    assert len(lab.pods()) == 2                  # the ReplicaSet made a replacement
    assert lab.set_labels(pod, "app").returncode == 1 and "say key=value" in lab.last_output


def chapter_manifest(chapter: str, name: str) -> str:
    """The manifest a chapter applies with ``%%kubectl apply -f -`` (its jupytext source)."""
    source = (pathlib.Path(__file__).parents[2] / "notebooks" / "src" / f"{chapter}.py").read_text()
    for cell in source.split("# %%"):
        if cell.startswith("\n%%kubectl apply -f -\n") and f"\n  name: {name}\n" in cell:
            return cell.split("\n", 2)[2].rstrip() + "\n"
    raise LookupError(f"{chapter} applies no {name}")


def test_sidecar_lab_writes_through_the_sidecar_and_reads_through_the_main_container():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=chapter_manifest("12-pods", "web-with-sidecar"))     # chapter 12's pod
    c.settle()
    lab = SidecarLab(c)
    assert "sidecar refresher" in lab.layout_text and "/pages/index.html" in lab.layout_text
    lab.w["text"].value = "it's me, the sidecar"
    lab.w["write"].click()
    assert lab.log[-1][0] == ("kubectl exec web-with-sidecar -n default -c refresher -- sh -c "
                              "'echo '\"'\"'it'\"'\"'\"'\"'\"'\"'\"'\"'s me, the sidecar'\"'\"' > /pages/index.html'")
    lab.w["read"].click()
    assert lab.read().stdout == "it's me, the sidecar\n"
    lab.w["step"].click()                        # the sidecar's loop rewrites the file
    assert lab.read().stdout.startswith("updated at ")
    assert "nginx read: it's me, the sidecar" in lab.reads_text


def test_traffic_explorer_on_a_chapters_own_service_patches_it_and_sends_from_a_node():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.kubectl("expose deployment hello-node --type=NodePort --port=8080")
    c.settle()
    t = TrafficExplorer(c, service="hello-node")
    assert t.own_service and t.w["type"].value == "NodePort" and t.w["target"].value == "8080"
    assert t.sources()[:2] == ["outside", "node minikube"]
    t.w["type"].value = "ClusterIP"
    t.w["apply"].click()
    assert t.log[-1][0] == ("kubectl patch service hello-node -n default --type=json -p "
                            "'[{\"op\":\"replace\",\"path\":\"/spec/type\",\"value\":\"ClusterIP\"},"
                            "{\"op\":\"replace\",\"path\":\"/spec/ports/0/port\",\"value\":8080},"
                            "{\"op\":\"replace\",\"path\":\"/spec/ports/0/targetPort\",\"value\":8080}]'")
    assert t.settings() == {"type": "ClusterIP", "port": 8080, "targetPort": 8080, "nodePort": None}
    assert not t.fire("outside").ok and "Connection timed out" in t.result_text
    t.w["source"].value = "node minikube"
    t.w["fire"].click()
    assert t.path.ok and t.response.status == 200 and t.response.url.endswith(":8080/")
    assert t.path.hops[0] == {"kind": "client", "name": "node/minikube", "port": None}
    t.configure("NodePort", 8080, 9999, 30080)
    assert t.settings()["nodePort"] == 30080
    p = t.fire("node minikube")
    assert not p.ok and "no process listening on port 9999" in p.reason
