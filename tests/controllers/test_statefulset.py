"""The StatefulSet controller's rules beyond the tutorial: identity labels,
claims and their retention policy, Parallel creation, failed pods replaced,
start ordinals, revision history."""
import pytest

import kubelab
from kubelab.controllers.statefulset import parent_and_ordinal

STS = """apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: {replicas}
  selector:
    matchLabels:
      app: nginx
{extra}  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
      labels:
        tier: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"""


def make(c, replicas=2, extra=""):
    r = c.kubectl("apply -f -", stdin=STS.format(replicas=replicas, extra=extra))
    assert r.returncode == 0, r.stderr
    c.settle()


@pytest.fixture
def c():
    return kubelab.Cluster()


@pytest.mark.parametrize("name, parent, ordinal", [
    ("web-0", "web", 0), ("my-web-12", "my-web", 12), ("web", "", -1), ("web-x", "", -1)])
def test_names_carry_the_parent_and_the_ordinal(name, parent, ordinal):
    assert parent_and_ordinal({"metadata": {"name": name}}) == (parent, ordinal)


def test_pods_get_their_identity_and_their_claims(c):
    make(c)
    pod = c.get("pod", "web-1")
    labels = pod["metadata"]["labels"]
    sts = c.get("statefulset", "web")
    assert labels["statefulset.kubernetes.io/pod-name"] == "web-1"
    assert labels["apps.kubernetes.io/pod-index"] == "1"
    assert labels["controller-revision-hash"] == sts["status"]["updateRevision"]
    assert pod["metadata"]["generateName"] == "web-"
    assert (pod["spec"]["hostname"], pod["spec"]["subdomain"]) == ("web-1", "nginx")
    assert pod["spec"]["volumes"][0] == {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}}
    claim = c.get("persistentvolumeclaim", "www-web-1")
    assert claim["metadata"]["labels"] == {"tier": "data", "app": "nginx"}
    assert "ownerReferences" not in claim["metadata"]          # Retain: the claim outlives the set
    assert claim["status"]["phase"] == "Bound"
    status = sts["status"]
    assert {k: status[k] for k in ("replicas", "readyReplicas", "currentReplicas", "updatedReplicas",
                                   "availableReplicas", "collisionCount", "observedGeneration")} == {
        "replicas": 2, "readyReplicas": 2, "currentReplicas": 2, "updatedReplicas": 2,
        "availableReplicas": 2, "collisionCount": 0, "observedGeneration": 1}
    revs = c.api.list("controllerrevisions", "default")
    assert [r["metadata"]["name"] for r in revs] == [status["currentRevision"]]
    assert revs[0]["revision"] == 1 and revs[0]["data"]["spec"]["template"]["$patch"] == "replace"
    events = [e["message"] for e in c.api.list("events") if e["involvedObject"]["kind"] == "StatefulSet"]
    assert "create Claim www-web-0 Pod web-0 in StatefulSet web success" in events
    assert "create Pod web-1 in StatefulSet web successful" in events


def test_parallel_creates_every_pod_at_once(c):
    c.kubectl("apply -f -", stdin=STS.format(replicas=3, extra="  podManagementPolicy: Parallel\n"))
    c.run(0.5)
    assert sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")) == ["web-0", "web-1", "web-2"]


def test_ordered_ready_waits_for_each_pod(c):
    c.kubectl("apply -f -", stdin=STS.format(replicas=3, extra=""))
    c.run(0.5)
    assert [p["metadata"]["name"] for p in c.api.list("pods", "default")] == ["web-0"]


def test_start_ordinal(c):
    make(c, extra="  ordinals:\n    start: 5\n")
    assert sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")) == ["web-5", "web-6"]


def test_a_failed_pod_is_made_again_under_the_same_name(c):
    make(c)
    uid = c.get("pod", "web-0")["metadata"]["uid"]
    c.api.mutate("pods", "web-0", "default", lambda p: p["status"].update(phase="Failed"), status=True)
    c.settle()
    pod = c.get("pod", "web-0")
    assert pod["metadata"]["uid"] != uid and pod["status"]["phase"] == "Running"


def test_retention_policy_delete(c):
    make(c, replicas=3, extra="  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete\n")
    claim = c.get("persistentvolumeclaim", "www-web-0")
    assert [r["kind"] for r in claim["metadata"]["ownerReferences"]] == ["StatefulSet"]
    c.kubectl("scale sts web --replicas=1")
    c.settle()
    assert c.get("persistentvolumeclaim", "www-web-2") is None
    assert c.get("persistentvolumeclaim", "www-web-1") is None
    c.kubectl("delete sts web")
    c.settle()
    assert c.api.list("persistentvolumeclaims", "default") == []


def test_revision_history_is_truncated(c):
    make(c, replicas=1, extra="  revisionHistoryLimit: 1\n")
    for image in ("nginx:1.25", "nginx:1.26", "nginx:1.27"):
        c.kubectl(["set", "image", "sts/web", f"nginx={image}"])
        c.settle()
    revs = c.api.list("controllerrevisions", "default")
    assert sorted(r["revision"] for r in revs) == [3, 4]      # the live one and one of history


def test_rolling_back_reuses_the_old_revision(c):
    make(c, replicas=1)
    first = c.get("statefulset", "web")["status"]["currentRevision"]
    c.kubectl(["set", "image", "sts/web", "nginx=nginx:1.27"])
    c.settle()
    c.kubectl(["set", "image", "sts/web", "nginx=nginx"])
    c.settle()
    sts = c.get("statefulset", "web")
    assert sts["status"]["currentRevision"] == first
    assert c.get("controllerrevision", first)["revision"] == 3


def test_headless_dns_names_the_ready_pods(c):
    make(c)
    ips = {p["metadata"]["name"]: p["status"]["podIP"] for p in c.api.list("pods", "default")}
    assert c.network.resolve("web-0.nginx", "default").ips == [ips["web-0"]]
    assert c.network.resolve("web-1.nginx.default.svc.cluster.local", "kube-system").ips == [ips["web-1"]]
    assert sorted(c.network.resolve("nginx", "default").ips) == sorted(ips.values())
    assert not c.network.resolve("web-2.nginx", "default").found


def test_a_released_pod_labelled_back_is_adopted_again(c):
    # the set hears of an orphan's changes (its pod watch takes orphans), not only its own pods'
    make(c, replicas=2)
    c.kubectl("label pod web-1 app=other --overwrite")
    c.settle()
    assert c.get("pod", "web-1")["metadata"].get("ownerReferences") is None       # released
    c.kubectl("label pod web-1 app=nginx --overwrite")
    c.settle()
    refs = c.get("pod", "web-1")["metadata"].get("ownerReferences") or []
    assert [(r["kind"], r["name"], r.get("controller")) for r in refs] == [("StatefulSet", "web", True)]
