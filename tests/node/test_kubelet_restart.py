"""`systemctl restart kubelet`: containers keep running; a pod being terminated is stopped again
with its full grace period (kubernetes.io, Pod lifecycle: "If the kubelet or the container
runtime's management service is restarted while waiting for processes to terminate, the cluster
retries from the start including the full original grace period")."""
from __future__ import annotations

import kubelab


def _cluster():
    c = kubelab.Cluster()
    c.kubectl("run stubborn --image=busybox:1.36 -- sleep 3600")     # PID 1 sleep ignores SIGTERM
    c.kubectl("run web --image=nginx:1.27")
    c.settle()
    return c


def test_running_containers_survive_a_kubelet_restart():
    c = _cluster()
    before = c.get("pod", "web")["status"]["containerStatuses"][0]
    c.restart_kubelet("minikube")
    c.run(5)
    after = c.get("pod", "web")["status"]["containerStatuses"][0]
    assert after["restartCount"] == 0 and after["state"] == before["state"] and after["ready"]
    assert after["containerID"] == before["containerID"]
    assert c.curl(f"http://{c.get('pod', 'web')['status']['podIP']}:80/", from_pod="stubborn").status == 200


def test_a_pod_being_terminated_gets_its_full_grace_period_again():
    c = _cluster()
    start = c.now
    c.kubectl("delete pod stubborn --wait=false")
    c.run(20)
    c.restart_kubelet("minikube", down=2)
    gone = c.wait_for(lambda: c.get("pod", "stubborn") is None, 120)
    # 1 s of typing pause, 20 s into the first grace period, 2 s down, then 30 s again
    assert gone and 52 < c.now - start < 54
    kills = [e for e in c.api.list("events", "default", copy=False)
             if e["involvedObject"]["name"] == "stubborn" and e["reason"] == "Killing"]
    assert sum(e.get("count", 1) for e in kills) == 2


def test_without_a_restart_the_grace_period_is_counted_once():
    c = _cluster()
    start = c.now
    c.kubectl("delete pod stubborn --wait=false")
    assert c.wait_for(lambda: c.get("pod", "stubborn") is None, 120)
    assert 30 < c.now - start < 32


def test_a_container_that_exits_while_the_kubelet_is_down_is_restarted_when_it_is_back():
    c = kubelab.Cluster()
    c.kubectl("run brief --image=busybox:1.36 -- sh -c 'sleep 3; exit 1'")
    c.settle()
    c.restart_kubelet("minikube", down=10)
    c.run(5)           # the container exited at ~3 s; no kubelet reported it
    assert c.get("pod", "brief")["status"]["containerStatuses"][0]["restartCount"] == 0
    assert "running" in c.get("pod", "brief")["status"]["containerStatuses"][0]["state"]
    c.run(10)
    cs = c.get("pod", "brief")["status"]["containerStatuses"][0]
    assert cs["lastState"]["terminated"]["exitCode"] == 1 and cs["restartCount"] >= 1
