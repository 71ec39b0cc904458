"""Chapter 07 exercise checks: the solution passes, wrong answers do not."""
import pathlib
import shutil

import kubelab
from kubelab.exercises import ch07

GOLDEN = pathlib.Path(__file__).parents[1] / "kubectl" / "golden" / "kustomize"


def test_redis_maxmemory_needs_new_config_and_a_new_pod(tmp_path):
    shutil.copytree(GOLDEN / "redis", tmp_path / "redis")
    c = kubelab.Cluster(cwd=str(tmp_path / "redis"))
    assert not ch07.redis_maxmemory(c)
    c.kubectl("apply -k .")
    c.settle()
    assert not ch07.redis_maxmemory(c)                    # still 2 MB
    (tmp_path / "redis" / "redis-config").write_text("maxmemory 4mb\nmaxmemory-policy allkeys-lru\n")
    c.kubectl("delete pod redis")
    c.kubectl("apply -k .")
    c.settle()
    assert ch07.redis_maxmemory(c)


def test_redis_maxmemory_4m_is_not_4mb(tmp_path):
    shutil.copytree(GOLDEN / "redis", tmp_path / "redis")
    (tmp_path / "redis" / "redis-config").write_text("maxmemory 4m\nmaxmemory-policy allkeys-lru\n")
    c = kubelab.Cluster(cwd=str(tmp_path / "redis"))
    c.kubectl("apply -k .")
    c.settle()
    assert not ch07.redis_maxmemory(c)                    # 4m is 4000000 bytes in redis


def test_fixed_redis_pod():
    bad = (GOLDEN / "redis-notes-misindented" / "redis-pod.yaml").read_text()
    good = (GOLDEN / "redis" / "redis-pod.yaml").read_text()
    assert not ch07.fixed_redis_pod(bad)
    assert not ch07.fixed_redis_pod(good.replace("    env:\n    - name: MASTER\n      value: \"true\"\n", ""))
    assert ch07.fixed_redis_pod(good)


def test_redis_bytes_knows_m_from_mb():
    assert ch07.redis_bytes("3m", 3000000)
    assert ch07.redis_bytes("3mb", "3145728")
    wrong = ch07.redis_bytes("3m", 3145728)
    assert not wrong and "1000*1000" in wrong.message
    assert not ch07.redis_bytes("3m", "")
