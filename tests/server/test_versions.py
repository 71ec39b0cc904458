"""HorizontalPodAutoscalers served as autoscaling/v1 beside the stored v2, a removed
group/version answered as a v1.32 apiserver answers it, and OpenAPI v2 as the
protobuf client-go asks for."""
from __future__ import annotations

import json
import os

import pytest

from kubelab.api import autoscaling
from kubelab.server import openapipb, protobuf

AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"
HPA_V1 = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
          "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                   "minReplicas": 2, "maxReplicas": 5, "targetCPUUtilizationPercentage": 60}}
V1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers"
V2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers"


needs_kubectl = pytest.mark.skipif(not os.access("/usr/bin/kubectl", os.X_OK), reason="no real kubectl on this machine")


def test_discovery_lists_autoscaling_v1_after_the_preferred_v2(api):
    group = api.get("/apis/autoscaling").json
    assert [v["version"] for v in group["versions"]] == ["v2", "v1"]
    assert group["preferredVersion"]["version"] == "v2"
    v1 = api.get("/apis/autoscaling/v1").json
    assert {r["name"] for r in v1["resources"]} == {"horizontalpodautoscalers", "horizontalpodautoscalers/status"}
    groups = api.get("/apis", headers={"Accept": AGGREGATED}).json
    auto = next(g for g in groups["items"] if g["metadata"]["name"] == "autoscaling")
    assert [v["version"] for v in auto["versions"]] == ["v2", "v1"]
    hpa = auto["versions"][1]["resources"][0]
    assert hpa["responseKind"] == {"group": "autoscaling", "version": "v1", "kind": "HorizontalPodAutoscaler"}
    assert hpa["shortNames"] == ["hpa"]


def test_openapi_v3_has_the_v1_document_from_the_shipped_schemas(api):
    index = api.get("/openapi/v3").json["paths"]
    assert "apis/autoscaling/v1" in index and "apis/batch/v1beta1" not in index
    doc = api.get(index["apis/autoscaling/v1"]["serverRelativeURL"]).json
    spec = doc["components"]["schemas"]["io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec"]
    assert spec["properties"]["targetCPUUtilizationPercentage"]["type"] == "integer"
    assert spec["required"] == ["scaleTargetRef", "maxReplicas"]


def test_a_v1_create_is_stored_as_v2_and_read_back_in_either_version(served, api):
    c, _ = served
    created = api.request("POST", V1, body=HPA_V1)
    assert created.status == 201
    assert created.json["apiVersion"] == "autoscaling/v1"
    assert created.json["spec"]["targetCPUUtilizationPercentage"] == 60
    assert created.json["status"] == {"currentReplicas": 0, "desiredReplicas": 0}
    stored = c.api.get("horizontalpodautoscalers", "web", "default")
    assert stored["apiVersion"] == "autoscaling/v2"
    assert stored["spec"]["metrics"] == [autoscaling.cpu_metric(60)]
    assert api.get(f"{V2}/web").json["spec"]["metrics"] == [autoscaling.cpu_metric(60)]
    listed = api.get(V1).json
    assert listed["apiVersion"] == "autoscaling/v1" and listed["kind"] == "HorizontalPodAutoscalerList"
    assert listed["items"][0]["spec"]["targetCPUUtilizationPercentage"] == 60


