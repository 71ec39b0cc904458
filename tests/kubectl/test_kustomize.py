"""kubectl kustomize, checked byte for byte against the real kubectl v1.32.4 (kustomize
v5.5.0). Inputs live in golden/kustomize/CASE/, outputs in CASE.out / CASE.err, made by
golden/kustomize/regenerate.sh."""
import pathlib
import re

import pytest

from kubelab.kubectl.generators import MemoryFS
from kubelab.kubectl.kustomize import KustomizeError, build, render, render_object

GOLDEN = pathlib.Path(__file__).parent / "golden" / "kustomize"
CASES = ["redis", "redis-notes-misindented", "secret-generator", "prefix-labels-images-patch",
         "base-overlay/base", "base-overlay/overlay", "legacy-order", "scalars",
         "floats", "patch-json-missing", "patch-strategic-order"]


def _run(path: str):
    warnings: list[str] = []
    try:
        return render(build(path, warnings=warnings)), "", warnings
    except KustomizeError as e:
        return "", str(e), warnings


@pytest.mark.parametrize("case", CASES)
def test_build_matches_real_kubectl_kustomize(case):
    stem = case.replace("/", "_")
    want_out = (GOLDEN / f"{stem}.out").read_text()
    err = (GOLDEN / f"{stem}.err").read_text()
    # kubectl prints errors through klog: E1128 16:48:37.57 pid run.go:72] "command failed" err="..."
    m = re.search(r'err="(.*)"$', err, re.M)
    want_err = m.group(1).replace('\\"', '"') if m else ""
    want_warnings = [line for line in err.splitlines() if line.startswith("# Warning")]
    assert _run(str(GOLDEN / case)) == (want_out, want_err, want_warnings)


def test_notes_misindented_redis_pod_is_a_yaml_error():
    _, err, _ = _run(str(GOLDEN / "redis-notes-misindented"))
    assert err.endswith("MalformedYAMLError: yaml: line 6: did not find expected key "
                        "in File: redis-pod.yaml")


@pytest.mark.parametrize("content, suffix", [
    # what kustomize v5.5.0 prints (checked with the real kubectl kustomize)
    ("maxmemory 2mb\nmaxmemory-policy allkeys-lru\n", "hfbhg9b679"),
    ("maxmemory 2mb\nmaxmemory-policy allkeys-lru", "85ddgdgb78"),
])
def test_redis_config_hash_suffix(content, suffix):
    fs = MemoryFS({"k/kustomization.yaml": "configMapGenerator:\n- name: example-redis-config\n"
                                           "  files:\n  - redis-config\n",
                   "k/redis-config": content})
    assert build("k", fs=fs)[0]["metadata"]["name"] == f"example-redis-config-{suffix}"


def test_hash_ignores_the_name_as_kustomize_v5_does():
    # The notes' "example-redis-config-dgh9dg555m" is the old algorithm (name included);
    # kustomize v5 hashes an empty name, so two generators with equal data share a suffix.
    fs = MemoryFS({"k/kustomization.yaml": "configMapGenerator:\n- name: a\n  literals: [x=1]\n"
                                           "- name: b\n  literals: [x=1]\n"})
    a, b = build("k", fs=fs)
    assert a["metadata"]["name"][2:] == b["metadata"]["name"][2:]


def test_missing_kustomization_and_missing_resource():
    fs = MemoryFS({"empty/readme": "", "k/kustomization.yaml": "resources:\n- nope.yaml\n"})
    with pytest.raises(KustomizeError, match="unable to find one of 'kustomization.yaml', "
                                             "'kustomization.yml' or 'Kustomization' in "
                                             "directory 'empty'"):
        build("empty", fs=fs)
    with pytest.raises(KustomizeError, match="accumulating resources from 'nope.yaml'"):
        build("k", fs=fs)


def test_fifo_sort_option_keeps_resource_order():
    fs = MemoryFS({
        "k/kustomization.yaml": "sortOptions:\n  order: fifo\nresources:\n- r.yaml\n",
        "k/r.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n"
                    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n"})
    assert [o["kind"] for o in build("k", fs=fs)] == ["Service", "Namespace"]


def test_render_quotes_what_go_yaml_would_read_as_another_type():
    text = render_object({"data": {"a": "3600", "b": "true", "c": "yes", "d": "1:30",
                                   "e": "", "f": "plain", "g": "2024-01-02", "h": "1e3"}})
    assert text == ('data:\n  a: "3600"\n  b: "true"\n  c: "yes"\n  d: "1:30"\n  e: ""\n'
                    '  f: plain\n  g: "2024-01-02"\n  h: "1e3"\n')
