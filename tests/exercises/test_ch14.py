"""Chapter 14's exercise checks pass the solution and fail wrong answers."""
import yaml

import kubelab
from kubelab.exercises import ch14

PV = {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "task-pv-volume"},
      "spec": {"storageClassName": "manual", "capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"],
               "hostPath": {"path": "/mnt/data"}}}


def _claim(sc="manual"):
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "3Gi"}}}
    if sc is not None:
        spec["storageClassName"] = sc
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "task-pv-claim"}, "spec": spec}


def _pod(name, command):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", command],
                                     "volumeMounts": [{"name": "d", "mountPath": "/usr/share/nginx/html"}]}],
                     "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "task-pv-claim"}}]}}


def test_static_claim_solution_passes():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=yaml.safe_dump_all([PV, _claim()]))
    c.settle()
    assert ch14.static_claim(c)


def test_static_claim_without_class_fails():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=yaml.safe_dump_all([PV, _claim(sc=None)]))
    c.settle()
    check = ch14.static_claim(c)
    assert not check and "default class" in check.message
    assert not ch14.static_claim(kubelab.Cluster())


def test_data_outlives_pod_solution_passes_and_shortcuts_fail():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=yaml.safe_dump_all([PV, _claim()]))
    c.settle()
    assert not ch14.data_outlives_pod(c)
    c.kubectl("apply -f -", stdin=yaml.safe_dump(_pod("writer", "echo hi > /usr/share/nginx/html/index.html; sleep 3600")))
    c.settle()
    assert not ch14.data_outlives_pod(c)           # the writer is still there
    c.kubectl("delete pod writer")
    c.settle()
    assert not ch14.data_outlives_pod(c)           # nobody reads it yet
    c.kubectl("apply -f -", stdin=yaml.safe_dump(_pod("reader", "sleep 3600")))
    c.settle()
    assert ch14.data_outlives_pod(c)


def test_keeps_data_answers():
    assert ch14.keeps_data("Retain")
    assert not ch14.keeps_data("Delete")
    assert not ch14.keeps_data("Recycle")
    assert "spelling" in ch14.keeps_data("Recycled").message
