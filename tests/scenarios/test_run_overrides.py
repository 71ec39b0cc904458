"""``kubectl run --overrides`` (cmdutil.Overrider): the generated Pod patched before it
is sent, as a JSON merge patch by default, or with --override-type json|strategic.  The
expected texts are the real kubectl v1.32.4's against a served cluster (the
differential test replays these commands through it)."""
import json

import pytest
import yaml

import kubelab


@pytest.fixture
def c():
    return kubelab.Cluster()


def test_merge_replaces_the_containers_list(c):
    r = c.kubectl(['run', 'x', '--image=nginx', '--dry-run=client', '-o', 'yaml', '--overrides',
                   '{"spec":{"containers":[{"name":"x","image":"busybox","env":[{"name":"A","value":"1"}]}]}}'])
    pod = yaml.safe_load(r.stdout)
    assert pod["spec"]["containers"] == [{"name": "x", "image": "busybox", "env": [{"name": "A", "value": "1"}],
                                         "resources": {}}]     # decoded into a v1.Pod again


def test_strategic_merges_the_container_by_name(c):
    r = c.kubectl(['run', 'x', '--image=nginx', '--dry-run=client', '-o', 'json', '--override-type=strategic',
                   '--overrides', '{"spec":{"containers":[{"name":"x","env":[{"name":"A","value":"1"}]}]}}'])
    container = json.loads(r.stdout)["spec"]["containers"][0]
    assert container["image"] == "nginx" and container["env"] == [{"name": "A", "value": "1"}]


def test_json_patch_and_the_pod_it_makes(c):
    r = c.kubectl(['run', 'x', '--image=nginx', '--dry-run=client', '-o', 'yaml', '--override-type=json',
                   '--overrides', '[{"op":"add","path":"/metadata/labels/b","value":"c"}]'])
    assert yaml.safe_load(r.stdout)["metadata"]["labels"] == {"run": "x", "b": "c"}
    assert c.kubectl(['run', 'y', '--image=nginx', '--overrides', '{"spec":{"nodeName":"minikube"}}']).stdout == \
        "pod/y created\n"
    assert c.kubectl("get pod y -o jsonpath={.spec.nodeName}").stdout == "minikube"


@pytest.mark.parametrize("args, err", [
    (["--overrides={bad"], "error: Invalid JSON Patch\n"),
    (["--overrides=null"], "error: Invalid JSON Patch\n"),
    (["--overrides=3"], "error: Invalid JSON Patch\n"),
    (["--overrides=[]"], "error: couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value "
                         'of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
                         'Kind string "json:\\"kind,omitempty\\"" }\n'),
    (["--overrides={}", "--override-type=bogus"], "error: invalid override type: bogus\n"),
])
def test_bad_overrides_create_nothing(c, args, err):
    r = c.kubectl(["run", "x", "--image=nginx", *args])
    assert (r.returncode, r.stdout, r.stderr) == (1, "", err)
    assert c.kubectl("get pod x").returncode == 1
