"""kubernetes.io's "Configure a Pod to Use a ConfigMap"
(content/en/docs/tasks/configure-pod-container/configure-pod-configmap.md), its
commands in the page's order, with the website's example files
(tests/data/website-examples: ``configmap/*.properties`` as the page prints them,
``configmap/*.yaml`` and ``pods/pod-*configmap*.yaml``).

The page's ``wget https://kubernetes.io/examples/configmap/...`` downloads are the
copies put in place; its ``cat <<EOF >./kustomization.yaml`` files are written the
same way.  The generated names' hash suffixes are what the real kustomize v5.5.0
(kubectl v1.32.4 ``kubectl kustomize``) gives for these files: the page's
``game-config-4-m9dm2f92bt`` came from an older kustomize that hashed differently.
The stored page predates immutable ConfigMaps; the concept page's
``configmap/immutable-configmap.yaml`` is tried at the end.
"""
import pathlib
import shutil

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
GAME = ("enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\n"
        "secret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30\n")
UI = "color.good=purple\ncolor.bad=yellow\nallow.textmode=true\nhow.nice.to.look=fairlyNice\n"


@pytest.fixture
def c(tmp_path):
    (tmp_path / "configure-pod-container" / "configmap").mkdir(parents=True)
    for sub in ("configmap", "pods"):
        shutil.copytree(EXAMPLES / sub, tmp_path / "examples" / sub)
    return kubelab.Cluster(cwd=str(tmp_path))


def wget(tmp_path, name):
    """``wget https://kubernetes.io/examples/configmap/NAME -O configure-pod-container/configmap/NAME``"""
    shutil.copy(EXAMPLES / "configmap" / name, tmp_path / "configure-pod-container" / "configmap" / name)


def data(c, name):
    return c.get("configmap", name)["data"]


def describe_data(out):
    """The Data section of ``describe configmap``: {key: value}."""
    body = out.split("\nData\n====\n", 1)[1].split("\n\nBinaryData\n====\n", 1)[0]
    keys = {}
    parts = body.split(":\n----\n")
    for i in range(1, len(parts)):
        key = parts[i - 1].rsplit("\n\n\n", 1)[-1].strip("\n")
        keys[key] = parts[i].rsplit("\n\n\n", 1)[0] + "\n" if i < len(parts) - 1 else parts[i].rstrip("\n") + "\n"
    return keys


# ------------------------------------------------------------ kubectl create configmap
def test_from_a_directory(c, tmp_path):
    wget(tmp_path, "game.properties")
    wget(tmp_path, "ui.properties")
    r = c.kubectl("create configmap game-config --from-file=configure-pod-container/configmap/")
    assert r.stdout == "configmap/game-config created\n"
    out = c.kubectl("describe configmaps game-config").stdout
    assert out.startswith("Name:         game-config\nNamespace:    default\nLabels:       <none>\n"
                          "Annotations:  <none>\n\nData\n====\n")
    assert describe_data(out) == {"game.properties": GAME, "ui.properties": UI}
    assert out.endswith("\nBinaryData\n====\n\nEvents:  <none>\n")
    y = c.kubectl("get configmaps game-config -o yaml").stdout
    assert y.startswith("apiVersion: v1\ndata:\n  game.properties: |\n    enemies=aliens\n    lives=3\n")
    assert "  ui.properties: |\n    color.good=purple\n" in y and "kind: ConfigMap\nmetadata:\n" in y


def test_from_files_and_from_env_files(c, tmp_path):
    wget(tmp_path, "game.properties")
    wget(tmp_path, "ui.properties")
    c.kubectl("create configmap game-config-2 --from-file=configure-pod-container/configmap/game.properties")
    assert describe_data(c.kubectl("describe configmaps game-config-2").stdout) == {"game.properties": GAME}
    # the page's next command reuses the name: a learner meets kubectl's refusal first
    cmd = ("create configmap game-config-2 --from-file=configure-pod-container/configmap/game.properties "
           "--from-file=configure-pod-container/configmap/ui.properties")
    r = c.kubectl(cmd)
    assert (r.stderr, r.returncode) == ('error: failed to create configmap: configmaps "game-config-2" already exists\n', 1)
    c.kubectl("delete configmap game-config-2")
    assert c.kubectl(cmd).stdout == "configmap/game-config-2 created\n"
    assert describe_data(c.kubectl("describe configmaps game-config-2").stdout) == {"game.properties": GAME,
                                                                                  "ui.properties": UI}
    wget(tmp_path, "game-env-file.properties")
    c.kubectl("create configmap game-config-env-file "
              "--from-env-file=configure-pod-container/configmap/game-env-file.properties")
    y = c.kubectl("get configmap game-config-env-file -o yaml").stdout
    assert y.startswith("apiVersion: v1\ndata:\n  allowed: '\"true\"'\n  enemies: aliens\n  lives: \"3\"\nkind: ConfigMap\n")
    # The page's caution ("only the last env-file is used") is older than kubectl 1.23:
    # kubectl v1.32.4 merges every --from-env-file (checked with its --dry-run=client).
    wget(tmp_path, "ui-env-file.properties")
    c.kubectl("create configmap config-multi-env-files "
              "--from-env-file=configure-pod-container/configmap/game-env-file.properties "
              "--from-env-file=configure-pod-container/configmap/ui-env-file.properties")
    assert data(c, "config-multi-env-files") == {"allowed": '"true"', "color": "purple", "enemies": "aliens",
                                                 "how": "fairlyNice", "lives": "3", "textmode": "true"}


