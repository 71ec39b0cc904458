"""Node failure: NotReady after the grace period, taints, eviction after 300 s, replacement; pod GC."""
import kubelab
from kubelab.controllers.nodelifecycle import NODE_MONITOR_GRACE_PERIOD, eviction_delay
from kubelab.controllers.podgc import compute_terminated_to_delete


def node_ready(c, name):
    node = c.get("node", name)
    return next(x["status"] for x in node["status"]["conditions"] if x["type"] == "Ready")


def test_grace_period_is_the_v1_32_default():
    assert NODE_MONITOR_GRACE_PERIOD == 50.0


def test_failed_node_goes_not_ready_then_pods_are_evicted_and_replaced():
    c = kubelab.Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.settle()
    on_m02 = [p["metadata"]["name"] for p in c.api.list("pods", "default") if p["spec"]["nodeName"] == "minikube-m02"]
    assert on_m02
    c.fail_node("minikube-m02")
    c.run(40)
    assert node_ready(c, "minikube-m02") == "True"          # still inside the 50 s grace period
    c.run(25)
    assert node_ready(c, "minikube-m02") == "Unknown"
    assert "NotReady" in c.kubectl("get node minikube-m02").stdout
    taints = {(t["key"], t["effect"]) for t in c.get("node", "minikube-m02")["spec"]["taints"]}
    assert taints == {("node.kubernetes.io/unreachable", "NoSchedule"), ("node.kubernetes.io/unreachable", "NoExecute")}
    ready = {x["type"]: x["status"] for x in c.get("pod", on_m02[0])["status"]["conditions"]}
    assert ready["Ready"] == "False"
    c.run(250)
    assert not c.get("pod", on_m02[0])["metadata"].get("deletionTimestamp")   # 300 s not up yet
    c.run(60)
    pod = c.get("pod", on_m02[0])
    assert pod["metadata"].get("deletionTimestamp")          # evicted, stuck Terminating: no kubelet to confirm
    assert pod["status"]["conditions"][0]["type"] == "DisruptionTarget"
    running = [p for p in c.api.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]
    assert len(running) == 2 and all(p["spec"]["nodeName"] == "minikube" for p in running)
    c.recover_node("minikube-m02")
    c.run(30)
    assert node_ready(c, "minikube-m02") == "True"
    assert not c.get("node", "minikube-m02")["spec"].get("taints")
    assert c.get("pod", on_m02[0]) is None                   # the kubelet finished the deletion


def test_eviction_delay_rules():
    taint = {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2025-01-06T09:00:00Z"}
    forever = [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"}]
    five = [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
    assert eviction_delay(forever, [taint], 10.0) is None
    assert eviction_delay(five, [taint], 10.0) == 290.0
    assert eviction_delay([], [taint], 10.0) == 0.0


def test_terminated_pod_gc_deletes_the_oldest_above_the_threshold():
    c = kubelab.Cluster()
    c.pod_gc.threshold = 3
    for i in range(5):
        c.kubectl(f"run done{i} --image=busybox --restart=Never -- sh -c 'exit 0'")
    c.run(30)
    names = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default"))
    assert names == ["done2", "done3", "done4"]


def test_gc_order_table():
    pods = [{"metadata": {"name": n, "creationTimestamp": t}} for n, t in
            (("x", "2025-01-06T09:00:03Z"), ("y", "2025-01-06T09:00:01Z"), ("z", "2025-01-06T09:00:02Z"))]
    assert [p["metadata"]["name"] for p in compute_terminated_to_delete(pods, 1)] == ["y", "z"]
    assert compute_terminated_to_delete(pods, 3) == []
