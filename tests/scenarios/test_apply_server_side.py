"""``kubectl apply --server-side`` (the apiserver's field managers, kubelab.server.apply):
the kit's kubectl sends the same apply patch the real kubectl sends to the served API, so
both print the same (the differential test replays these commands through the real
kubectl v1.32.4).  Expected texts from the real kubectl against a served cluster."""
import json

import pytest

import kubelab

WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      creationTimestamp: null
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
"""


@pytest.fixture
def c(tmp_path):
    (tmp_path / "web.yaml").write_text(WEB)
    return kubelab.Cluster(cwd=str(tmp_path))


def test_a_new_object_is_serverside_applied_and_owned_by_kubectl(c):
    assert c.kubectl("apply --server-side -f web.yaml").stdout == "deployment.apps/web serverside-applied\n"
    obj = json.loads(c.kubectl("get deployment web -o json --show-managed-fields").stdout)
    assert "kubectl.kubernetes.io/last-applied-configuration" not in (obj["metadata"].get("annotations") or {})
    managers = [(m["manager"], m["operation"]) for m in obj["metadata"]["managedFields"]]
    assert ("kubectl", "Apply") in managers
    assert c.kubectl("apply --server-side -f web.yaml").stdout == "deployment.apps/web serverside-applied\n"


def test_a_field_another_manager_changed_conflicts_until_forced(c):
    c.kubectl("apply --server-side -f web.yaml")
    c.kubectl("apply --server-side -f web.yaml --field-manager=other")       # co-owned: same values
    r = c.kubectl(["apply", "--server-side", "--field-manager=other", "-f", "-"], stdin=WEB.replace("replicas: 3", "replicas: 4"))
    assert r.returncode == 1
    assert r.stderr.startswith('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\n'
                               "Please review the fields above--they currently have other managers. Here\n")
    assert r.stderr.endswith("See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts\n")
    assert c.get("deployment", "web")["spec"]["replicas"] == 3
    r = c.kubectl(["apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-"],
                  stdin=WEB.replace("replicas: 3", "replicas: 4"))
    assert r.stdout == "deployment.apps/web serverside-applied\n" and c.get("deployment", "web")["spec"]["replicas"] == 4


@pytest.mark.parametrize("args, err", [
    ("apply --force-conflicts -f web.yaml", "error: --force-conflicts only works with --server-side\n"),
    ("apply --server-side --dry-run=client -f web.yaml",
     "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n"),
])
def test_flag_refusals(c, args, err):
    r = c.kubectl(args)
    assert (r.returncode, r.stderr) == (1, err)
    assert c.kubectl("get deployments").stdout == ""


def test_server_dry_run_changes_nothing(c):
    assert c.kubectl("apply --server-side --dry-run=server -f web.yaml").stdout == \
        "deployment.apps/web serverside-applied (server dry run)\n"
    assert c.kubectl("get deployments").stdout == ""
