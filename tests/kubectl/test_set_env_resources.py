"""kubectl set env and kubectl set resources (staging/src/k8s.io/kubectl/pkg/cmd/set/
set_env.go, set_resources.go, env/env_parse.go).

Texts marked "kubectl v1.32.4" were produced by the real kubectl on this machine with
``--local -f FILE`` (no cluster needed); the server-side lines follow the source:
the name printer with operation "env updated" / "resource requirements updated",
" (dry run)" / " (server dry run)" added by PrintFlagsWithDryRunStrategy, nothing
printed when the computed patch is empty.
"""
import pytest

import kubelab

DEP = """apiVersion: apps/v1
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
      - name: nginx
        image: nginx:1.25
        env:
        - name: A
          value: "1"
      - name: side
        image: busybox
"""

POD = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: busybox
    env:
    - {name: CM, valueFrom: {configMapKeyRef: {name: cfg, key: k}}}
    - {name: S, valueFrom: {secretKeyRef: {name: sec, key: k2}}}
    - {name: F, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: R, valueFrom: {resourceFieldRef: {resource: limits.cpu, containerName: c}}}
"""


@pytest.fixture
def local(tmp_path):
    (tmp_path / "dep.yaml").write_text(DEP)
    (tmp_path / "pod.yaml").write_text(POD)
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n")
    c = kubelab.Cluster()
    c.cwd = str(tmp_path)
    return c


@pytest.fixture
def cluster():
    c = kubelab.Cluster()
    assert c.kubectl("create deployment web --image=nginx:1.25").returncode == 0
    assert c.kubectl("create configmap cfg --from-literal=b-key=2 --from-literal=A_KEY=1").returncode == 0
    c.settle()
    return c


def env_of(c, name="web"):
    return c.get("deployment", name)["spec"]["template"]["spec"]["containers"][0].get("env")


def test_set_env_adds_then_no_change_prints_nothing(cluster):
    r = cluster.kubectl("set env deploy/web FOO=bar")
    assert (r.stdout, r.returncode) == ("deployment.apps/web env updated\n", 0)
    assert env_of(cluster) == [{"name": "FOO", "value": "bar"}]
    r = cluster.kubectl("set env deploy/web FOO=bar")
    assert (r.stdout, r.stderr, r.returncode) == ("", "", 0)


def test_set_env_remove_and_rollout(cluster):
    cluster.kubectl("set env deployment web FOO=bar X=1")
    cluster.settle()
    assert cluster.kubectl("set env deployment web FOO-").stdout == "deployment.apps/web env updated\n"
    assert env_of(cluster) == [{"name": "X", "value": "1"}]
    cluster.settle()
    rs = cluster.kubectl("get rs -o name").stdout.split()
    assert len(rs) == 3      # every template change made a new ReplicaSet


def test_set_env_from_configmap_with_prefix(cluster):
    assert cluster.kubectl("set env deploy/web --from=configmap/cfg --prefix=CFG_").returncode == 0
    # keyToEnvName: invalid characters become "_", then upper case.
    assert env_of(cluster) == [
        {"name": "CFG_A_KEY", "valueFrom": {"configMapKeyRef": {"key": "A_KEY", "name": "cfg"}}},
        {"name": "CFG_B_KEY", "valueFrom": {"configMapKeyRef": {"key": "b-key", "name": "cfg"}}},
    ]
    r = cluster.kubectl("set env deploy/web --list")
    assert r.stdout == ("# Deployment web, container nginx\n# CFG_A_KEY from configmap cfg, key A_KEY\n"
                        "# CFG_B_KEY from configmap cfg, key b-key\n")
    assert cluster.kubectl("set env deploy/web --from=secret/nope").stderr == \
        'Error from server (NotFound): secrets "nope" not found\n'


def test_set_env_keys_select_from_source(cluster):
    cluster.kubectl("set env deploy/web --from=configmap/cfg --keys=b-key")
    assert [e["name"] for e in env_of(cluster)] == ["B_KEY"]


def test_set_env_dry_runs(cluster):
    assert cluster.kubectl("set env deploy/web X=1 --dry-run=server").stdout == \
        "deployment.apps/web env updated (server dry run)\n"
    assert cluster.kubectl("set env deploy/web X=1 --dry-run=client").stdout == "deployment.apps/web env updated (dry run)\n"
    assert env_of(cluster) is None


def test_set_env_local_outputs_match_kubectl(local):
    # kubectl v1.32.4
    cases = {
        "set env --local -f dep.yaml FOO=bar": ("deployment.apps/web env updated\n", "", 0),
        "set env --local -f dep.yaml -c nginx A=1": ("", "", 0),
        "set env --local -f dep.yaml --list": ("# Deployment web, container nginx\nA=1\n# Deployment web, container side\n", "", 0),
        "set env --local -f dep.yaml -c side X=1 --list": ("# Deployment web, container side\nX=1\n", "", 0),
        "set env --local -f dep.yaml -c nope X=1":
            ("", 'Warning: Deployment/web does not have any containers matching "nope"\n', 0),
        "set env --local -f dep.yaml A=2 --overwrite=false":
            ("", "error: deployment.apps/web\n 'A' already has a value (1), and --overwrite is false\n", 1),
        "set env --local -f dep.yaml '1A=1'":
            ("", "error: \"1A\" is not a valid key name: a valid environment variable name must consist of alphabetic "
                 "characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
                 "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n", 1),
        "set env --local -f dep.yaml --keys=a X=1":
            ("", "error: when specifying --keys, a configmap or secret must be provided with --from\n", 1),
        "set env --local -f dep.yaml A- A=1":
            ("", "error: can not both modify and remove the same environment variable in the same command\n", 1),
        "set env --local -f dep.yaml X=1 deploy/web":
            ("", "error: all resources must be specified before environment changes: X=1 deploy/web\n", 1),
        "set env --local -f dep.yaml --list -o yaml": ("", "error: --list and --output may not be specified together\n", 1),
        "set env --local -f pod.yaml --list":
            ("# Pod p, container c\n# CM from configmap cfg, key k\n# S from secret sec, key k2\n"
             "# F from field path status.podIP\n# R from resource field c/limits.cpu\n", "", 0),
        "set env --local -f dep.yaml FOO=bar --dry-run=client": ("deployment.apps/web env updated (dry run)\n", "", 0),
        "set env --local -f cm.yaml A=1":
            ("", "error: configmap/cfg the object is not a pod or does not have a pod template: *v1.ConfigMap\n", 1),
        "set env --local -f dep.yaml -c nginx A- B=2 --prefix=P_ -o jsonpath={.spec.template.spec.containers[*].env}":
            ('[{"name":"P_B","value":"2"}]', "", 0),
    }
    for cmd, want in cases.items():
        r = local.kubectl(cmd)
        assert (r.stdout, r.stderr, r.returncode) == want, cmd


def test_set_resources_on_every_container(cluster):
    r = cluster.kubectl("set resources deploy web --limits=cpu=200m,memory=512Mi --requests=cpu=100m")
    assert (r.stdout, r.returncode) == ("deployment.apps/web resource requirements updated\n", 0)
    res = cluster.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert res["limits"] == {"cpu": "200m", "memory": "512Mi"} and res["requests"]["cpu"] == "100m"
    r = cluster.kubectl("set resources deploy web --limits=cpu=200m,memory=512Mi --requests=cpu=100m")
    assert (r.stdout, r.returncode) == ("", 0)       # nothing changed: no patch, nothing printed


def test_set_resources_quantities_are_canonical(cluster):
    cluster.kubectl("set resources deploy/web --requests=cpu=0.5")
    res = cluster.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert res["requests"]["cpu"] == "500m"


def test_set_resources_local_outputs_match_kubectl(local):
    # kubectl v1.32.4
    cases = {
        "set resources --local -f dep.yaml --limits=cpu=200m": ("deployment.apps/web resource requirements updated\n", "", 0),
        "set resources --local -f dep.yaml --limits=cpu=200m --dry-run=client":
            ("deployment.apps/web resource requirements updated (dry run)\n", "", 0),
        "set resources --local -f dep.yaml -c nope --limits=cpu=200m": ("", "error: unable to find container named nope\n", 1),
        "set resources --local -f dep.yaml":
            ("", "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n", 1),
        "set resources --local -f dep.yaml --limits=cpu=abc":
            ("", "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n", 1),
        "set resources --local -f dep.yaml --limits=cpu":
            ("", "error: Invalid argument syntax cpu, expected <resource>=<value>\n", 1),
        "set resources --local -f cm.yaml --limits=cpu=1":
            ("", "error: configmap/cfg the object is not a pod or does not have a pod template: *v1.ConfigMap\n", 1),
    }
    for cmd, want in cases.items():
        r = local.kubectl(cmd)
        assert (r.stdout, r.stderr, r.returncode) == want, cmd
    # (kubectl's typed round trip also adds "resources: {}" to untouched containers
    # in --local output; kubelab prints the file's object as it is.)
    r = local.kubectl("set resources --local -f dep.yaml -c side --limits=cpu=200m -o jsonpath={.spec.template.spec.containers[1].resources}")
    assert r.stdout == '{"limits":{"cpu":"200m"}}'


def test_set_image_still_works(cluster):
    assert cluster.kubectl("set image deploy/web nginx=nginx:1.26").stdout == "deployment.apps/web image updated\n"


def test_objects_without_a_pod_template_are_named_by_their_resource():
    # resource.Info.ObjectName: "<mapping resource>/<name>" when the object came from the
    # server (plural), the lowercased kind with --local (no mapping); %T of the object after.
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal=k=v")
    for cmd in ("set image configmap/cfg a=b", "set env configmap/cfg A=1", "set resources configmap/cfg --limits=cpu=1"):
        assert c.kubectl(cmd).stderr == \
            "error: configmaps/cfg the object is not a pod or does not have a pod template: *v1.ConfigMap\n"