def test_v2_only_fields_travel_in_the_v1_annotations_and_come_back(served, api):
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "mem"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                    "maxReplicas": 4, "metrics": [autoscaling.cpu_metric(50), {
                        "type": "Resource", "resource": {"name": "memory",
                                                         "target": {"type": "AverageValue", "averageValue": "100Mi"}}}],
                    "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60}}}}
    assert api.request("POST", V2, body=hpa).status == 201
    v1 = api.get(f"{V1}/mem").json
    notes = v1["metadata"]["annotations"]
    assert notes[autoscaling.METRICS_ANNOTATION] == \
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]'
    assert json.loads(notes[autoscaling.BEHAVIOR_ANNOTATION])["ScaleDown"] == {
        "StabilizationWindowSeconds": 60, "SelectPolicy": "Max",
        "Policies": [{"Type": "Percent", "Value": 100, "PeriodSeconds": 15}]}
    # The v1 view sent back (a replace) loses nothing, and the annotations are not stored.
    v1["spec"]["maxReplicas"] = 6
    assert api.request("PUT", f"{V1}/mem", body=v1).status == 200
    stored = served[0].api.get("horizontalpodautoscalers", "mem", "default")
    assert stored["spec"]["maxReplicas"] == 6
    assert stored["spec"]["metrics"] == hpa["spec"]["metrics"][1:] + hpa["spec"]["metrics"][:1]
    assert stored["spec"]["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == 60
    assert not set(stored["metadata"].get("annotations") or {}) & set(autoscaling.ROUND_TRIP)


def test_a_merge_patch_through_v1_patches_the_v1_view(served, api):
    api.request("POST", V1, body={**HPA_V1, "metadata": {"name": "patched"}})
    answer = api.request("PATCH", f"{V1}/patched", body=b'{"spec":{"targetCPUUtilizationPercentage":75}}',
                         headers={"Content-Type": "application/merge-patch+json"})
    assert answer.status == 200 and answer.json["spec"]["targetCPUUtilizationPercentage"] == 75
    stored = served[0].api.get("horizontalpodautoscalers", "patched", "default")
    assert stored["spec"]["metrics"] == [autoscaling.cpu_metric(75)]


def test_a_removed_group_version_is_not_found(served, api):
    before = served[0].api._rv
    for path in ("/apis/batch/v1beta1", "/apis/batch/v1beta1/namespaces/default/cronjobs",
                 "/apis/autoscaling/v2beta2/horizontalpodautoscalers"):
        answer = api.get(path)
        assert answer.status == 404, path
        assert answer.json["message"] == "the server could not find the requested resource"
    answer = api.request("POST", "/apis/batch/v1beta1/namespaces/default/cronjobs",
                         body={"apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": {"name": "x"}})
    assert answer.status == 404 and served[0].api._rv == before


def _fields(buf: bytes) -> dict[int, list]:
    out: dict[int, list] = {}
    for num, _, raw in protobuf._fields(buf):
        out.setdefault(num, []).append(raw)
    return out


def test_openapi_v2_as_protobuf(api):
    answer = api.get("/openapi/v2", headers={"Accept": openapipb.MEDIA_TYPES[0]})
    assert answer.status == 200 and answer.headers["content-type"] == openapipb.MEDIA_TYPES[1]
    doc = _fields(answer.raw)
    assert doc[1] == [b"2.0"]
    paths = {_fields(p)[1][0].decode(): _fields(p)[2][0] for p in _fields(doc[8][0])[2]}
    item = _fields(paths["/apis/autoscaling/v1/namespaces/{namespace}/horizontalpodautoscalers/{name}"])
    patch = _fields(item[8][0])
    extensions = {_fields(e)[1][0].decode(): _fields(_fields(e)[2][0])[2][0] for e in patch[13]}
    assert json.loads(extensions["x-kubernetes-group-version-kind"]) == {
        "group": "autoscaling", "version": "v1", "kind": "HorizontalPodAutoscaler"}
    definitions = {_fields(d)[1][0].decode() for d in _fields(doc[9][0])[1]}
    assert "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler" in definitions
    assert api.get("/openapi/v2", headers={"Accept": "application/json"}).json["swagger"] == "2.0"
    assert api.get("/openapi/v2", headers={"Accept": "text/html"}).status == 406


@needs_kubectl
def test_the_real_kubectl_autoscales_and_applies_v1(kubectl, served, tmp_path):
    assert kubectl("create deployment php --image=nginx").returncode == 0
    r = kubectl("autoscale deployment php --cpu-percent=50 --min=1 --max=10")
    assert (r.returncode, r.stdout, r.stderr) == (0, "horizontalpodautoscaler.autoscaling/php autoscaled\n", "")
    assert served[0].api.get("horizontalpodautoscalers", "php", "default")["spec"]["metrics"] == \
        [autoscaling.cpu_metric(50)]
    manifest = tmp_path / "hpa.yaml"
    manifest.write_text(json.dumps({**HPA_V1, "metadata": {"name": "applied"}}))
    r = kubectl(["apply", "-f", str(manifest)])
    assert (r.returncode, r.stdout, r.stderr) == (0, "horizontalpodautoscaler.autoscaling/applied created\n", "")
    r = kubectl(["apply", "-f", str(manifest)])
    assert (r.returncode, r.stdout) == (0, "horizontalpodautoscaler.autoscaling/applied unchanged\n")


@needs_kubectl
def test_the_real_kubectl_on_a_removed_version_says_no_matches(kubectl, tmp_path):
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n"
                        "  schedule: '* * * * *'\n")
    r = kubectl(["apply", "-f", str(manifest)])
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == (f'error: resource mapping not found for name: "hello" namespace: "" from "{manifest}": '
                        'no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first\n')


def test_the_kits_apply_of_a_v1_manifest_over_a_v2_object_keeps_what_v1_cannot_say(tmp_path):
    """kubectl reads the live object in the manifest's version: the v1 view, with the
    v2-only metric in its annotation, which the server turns back into the metric."""
    from kubelab import Cluster
    c = Cluster(cwd=str(tmp_path))
    manifest = tmp_path / "hpa.yaml"
    manifest.write_text(json.dumps(HPA_V1))
    assert c.kubectl("apply -f hpa.yaml").stdout == "horizontalpodautoscaler.autoscaling/web created\n"
    memory = {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "1Gi"}}}
    c.api.mutate("horizontalpodautoscalers", "web", "default", lambda o: o["spec"]["metrics"].append(memory))
    c.run(20)
    assert c.kubectl("apply -f hpa.yaml").stdout == "horizontalpodautoscaler.autoscaling/web unchanged\n"
    manifest.write_text(json.dumps({**HPA_V1, "spec": {**HPA_V1["spec"], "maxReplicas": 7}}))
    r = c.kubectl("apply -f hpa.yaml -o json")
    assert json.loads(r.stdout)["apiVersion"] == "autoscaling/v1"
    stored = c.api.get("horizontalpodautoscalers", "web", "default")
    assert stored["spec"]["maxReplicas"] == 7
    assert stored["spec"]["metrics"] == [memory, autoscaling.cpu_metric(60)]
