"""kubernetes.io's "Run a Stateless Application Using a Deployment"
(content/en/docs/tasks/run-application/run-stateless-application-deployment.md), its
commands in the page's order, with the website's ``application/deployment.yaml`` and
``deployment-update.yaml`` (tests/data/website-examples; the stored deployment.yaml runs
nginx:1.15).  The stored ``deployment-scale.yaml`` is of a later vintage (its labels are
``app.kubernetes.io/name``, which the Deployment's immutable selector would refuse), so
the scale step applies deployment-update.yaml with ``replicas: 4``, which is what the
page's file of the same vintage says.  The page's describe output predates v1.32 (no
Host Port, Node-Selectors, Tolerations, Events table); the test checks v1.32's form.
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    return kubelab.Cluster(cwd=str(EXAMPLES))


def pods(c):
    return [line.split() for line in c.kubectl("get pods -l app=nginx").stdout.splitlines()[1:]]


def test_create_explore_update_scale_delete(c):
    assert c.kubectl("apply -f application/deployment.yaml").stdout == "deployment.apps/nginx-deployment created\n"
    c.settle()
    d = c.kubectl("describe deployment nginx-deployment").stdout
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n" in d
    assert "StrategyType:           RollingUpdate\n" in d
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n" in d
    assert "    Image:         nginx:1.15\n    Port:          80/TCP\n    Host Port:     0/TCP\n" in d
    assert ("  Type           Status  Reason\n  ----           ------  ------\n"
            "  Available      True    MinimumReplicasAvailable\n"
            "  Progressing    True    NewReplicaSetAvailable\n") in d
    assert f"OldReplicaSets:  <none>\nNewReplicaSet:   {rs} (2/2 replicas created)\n" in d
    assert f"Normal  ScalingReplicaSet  " in d and f"deployment-controller  Scaled up replica set {rs} from 0 to 2" in d
    listed = pods(c)
    assert len(listed) == 2 and all(p[0].startswith(rs + "-") and p[1:3] == ["1/1", "Running"] for p in listed)
    assert c.kubectl(f"describe pod {listed[0][0]}").stdout.startswith(f"Name:             {listed[0][0]}\n")

    # updating: new pods with new names replace the old ones
    assert c.kubectl("apply -f application/deployment-update.yaml").stdout == \
        "deployment.apps/nginx-deployment configured\n"
    c.settle()
    updated = pods(c)
    assert len(updated) == 2 and not {p[0] for p in updated} & {p[0] for p in listed}
    image = "{.spec.containers[0].image}"
    assert {c.kubectl(["get", "pod", p[0], "-o", f"jsonpath={image}"]).stdout for p in updated} == {"nginx:1.16.1"}

    # scaling by applying a file with replicas: 4
    scale = (EXAMPLES / "application" / "deployment-update.yaml").read_text().replace("replicas: 2,", "replicas: 4,")
    assert c.kubectl("apply -f -", stdin=scale).stdout == "deployment.apps/nginx-deployment configured\n"
    c.settle()
    scaled = pods(c)
    assert len(scaled) == 4 and all(p[1:3] == ["1/1", "Running"] for p in scaled)
    assert {p[0] for p in updated} <= {p[0] for p in scaled}      # the two kept, two added

    assert c.kubectl("delete deployment nginx-deployment").stdout == 'deployment.apps "nginx-deployment" deleted\n'
    c.settle()
    assert c.kubectl("get pods -l app=nginx").stderr == "No resources found in default namespace.\n"
