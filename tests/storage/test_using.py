"""Pods using claims: the data lives on the volume, not in the pod; scheduling waits for claims."""
import hypothesis.strategies as st
from hypothesis import given, settings

import kubelab


def _file(c, pod_name, path):
    """Read a file as the pod's container sees it."""
    for kubelet in c.kubelets.values():
        w = kubelet.workers.get(f"default/{pod_name}")
        if w is not None:
            return w.volumes["data"].files.get(path)
    return None


def test_data_survives_the_pod_and_is_seen_by_the_next(c, k):
    c.api.create(k.pvc("data", sc=None))
    c.api.create(k.pod("writer", "data", "echo hello > /data/greeting; sleep 3600"))
    c.settle()
    c.kubectl("delete pod writer")
    c.settle()
    c.api.create(k.pod("reader", "data"))
    c.settle()
    assert _file(c, "reader", "/greeting") == "hello\n"


def test_pod_waits_for_unbound_immediate_claim(c, k):
    c.api.create(k.pvc("nothing", sc=""))
    c.api.create(k.pod("waiter", "nothing"))
    c.settle()
    [ev] = k.events(c, "waiter", "FailedScheduling")
    assert ev["message"] == ("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                             "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")
    c.api.create(k.pv("arrives", sc=None))
    c.run(20)
    assert c.get("pod", "waiter")["spec"].get("nodeName") == "minikube"


def test_missing_claim_blocks_scheduling(c, k):
    c.api.create(k.pod("orphan", "nope"))
    c.settle()
    assert 'persistentvolumeclaim "nope" not found' in k.events(c, "orphan", "FailedScheduling")[0]["message"]


def test_volume_node_affinity_pins_the_pod():
    c = kubelab.Cluster(workers=1)
    vol = {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "local-m02"},
           "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "storageClassName": "",
                    "local": {"path": "/mnt/disk"},
                    "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                        {"key": "kubernetes.io/hostname", "operator": "In", "values": ["minikube-m02"]}]}]}}}}
    c.api.create(vol)
    c.api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c"},
                  "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "",
                           "resources": {"requests": {"storage": "1Gi"}}}})
    for i in range(3):
        c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}"},
                      "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "3600"]}],
                               "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "c"}}]}})
    c.settle()
    assert {c.get("pod", f"p{i}")["spec"]["nodeName"] for i in range(3)} == {"minikube-m02"}


def test_read_write_once_pod_allows_a_single_pod(c, k):
    c.api.create(k.pv("solo", modes=("ReadWriteOncePod",)))
    c.api.create(k.pvc("solo", modes=("ReadWriteOncePod",)))
    c.api.create(k.pod("one", "solo"))
    c.settle()
    c.api.create(k.pod("two", "solo"))
    c.settle()
    assert c.get("pod", "two")["spec"].get("nodeName") is None
    assert ("node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"
            in k.events(c, "two", "FailedScheduling")[0]["message"])


@settings(max_examples=25)
@given(st.lists(st.tuples(st.sampled_from(["pv", "pvc", "del-pvc"]), st.integers(0, 3),
                          st.sampled_from(["1Gi", "2Gi", "500Mi"])), min_size=1, max_size=12))
def test_a_volume_is_never_bound_to_two_claims(ops):
    c = kubelab.Cluster(profile="bare")
    c.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    from kubelab.storage import StorageSystem  # noqa: F401  (wired by the cluster)
    for op, i, size in ops:
        if op == "pv" and c.get("pv", f"pv{i}") is None:
            c.api.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": f"pv{i}"},
                          "spec": {"capacity": {"storage": size}, "accessModes": ["ReadWriteOnce"],
                                   "storageClassName": "", "hostPath": {"path": f"/tmp/pv{i}"},
                                   "persistentVolumeReclaimPolicy": "Delete" if i % 2 else "Retain"}})
        elif op == "pvc" and c.get("pvc", f"c{i}") is None:
            c.api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": f"c{i}"},
                          "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "",
                                   "resources": {"requests": {"storage": size}}}})
        elif op == "del-pvc" and c.get("pvc", f"c{i}") is not None:
            c.api.delete("pvc", f"c{i}", "default")
        c.run(7)
        claims = [x for x in c.api.list("pvc", None) if x["spec"].get("volumeName")]
        names = [x["spec"]["volumeName"] for x in claims if x["status"].get("phase") == "Bound"]
        assert len(names) == len(set(names))
        for claim in claims:
            vol = c.get("pv", claim["spec"]["volumeName"])
            if claim["status"].get("phase") == "Bound" and vol is not None:
                assert vol["spec"]["claimRef"]["uid"] == claim["metadata"]["uid"]
        for vol in c.api.list("pv"):
            if vol["status"].get("phase") == "Bound":
                ref = vol["spec"]["claimRef"]
                owner = c.get("pvc", ref["name"], ref["namespace"])
                assert owner is not None and owner["spec"]["volumeName"] == vol["metadata"]["name"]
