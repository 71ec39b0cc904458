"""kubectl patch: strategic merge (default), JSON merge and JSON patch, as
staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go and the apiserver's
handlers/patch.go do them.

Local goldens (``--local -f FILE``) were produced by the real kubectl v1.32.4 on
this machine, which patches a file without a cluster.  Server-side error texts come
from the source: a strategicpatch error is a plain Go error (apiserver: 500, printed
``Error from server: ...``); a malformed patch body is a BadRequest with
encoding/json's text; a JSON patch that does not apply is a bare 422
(NewGenericServerResponse) that CheckErr prints as "The request is invalid: ...".
"""
import json

import pytest

import kubelab
from kubelab.api.patch import json_patch, merge_patch, strategic_merge

DEP = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
        env:
        - name: A
          value: "1"
      - name: side
        image: busybox
"""


@pytest.fixture
def local(tmp_path):
    (tmp_path / "dep.yaml").write_text(DEP)
    c = kubelab.Cluster()
    c.cwd = str(tmp_path)
    return c


@pytest.fixture
def cluster():
    c = kubelab.Cluster()
    assert c.kubectl("create deployment web --image=nginx:1.25").returncode == 0
    c.settle()
    return c


def containers_of(c, cmd):
    r = c.kubectl(cmd + " -o yaml")
    assert r.returncode == 0, r.stderr
    return r.stdout[r.stdout.index("      containers:"):]


def test_patch_prints_patched_then_no_change(cluster):
    r = cluster.kubectl("""patch deployment web -p '{"spec":{"replicas":3}}'""")
    assert (r.stdout, r.returncode) == ("deployment.apps/web patched\n", 0)
    cluster.settle()
    rv = cluster.get("deployment", "web")["metadata"]["resourceVersion"]
    r = cluster.kubectl("""patch deploy/web -p '{"spec":{"replicas":3}}'""")
    assert r.stdout == "deployment.apps/web patched (no change)\n"
    assert cluster.get("deployment", "web")["metadata"]["resourceVersion"] == rv


def test_strategic_patch_merges_containers_by_name_and_rolls_out(cluster):
    p = '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}'
    assert cluster.kubectl(f"patch deployment web -p '{p}'").returncode == 0
    spec = cluster.get("deployment", "web")["spec"]["template"]["spec"]
    assert [(c["name"], c["image"]) for c in spec["containers"]] == [("nginx", "nginx:1.26")]
    cluster.settle()
    pods = cluster.kubectl("get pods -o jsonpath={.items[*].spec.containers[0].image}").stdout.split()
    assert pods and set(pods) == {"nginx:1.26"}


def test_yaml_patch_is_accepted(cluster):
    r = cluster.kubectl("patch deployment web -p 'spec: {replicas: 2}'")
    assert r.returncode == 0 and cluster.get("deployment", "web")["spec"]["replicas"] == 2


def test_dry_runs_do_not_change_the_object(cluster):
    # patch.go resets the name printer's operation, so no "(dry run)" suffix.
    r = cluster.kubectl("""patch deployment web -p '{"spec":{"replicas":5}}' --dry-run=server""")
    assert r.stdout == "deployment.apps/web patched\n"
    r = cluster.kubectl("""patch deployment web -p '{"spec":{"replicas":5}}' --dry-run=client -o jsonpath={.spec.replicas}""")
    assert r.stdout == "5"
    assert cluster.get("deployment", "web")["spec"]["replicas"] == 1


def test_server_errors(cluster):
    cases = {
        """patch deploy nope -p '{}'""": 'Error from server (NotFound): deployments.apps "nope" not found\n',
        """patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'""":
            "Error from server: map: map[image:x] does not contain declared merge key: name\n",
        "patch deploy web -p '{bad'":
            "Error from server (BadRequest): invalid character 'b' looking for beginning of object key string\n",
        "patch deploy web --type merge -p '{bad'":
            "Error from server (BadRequest): error decoding patch: invalid character 'b' looking for beginning "
            "of object key string\n",
        """patch deploy web --type json -p '[{"op":"test","path":"/spec/replicas","value":9}]'""":
            "The request is invalid: the server rejected our request due to an error in our request\n",
        """patch deploy web --type json -p '[{"op":"remove","path":"/spec/nope"}]'""":
            "The request is invalid: the server rejected our request due to an error in our request\n",
        """patch deploy web --type merge -p '{"spec":{"replicas":-1}}'""":
            'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    }
    for cmd, err in cases.items():
        r = cluster.kubectl(cmd)
        assert (r.stdout, r.stderr, r.returncode) == ("", err, 1), cmd
    assert cluster.get("deployment", "web")["spec"]["replicas"] == 1


