"""kubernetes.io's "ReplicaSet" concept page
(content/en/docs/concepts/workloads/controllers/replicaset.md), its commands in the
page's order, with the website's ``controllers/frontend.yaml`` (the stored copy runs
``nginx``; older copies of the page show ``gb-frontend:v3``), ``pods/pod-rs.yaml`` and
``controllers/hpa-rs.yaml``.  Where the page predates v1.32: describe no longer
prints the last-applied annotation, and shows Node-Selectors and Tolerations.
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(EXAMPLES))
    assert cluster.kubectl("apply -f controllers/frontend.yaml").stdout == "replicaset.apps/frontend created\n"
    cluster.settle()
    return cluster


def rows(result):
    return [line.split() for line in result.stdout.splitlines()]


def frontend_pods(c):
    return sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")
                  if p["metadata"]["name"].startswith("frontend-"))


def test_the_replicaset_its_description_and_its_pods(c):
    got = rows(c.kubectl("get rs"))
    assert got[0] == ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
    assert got[1][:4] == ["frontend", "3", "3", "3"]
    describe = c.kubectl("describe rs/frontend").stdout
    pods = frontend_pods(c)
    assert describe.startswith(
        "Name:         frontend\nNamespace:    default\nSelector:     tier=frontend\nLabels:       app=nginx\n"
        "              tier=frontend\nAnnotations:  <none>\nReplicas:     3 current / 3 desired\n"
        "Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\nPod Template:\n  Labels:  tier=frontend\n"
        "  Containers:\n   nginx:\n    Image:         nginx\n")
    created = [line.split()[-1] for line in describe.splitlines() if "SuccessfulCreate" in line]
    assert sorted(created) == pods and all("replicaset-controller  Created pod: " in line
                                           for line in describe.splitlines() if "SuccessfulCreate" in line)
    listed = rows(c.kubectl("get pods"))
    assert [r[:3] for r in listed[1:]] == [[p, "1/1", "Running"] for p in pods]
    yaml_out = c.kubectl(f"get pods {pods[0]} -o yaml").stdout
    uid = c.get("replicaset", "frontend")["metadata"]["uid"]
    assert ("  generateName: frontend-\n  labels:\n    tier: frontend\n"
            f"  name: {pods[0]}\n  namespace: default\n  ownerReferences:\n  - apiVersion: apps/v1\n"
            "    blockOwnerDeletion: true\n    controller: true\n    kind: ReplicaSet\n    name: frontend\n"
            f"    uid: {uid}\n") in yaml_out


def test_bare_pods_created_after_are_acquired_and_terminated(c):
    before = frontend_pods(c)
    assert c.kubectl("apply -f pods/pod-rs.yaml").stdout == "pod/pod1 created\npod/pod2 created\n"
    c.settle()
    # "the new Pods are either already terminated, or in the process of being terminated"
    names = [r[0] for r in rows(c.kubectl("get pods"))[1:]]
    assert names == before
    events = c.kubectl("get events --field-selector involvedObject.kind=ReplicaSet -o "
                       "custom-columns=REASON:.reason,MESSAGE:.message --no-headers").stdout
    assert "SuccessfulDelete   Deleted pod: pod1" in events and "SuccessfulDelete   Deleted pod: pod2" in events


def test_bare_pods_created_first_are_counted():
    c = kubelab.Cluster(cwd=str(EXAMPLES))
    c.kubectl("apply -f pods/pod-rs.yaml")
    c.settle()
    c.kubectl("apply -f controllers/frontend.yaml")
    c.settle()
    listed = rows(c.kubectl("get pods"))[1:]
    assert len(listed) == 3 and [r[0] for r in listed][1:] == ["pod1", "pod2"]
    assert listed[0][0].startswith("frontend-") and all(r[1:3] == ["1/1", "Running"] for r in listed)
    owners = {p["metadata"]["name"]: p["metadata"]["ownerReferences"][0]["name"] for p in c.api.list("pods", "default")}
    assert set(owners.values()) == {"frontend"}


def test_deleting_just_the_replicaset_and_isolating_a_pod(c):
    pods = frontend_pods(c)
    # isolating: a pod whose labels no longer match is replaced
    c.kubectl(f"label pod {pods[0]} tier=debug --overwrite")
    c.settle()
    assert len(frontend_pods(c)) == 4
    assert c.kubectl("get rs frontend --no-headers").stdout.split()[1:4] == ["3", "3", "3"]
    # --cascade=false is --cascade=orphan: the pods stay
    r = c.kubectl("delete rs frontend --cascade=orphan")
    assert r.stdout == 'replicaset.apps "frontend" deleted\n'
    c.settle()
    assert len(frontend_pods(c)) == 4
    assert c.kubectl("apply -f controllers/frontend.yaml").stdout == "replicaset.apps/frontend created\n"
    c.settle()
    assert len(frontend_pods(c)) == 4       # the new set adopts the three that match


def test_replicaset_as_an_hpa_target(c):
    assert c.kubectl("apply -f controllers/hpa-rs.yaml").stdout == \
        "horizontalpodautoscaler.autoscaling/frontend-scaler created\n"
    assert c.kubectl("autoscale rs frontend --max=10 --min=3 --cpu-percent=50").stdout == \
        "horizontalpodautoscaler.autoscaling/frontend autoscaled\n"
    c.run(20)
    got = rows(c.kubectl("get hpa"))
    assert [r[:2] for r in got[1:]] == [["frontend", "ReplicaSet/frontend"], ["frontend-scaler", "ReplicaSet/frontend"]]
