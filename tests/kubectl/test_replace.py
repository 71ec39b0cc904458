"""kubectl replace [-f FILE] [--force], as k8s.io/kubectl/pkg/cmd/replace/replace.go does it.

The printed lines come from kubectl's printers: the delete printer writes
``deployment.apps "x" deleted`` (delete.go PrintObj), the name printer with the
operation "replaced" writes ``deployment.apps/x replaced``; errors from the PUT get
``error when replacing "FILE": `` (cmdutil.AddSourceToErr).  The argument errors were
taken from the real kubectl v1.32.4 on this machine.
"""
import pytest

import kubelab

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: IMAGE
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
"""


@pytest.fixture
def cluster(tmp_path):
    (tmp_path / "app.yaml").write_text(DEPLOY.replace("IMAGE", "nginx:1.25"))
    return kubelab.Cluster(cwd=str(tmp_path))


def test_replace_needs_the_objects_to_exist(cluster):
    r = cluster.kubectl("replace -f app.yaml")
    assert r.returncode == 1
    assert r.stderr == ('Error from server (NotFound): error when replacing "app.yaml": deployments.apps "web" not found\n'
                        'Error from server (NotFound): error when replacing "app.yaml": services "web" not found\n')


def test_replace_puts_the_new_spec(cluster, tmp_path):
    cluster.kubectl("apply -f app.yaml")
    cluster.settle()
    (tmp_path / "app.yaml").write_text(DEPLOY.replace("IMAGE", "nginx:1.26"))
    r = cluster.kubectl("replace -f app.yaml")
    assert r.stdout == "deployment.apps/web replaced\nservice/web replaced\n"
    d = cluster.get("deployment", "web")
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.26"
    assert d["metadata"]["generation"] == 2


def test_force_deletes_then_creates_with_new_uids(cluster):
    cluster.kubectl("apply -f app.yaml")
    cluster.settle()
    old_uid = cluster.get("deployment", "web")["metadata"]["uid"]
    old_rs = {rs["metadata"]["uid"] for rs in cluster.api.list("replicasets", "default")
              if rs["metadata"]["name"].startswith("web-")}
    r = cluster.kubectl("replace --force -f app.yaml")
    assert r.stdout == ('deployment.apps "web" deleted\nservice "web" deleted\n'
                        "deployment.apps/web replaced\nservice/web replaced\n")
    assert r.returncode == 0
    cluster.settle()
    assert cluster.get("deployment", "web")["metadata"]["uid"] != old_uid
    new_rs = {rs["metadata"]["uid"] for rs in cluster.api.list("replicasets", "default")
              if rs["metadata"]["name"].startswith("web-")}
    assert new_rs and not new_rs & old_rs


def test_force_creates_what_does_not_exist_yet(cluster):
    # DeleteOptions.IgnoreNotFound is set by replace: missing objects are not an error.
    r = cluster.kubectl("replace --force -f app.yaml")
    assert (r.stdout, r.stderr, r.returncode) == ("deployment.apps/web replaced\nservice/web replaced\n", "", 0)


def test_force_output_name(cluster):
    cluster.kubectl("apply -f app.yaml")
    r = cluster.kubectl("replace --force -f app.yaml -o name")
    assert r.stdout == "deployment.apps/web\nservice/web\ndeployment.apps/web\nservice/web\n"


def test_argument_errors_match_real_kubectl(cluster):
    assert cluster.kubectl("replace").stderr == "error: must specify one of -f and -k\n"
    assert cluster.kubectl("replace -f app.yaml --grace-period=3").stderr == \
        "error: --grace-period must have --force specified\n"