def test_immutable_selector_is_refused(cluster):
    r = cluster.kubectl("""patch deploy web --type merge -p '{"spec":{"selector":{"matchLabels":{"app":"x"}}}}'""")
    assert r.returncode == 1 and "field is immutable" in r.stderr


def test_json_patch_applies_in_order(cluster):
    p = '[{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":4}]'
    assert cluster.kubectl(f"patch deploy web --type json -p '{p}'").stdout == "deployment.apps/web patched\n"
    assert cluster.get("deployment", "web")["spec"]["replicas"] == 4


def test_subresource_status_only_touches_status(cluster):
    # (the Deployment controller then writes its own status back)
    r = cluster.kubectl("""patch deploy web --subresource=status --type merge -p '{"status":{"replicas":7},"spec":{"replicas":9}}' -o jsonpath={.status.replicas}/{.spec.replicas}""")
    assert (r.stdout, r.returncode) == ("7/1", 0), r.stderr
    assert cluster.get("deployment", "web")["spec"]["replicas"] == 1


# --- local patches, checked against the real kubectl ---------------------------------
def test_local_no_change_and_name_output(local):
    assert local.kubectl("""patch --local -f dep.yaml -p '{"spec":{"replicas":3}}'""").stdout == "deployment.apps/web patched\n"
    assert local.kubectl("""patch --local -f dep.yaml -p '{"spec":{"replicas":1}}'""").stdout == \
        "deployment.apps/web patched (no change)\n"
    assert local.kubectl("""patch --local -f dep.yaml -p '{"spec":{"replicas":3}}' -o name""").stdout == \
        "deployment.apps/web\n"


def test_local_strategic_order_new_items_first(local):
    # kubectl v1.32.4: a new item the patch names before a known one goes first.
    out = containers_of(local, """patch --local -f dep.yaml -p '{"spec":{"template":{"spec":{"containers":[{"name":"new","image":"x"},{"name":"side","image":"b2"}]}}}}'""")
    assert out == """      containers:
      - image: x
        name: new
      - env:
        - name: A
          value: "1"
        image: nginx:1.25
        name: nginx
        ports:
        - containerPort: 80
      - image: b2
        name: side
"""


def test_local_strategic_env_merge_puts_patch_items_first(local):
    out = containers_of(local, """patch --local -f dep.yaml -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26","env":[{"name":"B","value":"2"}]}]}}}}'""")
    assert out.startswith("""      containers:
      - env:
        - name: B
          value: "2"
        - name: A
          value: "1"
        image: nginx:1.26
""")


def test_local_directives(local):
    out = containers_of(local, """patch --local -f dep.yaml -p '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}'""")
    assert "side" not in out and "nginx" in out
    out = containers_of(local, """patch --local -f dep.yaml -p '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o"},{"$patch":"replace"}]}}}}'""")
    assert out == "      containers:\n      - image: o\n        name: only\n"
    out = containers_of(local, """patch --local -f dep.yaml -p '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"nginx"}],"containers":[{"name":"nginx","image":"n2"}]}}}}'""")
    assert out.index("name: side") < out.index("name: nginx")


