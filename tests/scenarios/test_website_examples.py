"""Every manifest copied from kubernetes/website's content/en/examples
(tests/data/website-examples, listed with its source path and commit in
SOURCES.tsv) applies as on a v1.32 cluster, and the cluster then settles
without a simulator error.  A namespace a manifest names is created first, as
the pages do (``kubectl create namespace qos-example``).

The copy is a sample of the 477 files under content/en/examples (the pods,
controllers and application examples the kit's kinds serve), not all of them.
"""
import pathlib

import pytest
import yaml

import kubelab

BASE = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
SOURCES = [line.split("\t")[0] for line in (BASE / "SOURCES.tsv").read_text().splitlines()
           if line and not line.startswith("#")]

# What v1.32 refuses, with kubectl's words (the stored copy predates the page's fix).
REFUSED = {
    "application/job/cronjob.yaml": (
        'error: resource mapping not found for name: "hello" namespace: "" from "application/job/cronjob.yaml": '
        'no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first\n'),
}


def test_the_sample_is_listed_whole():
    on_disk = sorted(str(p.relative_to(BASE)) for p in BASE.rglob("*.yaml"))
    assert sorted(SOURCES) == on_disk and len(SOURCES) == 52


@pytest.mark.parametrize("path", SOURCES)
def test_manifest_applies(path):
    c = kubelab.Cluster(cwd=str(BASE))
    docs = [d for d in yaml.safe_load_all((BASE / path).read_text()) if d]
    for doc in docs:
        ns = (doc.get("metadata") or {}).get("namespace")
        if ns and c.get("namespace", ns, None) is None:
            assert c.kubectl(f"create namespace {ns}").returncode == 0
    r = c.kubectl(["apply", "-f", path])
    c.settle()
    if path in REFUSED:
        assert (r.returncode, r.stderr) == (1, REFUSED[path])
        return
    assert r.returncode == 0, r.stderr
    assert [line.rsplit(" ", 1)[1] for line in r.stdout.splitlines()] == ["created"] * len(docs)
    for doc in docs:                     # each object is stored
        md = doc["metadata"]
        assert c.get(doc["kind"], md["name"], md.get("namespace", "default")) is not None, md["name"]
