"""The controls, driven through their programmatic twins and their buttons' click()."""
from __future__ import annotations

import kubelab
from kubelab.ui import Dashboard, ProbeLab, StorageLab, TrafficExplorer


def test_dashboard_clock_buttons_and_play_step_simulated_time():
    d = Dashboard(kubelab.Cluster())
    t = d.cluster.now
    d.step(5)
    d.w["step10"].click()
    d.play(3)                       # three Play ticks of one simulated second
    assert d.cluster.now == t + 18
    assert d.clock_text == f"simulated time {t + 18:g}s" and d.clock_text in d.w["clock"].value


def test_dashboard_picture_table_and_events_follow_the_api():
    d = Dashboard(kubelab.Cluster())
    d.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    assert d.graph.nodes["Deployment/default/hello-node"]["status"] == "0/1"
    d.settle()
    assert d.graph.nodes["Deployment/default/hello-node"]["status"] == "1/1"
    assert "deployment.apps/hello-node" in d.table_text and "ScalingReplicaSet" in d.events_text
    assert d.w["image"].value == d.png and d.png.startswith(b"\x89PNG")
    assert d.w["deployment"].options == ("hello-node",)


def test_dashboard_redraws_only_when_what_the_picture_shows_changes():
    d = Dashboard(kubelab.Cluster())
    d.kubectl("create deployment web --image=nginx")
    d.settle()
    redraws = d.redraws
    d.step(30)                      # nothing changes in the picture
    assert d.redraws == redraws
    d.delete_pod(d.pods()[0])
    assert d.redraws > redraws


def test_dashboard_delete_pod_button_deletes_the_selected_pod_and_a_new_one_replaces_it():
    d = Dashboard(kubelab.Cluster())
    d.kubectl("create deployment web --image=nginx")
    d.settle()
    old = d.w["pod"].value
    d.w["delete_pod"].click()
    assert d.log[-1][0] == f"kubectl delete pod {old} --wait=false -n default"
    d.settle()
    assert old not in d.pods() and len(d.pods()) == 1


def test_dashboard_scale_set_image_and_undo_run_kubectl_and_show_its_answer():
    d = Dashboard(kubelab.Cluster())
    d.kubectl("create deployment web --image=nginx")
    d.settle()
    d.w["replicas"].value = 3
    d.w["scale"].click()
    line, result = d.log[-1]
    assert line == "kubectl scale deployment/web --replicas=3 -n default"
    assert result.stdout == "deployment.apps/web scaled\n" and result.stdout in d.w["output"].value
    d.settle()
    assert len(d.pods()) == 3
    image = lambda: d.cluster.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["image"]
    d.w["image_name"].value = "nginx:1.27"
    d.w["set_image"].click()
    line, result = d.log[-1]
    assert line == "kubectl set image deployment/web nginx=nginx:1.27 -n default"
    assert result.stdout == "deployment.apps/web image updated\n" and image() == "nginx:1.27"
    d.settle()
    d.w["undo"].click()
    line, result = d.log[-1]
    assert line == "kubectl rollout undo deployment/web -n default"
    assert result.stdout == "deployment.apps/web rolled back\n" and image() == "nginx"


def test_dashboard_fail_and_recover_buttons_stop_and_restart_the_selected_node():
    d = Dashboard(kubelab.Cluster())
    status = lambda: d.cluster.kubectl("get node minikube --no-headers").stdout.split()[1]
    assert d.w["node"].value == "minikube" and not d.w["fail"].disabled
    d.w["fail"].click()
    assert d.log[-1][0] == "cluster.fail_node('minikube')"
    d.step(60)                       # past the node monitor grace period: no heartbeats
    assert status() == "NotReady"
    d.w["recover"].click()
    assert d.log[-1][0] == "cluster.recover_node('minikube')"
    d.settle()
    assert status() == "Ready"


def test_dashboard_focus_shows_only_what_connects_to_one_object():
    d = Dashboard(kubelab.Cluster())
    d.kubectl("create deployment a --image=nginx")
    d.kubectl("create deployment b --image=nginx")
    d.settle()
    d.w["around"].value = "deployment/a"
    d.w["focus"].click()
    assert not any(n.startswith("Deployment/default/b") for n in d.graph)
    d.focus(None)
    assert "Deployment/default/b" in d.graph


def test_traffic_explorer_shows_each_hop_and_why_a_request_fails():
    t = TrafficExplorer(kubelab.Cluster())
    t.w["setup"].click()
    t.configure("ClusterIP", port=80, target_port=8080)
    assert not t.fire("outside").ok and "Your computer has no route" in t.result_text
    t.w["type"].value, t.w["port"].value, t.w["target"].value, t.w["node_port"].value = "NodePort", 80, "8080", 30080
    t.w["apply"].click()
    t.w["fire"].click()
    assert t.path.ok and [h.get("port") for h in t.path.hops] == [None, 30080, 80, 8080, 8080]
    assert "30080" in t.result_text and t.png.startswith(b"\x89PNG")
    pod = t.sources()[1]
    assert t.fire(pod).ok


def test_probe_lab_tunes_a_probe_and_shows_the_pod_over_time():
    lab = ProbeLab(kubelab.Cluster())
    lab.tune("readiness", healthy_for=20, periodSeconds=2, failureThreshold=1)
    assert "readinessProbe:" in lab.manifest() and "periodSeconds: 2" in lab.manifest()
    lab.w["start"].click()
    assert lab.cluster.api.peek("pods", "probe-lab", "default") is not None
    lab.step(30)
    assert "probe-lab" in lab.timeline_text and "Running" in lab.timeline_text
    try:
        lab.tune("sideways")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown probe kind must be refused")


def test_storage_lab_creates_volumes_and_claims_and_draws_them():
    lab = StorageLab(kubelab.Cluster())
    assert lab.create_pv("pv-1", "1Gi").ok
    lab.w["create_pvc"].click()
    lab.settle()
    assert "persistentvolume/pv-1" in lab.table_text and "persistentvolumeclaim/claim-1" in lab.table_text
    assert {"PersistentVolume//pv-1", "PersistentVolumeClaim/default/claim-1"} <= set(lab.graph)
    assert "claim-1" in lab.phases_text