def test_a_key_of_your_own_and_literal_values(c, tmp_path):
    wget(tmp_path, "game.properties")
    c.kubectl("create configmap game-config-3 "
              "--from-file=game-special-key=configure-pod-container/configmap/game.properties")
    assert c.kubectl("get configmaps game-config-3 -o yaml").stdout.startswith(
        "apiVersion: v1\ndata:\n  game-special-key: |\n    enemies=aliens\n")
    r = c.kubectl("create configmap special-config --from-literal=special.how=very --from-literal=special.type=charm")
    assert r.stdout == "configmap/special-config created\n"
    assert c.kubectl("get configmaps special-config -o yaml").stdout.startswith(
        "apiVersion: v1\ndata:\n  special.how: very\n  special.type: charm\nkind: ConfigMap\n")


# ---------------------------------------------------------- a ConfigMap from generator
def test_generators(c, tmp_path):
    wget(tmp_path, "game.properties")
    (tmp_path / "kustomization.yaml").write_text(
        "configMapGenerator:\n- name: game-config-4\n  files:\n  - configure-pod-container/configmap/game.properties\n")
    assert c.kubectl("apply -k .").stdout == "configmap/game-config-4-92cb5f7c7h created\n"
    c.run(37)
    lines = c.kubectl("get configmap").stdout.splitlines()
    assert lines[0].split() == ["NAME", "DATA", "AGE"]
    assert ["game-config-4-92cb5f7c7h", "1"] in [line.split()[:2] for line in lines]
    d = c.kubectl("describe configmaps/game-config-4-92cb5f7c7h").stdout
    # the page shows the last-applied-configuration annotation; kubectl v1.32's describe
    # leaves it out (the real kubectl against the served cluster prints the same)
    assert d.startswith("Name:         game-config-4-92cb5f7c7h\nNamespace:    default\nLabels:       <none>\n"
                        "Annotations:  <none>\n\nData\n====\n")
    assert "kubectl.kubernetes.io/last-applied-configuration" in c.get("configmap", "game-config-4-92cb5f7c7h")[
        "metadata"]["annotations"]
    assert describe_data(d) == {"game.properties": GAME}
    (tmp_path / "kustomization.yaml").write_text(
        "configMapGenerator:\n- name: game-config-5\n  files:\n"
        "  - game-special-key=configure-pod-container/configmap/game.properties\n")
    assert c.kubectl("apply -k .").stdout == "configmap/game-config-5-2ddm949dbt created\n"
    (tmp_path / "kustomization.yaml").write_text(
        "configMapGenerator:\n- name: special-config-2\n  literals:\n  - special.how=very\n  - special.type=charm\n")
    assert c.kubectl("apply -k .").stdout == "configmap/special-config-2-2b86tk8fhm created\n"
    assert data(c, "special-config-2-2b86tk8fhm") == {"special.how": "very", "special.type": "charm"}


# ---------------------------------------------------- container environment variables
def env_lines(c, pod="dapi-test-pod"):
    c.settle()
    assert c.kubectl(f"get pod {pod} --no-headers").stdout.split()[1:3] == ["0/1", "Completed"]
    return c.kubectl(f"logs {pod}").stdout.splitlines()


def test_a_variable_from_a_single_configmap(c):
    c.kubectl("create configmap special-config --from-literal=special.how=very")
    r = c.kubectl("create -f examples/pods/pod-single-configmap-env-variable.yaml")
    assert r.stdout == "pod/dapi-test-pod created\n"
    assert "SPECIAL_LEVEL_KEY=very" in env_lines(c)


