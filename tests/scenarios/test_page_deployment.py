"""kubernetes.io's "Deployments" concept page
(content/en/docs/concepts/workloads/controllers/deployment.md): "Creating a Deployment",
"Updating a Deployment", "Rolling Back a Deployment" and "Scaling a Deployment", its
commands in the page's order with the website's ``controllers/nginx-deployment.yaml``
(the stored copy labels ``app.kubernetes.io/name: nginx``).  The page's outputs are
"similar to"; where it predates v1.32: ScalingReplicaSet events say "from N to M",
describe adds Host Port, Node-Selectors and Tolerations and lists the old ReplicaSets
scaled to zero, history --revision is tab-separated (printTemplate).
"""
import pathlib
import re

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
NAME = "nginx-deployment"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(EXAMPLES))
    assert cluster.kubectl("apply -f controllers/nginx-deployment.yaml").stdout == f"deployment.apps/{NAME} created\n"
    return cluster


def rows(c, what):
    return [line.split() for line in c.kubectl(f"get {what}").stdout.splitlines()]


def replica_sets(c):
    return {r[0]: r[1:4] for r in rows(c, "rs")[1:]}


def test_creating_updating_and_rolling_back(c):
    got = rows(c, "deployments")
    assert got[0] == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"] and got[1][:2] == [NAME, "0/3"]
    status = c.kubectl(f"rollout status deployment/{NAME}").stdout
    assert status.endswith(f'deployment "{NAME}" successfully rolled out\n')
    assert rows(c, "deployments")[1][:4] == [NAME, "3/3", "3", "3"]
    (first, counts), = replica_sets(c).items()
    assert re.fullmatch(f"{NAME}-[a-z0-9]{{10}}", first) and counts == ["3", "3", "3"]
    h = first.rsplit("-", 1)[1]
    labelled = rows(c, "pods --show-labels")
    assert labelled[0][-1] == "LABELS" and len(labelled) == 4
    assert all(r[-1] == f"app.kubernetes.io/name=nginx,pod-template-hash={h}" for r in labelled[1:])

    # updating
    assert c.kubectl(f"set image deployment.v1.apps/{NAME} nginx=nginx:1.16.1").stdout == \
        f"deployment.apps/{NAME} image updated\n"
    status = c.kubectl(f"rollout status deployment/{NAME}").stdout
    assert "out of 3 new replicas have been updated...\n" in status
    assert status.endswith(f'deployment "{NAME}" successfully rolled out\n')
    sets = replica_sets(c)
    (second,) = set(sets) - {first}
    assert sets == {first: ["0", "0", "0"], second: ["3", "3", "3"]}
    assert all(r[0].startswith(second + "-") for r in rows(c, "pods")[1:])
    d = c.kubectl("describe deployments").stdout
    assert "Annotations:            deployment.kubernetes.io/revision: 2\n" in d
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n" in d
    assert f"OldReplicaSets:  {first} (0/0 replicas created)\nNewReplicaSet:   {second} (3/3 replicas created)\n" in d
    scaling = [line.split("deployment-controller  ")[1] for line in d.splitlines() if "ScalingReplicaSet" in line]
    assert scaling == [f"Scaled up replica set {first} from 0 to 3", f"Scaled up replica set {second} from 0 to 1",
                       f"Scaled down replica set {first} from 3 to 2", f"Scaled up replica set {second} from 1 to 2",
                       f"Scaled down replica set {first} from 2 to 1", f"Scaled up replica set {second} from 2 to 3",
                       f"Scaled down replica set {first} from 1 to 0"]

    # a typo in the image: the rollout gets stuck
    c.kubectl(f"set image deployment/{NAME} nginx=nginx:1.161")
    r = c.kubectl(f"rollout status deployment/{NAME} --timeout=20s")
    assert r.stdout.startswith(f'Waiting for deployment "{NAME}" rollout to finish: 1 out of 3 new replicas have been updated...\n')
    assert r.stderr == "error: timed out waiting for the condition\n"
    sets = replica_sets(c)
    (third,) = set(sets) - {first, second}
    assert sets[third] == ["1", "1", "0"] and sets[second] == ["3", "3", "3"]
    stuck = [r for r in rows(c, "pods")[1:] if r[0].startswith(third)]
    assert [r[1:3] for r in stuck] == [["0/1", "ImagePullBackOff"]]
    assert c.kubectl(f"rollout history deployment/{NAME}").stdout == (
        f"deployment.apps/{NAME} \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n")
    detail = c.kubectl(f"rollout history deployment/{NAME} --revision=2").stdout
    assert detail.startswith(f"deployment.apps/{NAME} with revision #2\nPod Template:\n  Labels:\tapp.kubernetes.io/name=nginx\n")
    assert "    Image:\tnginx:1.16.1\n" in detail

    # rolling back to the previous revision
    assert c.kubectl(f"rollout undo deployment/{NAME}").stdout == f"deployment.apps/{NAME} rolled back\n"
    c.settle()
    assert rows(c, f"deployment {NAME}")[1][:4] == [NAME, "3/3", "3", "3"]
    d = c.kubectl(f"describe deployment {NAME}").stdout
    assert "Annotations:            deployment.kubernetes.io/revision: 4\n" in d and "    Image:         nginx:1.16.1\n" in d
    assert f"Scaled down replica set {third} from 1 to 0" in d


def test_scaling(c):
    c.settle()
    assert c.kubectl(f"scale deployment/{NAME} --replicas=10").stdout == f"deployment.apps/{NAME} scaled\n"
    c.settle()
    assert rows(c, f"deployment {NAME}")[1][:4] == [NAME, "10/10", "10", "10"]
    r = c.kubectl(f"autoscale deployment/{NAME} --min=10 --max=15 --cpu-percent=80")
    assert r.stdout == f"horizontalpodautoscaler.autoscaling/{NAME} autoscaled\n"
