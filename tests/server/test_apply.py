"""Server-side apply through the served API: managedFields as the field manager
keeps them for appliers, conflicts answered 409 with the apiserver's words, force."""
from __future__ import annotations

import json
import os

import pytest

needs_kubectl = pytest.mark.skipif(not os.access("/usr/bin/kubectl", os.X_OK), reason="no real kubectl on this machine")

APPLY = {"Content-Type": "application/apply-patch+yaml"}
PATH = "/apis/apps/v1/namespaces/default/deployments"


def _deployment(name: str, replicas: int = 2) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                                           "ports": [{"containerPort": 80}]}]}}}}


def _apply(api, name: str, manager: str | None = "kubectl", force: bool = False, **kw):
    query = "&".join(filter(None, [manager is not None and f"fieldManager={manager}", force and "force=true"]))
    return api.request("PATCH", f"{PATH}/{name}?{query}", body=json.dumps(_deployment(name, **kw)).encode(),
                       headers=APPLY)


def test_an_apply_records_its_fields_as_fieldsV1(served, api):
    answer = _apply(api, "owned")
    assert answer.status == 201
    (entry,) = answer.json["metadata"]["managedFields"]
    assert {k: v for k, v in entry.items() if k != "fieldsV1"} == {
        "manager": "kubectl", "operation": "Apply", "apiVersion": "apps/v1", "time": entry["time"],
        "fieldsType": "FieldsV1"}
    assert entry["fieldsV1"] == {
        "f:metadata": {"f:labels": {"f:app": {}}},
        "f:spec": {"f:replicas": {}, "f:selector": {},
                   "f:template": {"f:metadata": {"f:labels": {"f:app": {}}},
                                  "f:spec": {"f:containers": {'k:{"name":"nginx"}': {
                                      ".": {}, "f:image": {}, "f:name": {},
                                      "f:ports": {'k:{"containerPort":80,"protocol":"TCP"}': {
                                          ".": {}, "f:containerPort": {}}}}}}}}}
    rv = served[0].api.get("deployments", "owned", "default")["metadata"]["resourceVersion"]
    again = _apply(api, "owned")
    assert again.status == 200 and again.json["metadata"]["resourceVersion"] == rv     # nothing changed


def test_another_manager_changing_an_owned_field_is_refused(served, api):
    _apply(api, "shared")
    before = served[0].api.get("deployments", "shared", "default")
    answer = _apply(api, "shared", manager="ci", replicas=3)
    assert answer.status == 409
    assert answer.json["reason"] == "Conflict"
    assert answer.json["message"] == 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas'
    assert answer.json["details"]["causes"] == [
        {"type": "FieldManagerConflict", "message": 'conflict with "kubectl"', "field": ".spec.replicas"}]
    assert served[0].api.get("deployments", "shared", "default") == before
    # The same values are co-owned, no conflict
    assert _apply(api, "shared", manager="ci").status == 200


def test_force_takes_the_field_over(served, api):
    _apply(api, "forced")
    answer = _apply(api, "forced", manager="ci", force=True, replicas=4)
    assert answer.status == 200 and answer.json["spec"]["replicas"] == 4
    entries = {e["manager"]: e["fieldsV1"] for e in answer.json["metadata"]["managedFields"]}
    assert "f:replicas" not in entries["kubectl"]["f:spec"]
    assert "f:replicas" in entries["ci"]["f:spec"]
    assert _apply(api, "forced", replicas=2).json["message"] == \
        'Apply failed with 1 conflict: conflict with "ci": .spec.replicas'


def test_an_untracked_object_belongs_to_before_first_apply(served, api):
    c, _ = served
    assert c.kubectl("create deployment legacy --image=nginx:1.25").returncode == 0
    answer = _apply(api, "legacy", replicas=3)
    assert answer.status == 409
    assert answer.json["message"] == \
        'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas'
    assert _apply(api, "legacy", replicas=1).status == 200          # the same values: no conflict


def test_an_apply_names_its_manager(served, api):
    before = served[0].api._rv
    answer = _apply(api, "nobody", manager=None)
    assert answer.status == 422
    assert answer.json["message"] == \
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'
    assert served[0].api._rv == before


@needs_kubectl
def test_the_real_kubectl_apply_server_side(kubectl, tmp_path):
    manifest = tmp_path / "d.yaml"
    manifest.write_text(json.dumps(_deployment("ssa")))
    r = kubectl(["apply", "--server-side", "-f", str(manifest)])
    assert (r.returncode, r.stdout, r.stderr) == (0, "deployment.apps/ssa serverside-applied\n", "")
    shown = kubectl("get deployment ssa -o yaml --show-managed-fields").stdout
    assert "  - apiVersion: apps/v1\n    fieldsType: FieldsV1\n    fieldsV1:\n      f:metadata:\n" in shown
    assert "    manager: kubectl\n    operation: Apply\n" in shown
    assert "managedFields" not in kubectl("get deployment ssa -o yaml").stdout
    manifest.write_text(json.dumps(_deployment("ssa", replicas=5)))
    r = kubectl(["apply", "--server-side", "--field-manager=ci", "-f", str(manifest)])
    assert r.returncode == 1
    assert r.stderr.startswith('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\n'
                               "Please review the fields above--they currently have other managers.")
    r = kubectl(["apply", "--server-side", "--field-manager=ci", "--force-conflicts", "-f", str(manifest)])
    assert (r.returncode, r.stdout) == (0, "deployment.apps/ssa serverside-applied\n")


def test_what_an_applier_stops_naming_goes_unless_someone_else_owns_it(served, api):
    c, _ = served
    first = _deployment("pruned")
    first["metadata"]["labels"]["tier"] = "web"
    first["metadata"]["annotations"] = {"note": "a"}
    api.request("PATCH", f"{PATH}/pruned?fieldManager=kubectl", body=json.dumps(first).encode(), headers=APPLY)
    other = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "pruned", "annotations": {"note": "a"}}}
    assert api.request("PATCH", f"{PATH}/pruned?fieldManager=ci", body=json.dumps(other).encode(),
                       headers=APPLY).status == 200
    answer = _apply(api, "pruned")           # without the tier label and the annotation
    md = answer.json["metadata"]
    assert md["labels"] == {"app": "pruned"}
    assert md["annotations"] == {"note": "a"}              # ci still owns it
    stored = c.api.get("deployments", "pruned", "default")
    assert stored["metadata"]["labels"] == {"app": "pruned"}
