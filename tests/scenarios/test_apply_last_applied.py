"""``kubectl apply view-last-applied`` and ``apply set-last-applied`` (the declarative
config page's "kubectl apply view-last-applied"): the annotation apply keeps, read and
set.  Expected texts are the real kubectl v1.32.4's against a served cluster in the same
state (and the differential test replays these commands through it)."""
import pytest

import kubelab

WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - {name: nginx, image: nginx}
"""

VIEW = """apiVersion: apps/v1
kind: Deployment
metadata:
  annotations: {}
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
"""


@pytest.fixture
def c(tmp_path):
    (tmp_path / "web.yaml").write_text(WEB)
    return kubelab.Cluster(cwd=str(tmp_path))


def test_view_shows_what_apply_stored(c):
    c.kubectl("apply -f web.yaml")
    assert c.kubectl("apply view-last-applied deployment web").stdout == VIEW
    assert c.kubectl("apply view-last-applied -f web.yaml").stdout == VIEW
    json_view = c.kubectl("apply view-last-applied deployment/web -o json").stdout
    assert json_view.startswith('{\n  "apiVersion": "apps/v1",\n  "kind": "Deployment",\n  "metadata": {\n'
                                '    "annotations": {},\n    "name": "web",')
    assert json_view.endswith('    }\n  }\n}\n')


def test_view_of_an_object_without_the_annotation_prints_nothing(c):
    c.kubectl("create deployment web --image=nginx")
    r = c.kubectl("apply view-last-applied deployment web -o wide")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


@pytest.mark.parametrize("cmd, err", [
    ("apply view-last-applied", "error: You must provide one or more resources by argument or filename.\nExample "
     "resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
     "   '<resource>'\n"),
    ("apply view-last-applied deployments", "error: resource(s) were provided, but no name was specified\n"),
    ("apply view-last-applied deployment nosuch", 'Error from server (NotFound): deployments.apps "nosuch" not found\n'),
    ("apply set-last-applied -f web.yaml", 'Error from server (NotFound): deployments.apps "web" not found\n'),
])
def test_refusals(c, cmd, err):
    r = c.kubectl(cmd)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", err)


def test_set_changes_the_annotation_only(c):
    c.kubectl("create deployment web --image=nginx --replicas=1")
    r = c.kubectl("apply set-last-applied -f web.yaml")
    assert r.stderr == ("error: no last-applied-configuration annotation found on resource: web, to create the "
                        "annotation, run the command with --create-annotation\n")
    assert c.kubectl("apply set-last-applied -f web.yaml --create-annotation").stdout == "deployment.apps/web configured\n"
    assert c.get("deployment", "web")["spec"]["replicas"] == 1          # only the annotation changed
    view = c.kubectl("apply view-last-applied deployment web").stdout
    assert "replicas: 2" in view and "annotations: {}" not in view     # the file as it is, not apply's form
    assert c.kubectl("apply set-last-applied -f web.yaml").stdout == "set-last-applied web: no changes required.\n"


@pytest.mark.parametrize("cmd, err", [
    ("apply foo -f web.yaml", "error: Unexpected args: [foo]\nSee 'kubectl apply -h' for help and examples\n"),
    ("create foo bar -f web.yaml", "error: Unexpected args: [foo bar]\nSee 'kubectl create -h' for help and examples\n"),
])
def test_apply_and_create_take_no_arguments(c, cmd, err):
    r = c.kubectl(cmd)
    assert (r.returncode, r.stderr) == (1, err)
    assert c.kubectl("get deployments").stdout == ""