def test_local_errors_are_the_libraries_words(local):
    cases = {
        "patch --local -f dep.yaml -p '{bad'": "error: invalid JSON document\n",
        """patch --local -f dep.yaml -p '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'""":
            "error: map: map[image:x] does not contain declared merge key: name\n",
        "patch --local -f dep.yaml -p 'spec: ['":
            'error: unable to parse "spec: [": yaml: line 1: did not find expected node content\n',
        """patch --local -f dep.yaml --type json -p '[{"op":"test","path":"/spec/replicas","value":2}]'""":
            "error: testing value /spec/replicas failed: test failed\n",
        """patch --local -f dep.yaml --type json -p '[{"op":"remove","path":"/spec/foo"}]'""":
            "error: error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value\n",
        """patch --local -f dep.yaml --type json -p '[{"op":"add","path":"/spec/foo/bar","value":1}]'""":
            'error: add operation does not apply: doc is missing path: "/spec/foo/bar": missing value\n',
        """patch --local -f dep.yaml --type json -p '[{"op":"bogus","path":"/spec"}]'""": "error: Unexpected kind: bogus\n",
        """patch --local -f dep.yaml --type json -p '{"op":"add"}'""":
            "error: json: cannot unmarshal object into Go value of type jsonpatch.Patch\n",
        "patch --local -f dep.yaml --type foo -p '{}'": 'error: --type must be one of [json merge strategic], not "foo"\n',
        "patch --local -f dep.yaml -p '{}' --patch-file x": "error: cannot specify --patch and --patch-file together\n",
        "patch --local -f dep.yaml": "error: must specify --patch or --patch-file containing the contents of the patch\n",
        "patch --local -f dep.yaml --patch-file nope.json":
            "error: unable to read patch file: open nope.json: no such file or directory\n",
        "patch deploy web --local -f dep.yaml -p '{}'": "error: cannot specify --local and server resources\n",
        "patch --local -f dep.yaml --dry-run=server -p '{}'":
            "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n",
        "patch --local -p '{}'": "error: You must provide one or more resources by argument or filename.\n"
            "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
            "   '<resource> <name>'\n   '<resource>'\n",
        "patch --local -f dep.yaml -p '{}' -o wide":
            'error: unable to match a printer suitable for the output format "wide", allowed formats are: '
            "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n",
    }
    for cmd, err in cases.items():
        r = local.kubectl(cmd)
        assert (r.stdout, r.stderr, r.returncode) == ("", err, 1), cmd


def test_local_merge_patch_replaces_lists_and_deletes_nulls(local):
    r = local.kubectl("""patch --local -f dep.yaml --type merge -p '{"metadata":{"labels":null},"spec":{"template":{"spec":{"containers":[{"name":"only"}]}}}}' -o json""")
    obj = json.loads(r.stdout)
    assert obj["metadata"] == {"name": "web"}
    assert obj["spec"]["template"]["spec"]["containers"] == [{"name": "only"}]


def test_local_patch_file(local, tmp_path):
    (tmp_path / "p.yaml").write_text("spec:\n  replicas: 6\n")
    r = local.kubectl("patch --local -f dep.yaml --patch-file p.yaml -o jsonpath={.spec.replicas}")
    assert r.stdout == "6"


# --- the algorithms ---------------------------------------------------------------------
def test_strategic_null_deletes_and_unmatched_null_is_dropped():
    out = strategic_merge({"metadata": {"labels": {"a": "1"}}}, {"metadata": {"labels": {"a": None}, "annotations": {"x": None}}}, "Pod")
    assert out == {"metadata": {"labels": {}, "annotations": {}}}


def test_strategic_primitive_merge_list_and_delete_from_it():
    out = strategic_merge({"metadata": {"finalizers": ["a", "b"]}}, {"metadata": {"finalizers": ["c", "a"]}}, "Pod")
    assert out["metadata"]["finalizers"] == ["c", "a", "b"]
    out = strategic_merge(out, {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}}, "Pod")
    assert out["metadata"]["finalizers"] == ["c", "b"]


def test_strategic_retain_keys_clears_other_fields():
    cur = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}
    out = strategic_merge(cur, {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}, "Deployment")
    assert out == {"spec": {"strategy": {"type": "Recreate"}}}


def test_merge_patch_rfc7386_example():
    # RFC 7386 section 3's example.
    target = {"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"}, "tags": ["example", "sample"],
              "content": "This will be unchanged"}
    patch = {"title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": {"familyName": None}, "tags": ["example"]}
    assert merge_patch(target, patch) == {"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
                                          "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"}


def test_json_patch_move_copy_and_array_insert():
    doc = {"a": {"b": 1}, "l": [1, 2]}
    out = json_patch(doc, [{"op": "copy", "from": "/a", "path": "/c"}, {"op": "move", "from": "/a/b", "path": "/d"},
                           {"op": "add", "path": "/l/0", "value": 0}, {"op": "add", "path": "/l/-", "value": 3}])
    assert out == {"a": {}, "l": [0, 1, 2, 3], "c": {"b": 1}, "d": 1}
    assert doc == {"a": {"b": 1}, "l": [1, 2]}
