"""Chapter 12's exercise checks pass the solutions and fail wrong answers."""
import yaml

import kubelab
from kubelab.exercises import ch12


def _shared(mount_reader=True, empty_dir=True):
    writer = {"name": "writer", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi > /data/note && sleep 3600"],
              "volumeMounts": [{"name": "data", "mountPath": "/data"}]}
    reader = {"name": "reader", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 3600"]}
    if mount_reader:
        reader["volumeMounts"] = [{"name": "data", "mountPath": "/data"}]
    volume = {"name": "data", **({"emptyDir": {}} if empty_dir else {"hostPath": {"path": "/tmp/x"}})}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "shared"},
            "spec": {"volumes": [volume], "containers": [writer, reader]}}


def _apply(c, obj):
    c.kubectl("apply -f -", stdin=yaml.safe_dump(obj))
    c.settle()


def test_shared_volume_pod_solution_passes():
    c = kubelab.Cluster()
    _apply(c, _shared())
    check = ch12.shared_volume_pod(c)
    assert check, check


def test_shared_volume_pod_fails_without_pod_or_shared_mount_or_emptydir():
    c = kubelab.Cluster()
    assert not ch12.shared_volume_pod(c)
    _apply(c, _shared(mount_reader=False))
    check = ch12.shared_volume_pod(c)
    assert not check and "two containers" in check.message
    c2 = kubelab.Cluster()
    _apply(c2, _shared(empty_dir=False))
    assert not ch12.shared_volume_pod(c2)


def test_shared_volume_pod_fails_while_containers_are_not_running():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=yaml.safe_dump(_shared()))   # no settle: still being created
    check = ch12.shared_volume_pod(c)
    assert not check and "running" in check.message


def test_single_container_pod_is_not_a_sidecar_pod():
    c = kubelab.Cluster()
    c.kubectl("run shared --image=nginx")
    c.settle()
    assert not ch12.shared_volume_pod(c)


def test_sibling_address_both_ways():
    assert ch12.sibling_address("localhost")
    assert ch12.sibling_address("127.0.0.1")
    assert ch12.sibling_address("http://localhost:80/")
    assert not ch12.sibling_address("web-with-sidecar")
    assert not ch12.sibling_address("10.244.0.4")


JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: greet
spec:
  template:
    spec:
      containers:
      - name: greet
        image: busybox
        command: ['sh', '-c', 'echo "MESSAGE" && sleep 3600']
      restartPolicy: OnFailure
"""


def test_job_says_solution_passes():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=JOB.replace("MESSAGE", "Hello, kubelab!"))
    c.settle()
    check = ch12.job_says(c)
    assert check, check


def test_job_says_fails_for_missing_job_or_other_message():
    c = kubelab.Cluster()
    assert not ch12.job_says(c)
    c.kubectl("apply -f -", stdin=JOB.replace("MESSAGE", "Hello, Kubernetes!"))
    c.settle()
    check = ch12.job_says(c)
    assert not check and "has printed" in check.message
