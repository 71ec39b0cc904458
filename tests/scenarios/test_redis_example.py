"""The notes' "使用ConfigMap配置Redis" example end to end: a kustomization with a
configMapGenerator, `kubectl apply -k .`, redis-server reading the mounted
redis.conf, and a ConfigMap change taking effect when the pod is recreated.

The hash suffix is what the real kustomize v5.5.0 (kubectl v1.32.4) prints for
this directory: ``example-redis-config-hfbhg9b679`` (the notes' ``dgh9dg555m``
came from an older kustomize that hashed differently).
"""
import pathlib
import shutil

import pytest

import kubelab

GOLDEN = pathlib.Path(__file__).parents[1] / "kubectl" / "golden" / "kustomize" / "redis"


@pytest.fixture
def cluster(tmp_path):
    shutil.copytree(GOLDEN, tmp_path / "redis")
    return kubelab.Cluster(cwd=str(tmp_path / "redis"))


def redis_cli(c, *argv):
    app = c.kubelets["minikube"].workers["default/redis"].containers["redis"].app
    return app.exec(["redis-cli", *argv]).stdout


def test_apply_k_creates_the_hashed_configmap_and_the_pod(cluster):
    r = cluster.kubectl("apply -k .")
    assert r.stdout == "configmap/example-redis-config-hfbhg9b679 created\npod/redis created\n"
    cluster.settle()
    got = [line for line in cluster.kubectl("get -k .").stdout.splitlines() if line]
    assert got[0].split() == ["NAME", "DATA", "AGE"]
    assert got[1].split()[:2] == ["configmap/example-redis-config-hfbhg9b679", "1"]
    assert got[2].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert got[3].split()[:4] == ["pod/redis", "1/1", "Running", "0"]


def test_redis_reads_maxmemory_from_the_mounted_config(cluster):
    cluster.kubectl("apply -k .")
    cluster.settle()
    assert redis_cli(cluster, "CONFIG", "GET", "maxmemory") == "maxmemory\n2097152\n"
    assert redis_cli(cluster, "CONFIG", "GET", "maxmemory-policy") == "maxmemory-policy\nallkeys-lru\n"


def test_changing_the_config_needs_a_new_pod(cluster, tmp_path):
    cluster.kubectl("apply -k .")
    cluster.settle()
    (tmp_path / "redis" / "redis-config").write_text("maxmemory 4mb\nmaxmemory-policy allkeys-lru\n")
    # redis-server read its config once, at start: the running pod keeps 2 MB.
    cluster.kubectl("delete pod redis")
    r = cluster.kubectl("apply -k .")
    # A new content hash: a new ConfigMap, and the pod's volume names it.
    lines = r.stdout.splitlines()
    assert lines[0].startswith("configmap/example-redis-config-") and lines[0].endswith(" created")
    assert "hfbhg9b679" not in lines[0] and lines[1] == "pod/redis created"
    cluster.settle()
    assert redis_cli(cluster, "CONFIG", "GET", "maxmemory") == "maxmemory\n4194304\n"


def test_delete_k_removes_both(cluster):
    cluster.kubectl("apply -k .")
    cluster.settle()
    r = cluster.kubectl("delete -k .")
    assert r.stdout == 'configmap "example-redis-config-hfbhg9b679" deleted\npod "redis" deleted\n'
    assert cluster.get("pod", "redis") is None