def test_variables_from_several_configmaps(c):
    r = c.kubectl("create -f examples/configmap/configmaps.yaml")
    assert r.stdout == "configmap/special-config created\nconfigmap/env-config created\n"
    c.kubectl("create -f examples/pods/pod-multiple-configmap-env-variable.yaml")
    lines = env_lines(c)
    assert "SPECIAL_LEVEL_KEY=very" in lines and "LOG_LEVEL=INFO" in lines


def test_env_from_all_keys_and_in_the_command(c):
    assert c.kubectl("create -f examples/configmap/configmap-multikeys.yaml").stdout == \
        "configmap/special-config created\n"
    c.kubectl("create -f examples/pods/pod-configmap-envFrom.yaml")
    lines = env_lines(c)
    assert "SPECIAL_LEVEL=very" in lines and "SPECIAL_TYPE=charm" in lines
    c.kubectl("delete pod dapi-test-pod")
    c.kubectl("create -f examples/pods/pod-configmap-env-var-valueFrom.yaml")
    assert env_lines(c) == ["very charm"]


# ------------------------------------------------------------------ ConfigMap volumes
def test_configmap_data_in_a_volume(c):
    c.kubectl("create -f examples/configmap/configmap-multikeys.yaml")
    c.kubectl("create -f examples/pods/pod-configmap-volume.yaml")
    assert env_lines(c) == ["SPECIAL_LEVEL", "SPECIAL_TYPE"]
    c.kubectl("delete pod dapi-test-pod")
    c.kubectl("create -f examples/pods/pod-configmap-volume-specific-key.yaml")
    assert env_lines(c) == ["very"]


def test_mounted_configmaps_are_updated_and_subpath_ones_are_not(c):
    c.kubectl("create -f examples/configmap/configmap-multikeys.yaml")
    c.kubectl("apply -f -", stdin="""\
apiVersion: v1
kind: Pod
metadata:
  name: watcher
spec:
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: config, mountPath: /etc/level, subPath: SPECIAL_LEVEL}
  volumes:
  - name: config
    configMap: {name: special-config}
""")
    c.settle()
    c.kubectl(["patch", "configmap", "special-config", "-p", '{"data":{"SPECIAL_LEVEL":"extremely"}}'])
    # the kubelet's periodic sync and its ConfigMap cache: at most about two minutes
    c.run(130)
    r = c.kubectl("exec watcher -- cat /etc/config/SPECIAL_LEVEL /etc/level")
    assert r.stdout == "extremelyvery"


# ---------------------------------------------------------------------- restrictions
def test_a_missing_configmap_or_key_keeps_the_pod_from_starting_unless_optional(c):
    c.kubectl("create -f examples/pods/pod-single-configmap-env-variable.yaml")
    c.settle()
    assert c.kubectl("get pod dapi-test-pod --no-headers").stdout.split()[1:3] == ["0/1", "CreateContainerConfigError"]
    events = c.kubectl("get events --field-selector involvedObject.name=dapi-test-pod").stdout
    assert 'Error: configmap "special-config" not found' in events
    c.kubectl("delete pod dapi-test-pod")
    c.kubectl("create configmap special-config --from-literal=other=x")
    c.kubectl("create -f examples/pods/pod-single-configmap-env-variable.yaml")
    c.settle()
    events = c.kubectl("get events --field-selector involvedObject.name=dapi-test-pod").stdout
    assert "Error: couldn't find key special.how in ConfigMap default/special-config" in events
    c.kubectl("delete pod dapi-test-pod")
    c.kubectl("apply -f -", stdin="""\
apiVersion: v1
kind: Pod
metadata:
  name: optional
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "echo level=$LEVEL; ls /etc/missing | wc -l"]
    env:
    - name: LEVEL
      valueFrom:
        configMapKeyRef: {name: no-such-config, key: special.how, optional: true}
    volumeMounts:
    - {name: v, mountPath: /etc/missing}
  volumes:
  - name: v
    configMap: {name: no-such-config, optional: true}
""")
    assert env_lines(c, "optional") == ["level=", "0"]


def test_immutable_configmaps_refuse_updates(c):
    r = c.kubectl("create -f examples/configmap/immutable-configmap.yaml")
    assert r.stdout == "configmap/company-name-20150801 created\n"
    r = c.kubectl(["patch", "configmap", "company-name-20150801", "-p", '{"data":{"company_name":"ACME"}}'])
    assert (r.stderr, r.returncode) == (
        'The ConfigMap "company-name-20150801" is invalid: data: Forbidden: field is immutable when '
        '`immutable` is set\n', 1)
    assert data(c, "company-name-20150801") == {"company_name": "ACME, Inc."}
    assert c.kubectl("delete configmap company-name-20150801").returncode == 0
