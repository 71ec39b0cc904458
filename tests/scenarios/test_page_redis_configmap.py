"""kubernetes.io's tutorial "Configuring Redis using a ConfigMap"
(content/en/docs/tutorials/configuration/configure-redis-using-configmap.md), its
commands in the page's order, with the website's ``pods/config/redis-pod.yaml`` and
``pods/config/example-redis-config.yaml`` (tests/data/website-examples; the page
applies the pod from raw.githubusercontent.com, the copy stands in for it).  The
notes' kustomize version of the same example is tests/scenarios/test_redis_example.py.
The ``redis-cli`` sessions are typed into ``kubectl exec -it redis -- redis-cli``.
"""
import pathlib
import shutil

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
EMPTY = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: example-redis-config
data:
  redis-config: ""
"""


@pytest.fixture
def c(tmp_path):
    shutil.copy(EXAMPLES / "pods" / "config" / "redis-pod.yaml", tmp_path / "redis-pod.yaml")
    (tmp_path / "example-redis-config.yaml").write_text(EMPTY)       # cat <<EOF >./example-redis-config.yaml
    return kubelab.Cluster(cwd=str(tmp_path))


def redis_cli(c, *lines):
    r = c.kubectl("exec -it redis -- redis-cli", stdin="".join(f"{line}\n" for line in lines) + "exit\n")
    assert r.returncode == 0
    return "".join(text for _, text in r.transcript).replace("\r\n", "\n")


def test_the_tutorial(c, tmp_path):
    assert c.kubectl("apply -f example-redis-config.yaml").stdout == "configmap/example-redis-config created\n"
    assert c.kubectl("apply -f redis-pod.yaml").stdout == "pod/redis created\n"
    c.settle()
    out = [line.split() for line in c.kubectl("get pod/redis configmap/example-redis-config").stdout.splitlines()]
    assert out[0] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] and out[1][:4] == ["pod/redis", "1/1", "Running", "0"]
    assert out[2] == [] and out[3] == ["NAME", "DATA", "AGE"] and out[4][:2] == ["configmap/example-redis-config", "1"]
    d = c.kubectl("describe configmap/example-redis-config").stdout
    assert d.startswith("Name:         example-redis-config\nNamespace:    default\nLabels:       <none>\n"
                        "Annotations:  <none>\n\nData\n====\nredis-config:\n----\n")
    defaults = ('127.0.0.1:6379> CONFIG GET maxmemory\n1) "maxmemory"\n2) "0"\n'
                '127.0.0.1:6379> CONFIG GET maxmemory-policy\n1) "maxmemory-policy"\n2) "noeviction"\n'
                '127.0.0.1:6379> exit\n')
    assert redis_cli(c, "CONFIG GET maxmemory", "CONFIG GET maxmemory-policy") == defaults

    # 2. the page's example-redis-config.yaml, with the two settings
    shutil.copy(EXAMPLES / "pods" / "config" / "example-redis-config.yaml", tmp_path / "example-redis-config.yaml")
    assert c.kubectl("apply -f example-redis-config.yaml").stdout == "configmap/example-redis-config configured\n"
    d = c.kubectl("describe configmap/example-redis-config").stdout
    assert "Data\n====\nredis-config:\n----\nmaxmemory 2mb\nmaxmemory-policy allkeys-lru\n" in d
    # redis read its configuration once, at start: still the defaults
    c.run(120)
    assert redis_cli(c, "CONFIG GET maxmemory", "CONFIG GET maxmemory-policy") == defaults

    assert c.kubectl("delete pod redis").stdout == 'pod "redis" deleted\n'
    assert c.kubectl("apply -f redis-pod.yaml").stdout == "pod/redis created\n"
    c.settle()
    assert redis_cli(c, "CONFIG GET maxmemory", "CONFIG GET maxmemory-policy") == (
        '127.0.0.1:6379> CONFIG GET maxmemory\n1) "maxmemory"\n2) "2097152"\n'
        '127.0.0.1:6379> CONFIG GET maxmemory-policy\n1) "maxmemory-policy"\n2) "allkeys-lru"\n'
        '127.0.0.1:6379> exit\n')

    r = c.kubectl("delete pod/redis configmap/example-redis-config")
    assert r.stdout == 'pod "redis" deleted\nconfigmap "example-redis-config" deleted\n'
    assert c.get("pod", "redis") is None and c.get("configmap", "example-redis-config") is None
