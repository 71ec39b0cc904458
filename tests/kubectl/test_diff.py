"""kubectl diff's hunks beside GNU diff's (the program the real kubectl runs, ``diff -u
-N``) on the edits people make to manifests: the same lines, in the same places."""
from __future__ import annotations

import copy
import os
import subprocess

import pytest
import yaml

from kubelab import Cluster
from kubelab.kubectl.commands.diff import unified

DIFF = "/usr/bin/diff"

BASE = yaml.safe_load(Cluster().kubectl(
    "create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml").stdout)


def containers(o):
    return o["spec"]["template"]["spec"]["containers"]


EDITS = {
    "replicas": lambda o: o["spec"].__setitem__("replicas", 5),
    "image": lambda o: containers(o)[0].__setitem__("image", "nginx:1.25"),
    "env added": lambda o: containers(o)[0].__setitem__("env", [{"name": "A", "value": "1"}]),
    "two env": lambda o: containers(o)[0].__setitem__("env", [{"name": "A", "value": "1"}, {"name": "B", "value": "1"}]),
    "port appended": lambda o: containers(o)[0]["ports"].append({"containerPort": 443, "protocol": "TCP"}),
    "port first": lambda o: containers(o)[0]["ports"].insert(0, {"containerPort": 443, "protocol": "TCP"}),
    "sidecar after": lambda o: containers(o).append({**copy.deepcopy(containers(o)[0]), "name": "sidecar"}),
    "sidecar before": lambda o: containers(o).insert(0, {**copy.deepcopy(containers(o)[0]), "name": "sidecar"}),
    "label": lambda o: o["metadata"]["labels"].__setitem__("tier", "web"),
    "template label": lambda o: o["spec"]["template"]["metadata"]["labels"].__setitem__("app2", "web"),
    "resources": lambda o: containers(o)[0].__setitem__("resources", {"limits": {"cpu": "1", "memory": "1Gi"},
                                                                       "requests": {"cpu": "1", "memory": "1Gi"}}),
    "strategy": lambda o: o["spec"].__setitem__("strategy", {"type": "Recreate"}),
    "ports removed": lambda o: containers(o)[0].pop("ports"),
    "everything removed": lambda o: o.clear(),
}


@pytest.mark.skipif(not os.access(DIFF, os.X_OK), reason=f"no GNU diff at {DIFF} to compare with")
@pytest.mark.parametrize("edit", EDITS)
def test_hunks_are_gnu_diffs(edit, tmp_path):
    changed = copy.deepcopy(BASE)
    EDITS[edit](changed)
    before = yaml.safe_dump(BASE, default_flow_style=False)
    after = yaml.safe_dump(changed, default_flow_style=False) if changed else ""
    (tmp_path / "a").write_text(before)
    (tmp_path / "b").write_text(after)
    gnu = subprocess.run([DIFF, "-u", "-N", "a", "b"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert "".join(unified(before.splitlines(keepends=True), after.splitlines(keepends=True))) == \
        "".join(gnu.splitlines(keepends=True)[2:])
