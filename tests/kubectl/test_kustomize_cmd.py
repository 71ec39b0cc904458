"""`kubectl kustomize DIR` through the command line, against the real kubectl v1.32.4.

The golden directories and outputs are golden/kustomize/ (see its regenerate.sh):
stdout must be identical, stderr identical for warnings and, for failures, the
klog line's ``err="..."`` text (the timestamp and pid differ).
"""
import pathlib
import re
import shutil

import pytest

import kubelab

GOLDEN = pathlib.Path(__file__).parent / "golden" / "kustomize"
CASES = ["redis", "redis-notes-misindented", "secret-generator", "prefix-labels-images-patch",
         "base-overlay/base", "base-overlay/overlay", "legacy-order", "scalars"]


@pytest.fixture(scope="module")
def cluster():
    return kubelab.Cluster(cwd=str(GOLDEN))


def _err_text(stderr: str) -> str:
    m = re.search(r'"command failed" err="(.*)"$', stderr.strip())
    return m.group(1) if m else stderr


@pytest.mark.parametrize("case", CASES)
def test_kustomize_command_matches_real_kubectl(cluster, case):
    out = case.replace("/", "_")
    r = cluster.kubectl(f"kustomize {case}")
    assert r.stdout == (GOLDEN / f"{out}.out").read_text()
    assert _err_text(r.stderr) == _err_text((GOLDEN / f"{out}.err").read_text())
    assert r.returncode == (1 if "command failed" in (GOLDEN / f"{out}.err").read_text() else 0)


def test_failure_is_a_klog_line(cluster):
    r = cluster.kubectl("kustomize redis-notes-misindented")
    assert re.fullmatch(r'E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ run\.go:72\] "command failed" err="accumulating '
                        r"resources: .*redis-pod\.yaml\"\n", r.stderr)


def test_default_directory_is_the_working_directory(tmp_path):
    shutil.copytree(GOLDEN / "redis", tmp_path / "redis")
    c = kubelab.Cluster(cwd=str(tmp_path / "redis"))
    assert c.kubectl("kustomize").stdout == (GOLDEN / "redis.out").read_text()
    assert c.kubectl("kustomize .").stdout == (GOLDEN / "redis.out").read_text()


def test_two_paths_and_a_missing_directory_fail_as_kubectl_does(cluster):
    # Real kubectl: err="specify one path to kustomization.yaml"; the missing directory is
    # quoted as given, then lstat'ed as an absolute path.
    assert _err_text(cluster.kubectl("kustomize a b").stderr) == "specify one path to kustomization.yaml"
    err = _err_text(cluster.kubectl("kustomize nothere").stderr)
    assert err == (f"must build at directory: not a valid directory: evalsymlink failure on 'nothere' : "
                   f"lstat {GOLDEN}/nothere: no such file or directory")


def test_output_flag_writes_a_file(tmp_path):
    shutil.copytree(GOLDEN / "redis", tmp_path / "redis")
    c = kubelab.Cluster(cwd=str(tmp_path))
    r = c.kubectl("kustomize redis -o built.yaml")
    assert r.stdout == "" and r.returncode == 0
    assert (tmp_path / "built.yaml").read_text() == (GOLDEN / "redis.out").read_text()
