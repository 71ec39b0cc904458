"""The served API over plain HTTPS: credentials, discovery, OpenAPI, the verbs,
subresources, Tables and watch, each answer compared with what the apiserver sends."""
from __future__ import annotations

import json
import os
import ssl

import pytest

from kubelab.server import credentials

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p1", "labels": {"app": "a"}},
       "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


def _pod(name: str, **labels) -> dict:
    return {**POD, "metadata": {"name": name, "labels": labels or {"app": "a"}}}


# ------------------------------------------------------------------ credentials
def test_requests_without_the_token_get_401(served, client_with):
    for token in (None, "wrong"):
        answer = client_with(served[1], token=token).get("/api/v1/namespaces/default/pods")
        assert answer.status == 401
        assert answer.json == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                               "message": "Unauthorized", "reason": "Unauthorized", "details": {}, "code": 401}


def test_served_on_loopback_with_a_certificate_from_the_cluster_ca(served, api):
    c, srv = served
    assert srv.url.startswith("https://127.0.0.1:")
    assert srv.kubeconfig.startswith(os.path.realpath(srv._cleanup))
    pem = ssl.get_server_certificate(("127.0.0.1", srv.port))
    from kubelab.setup import pki
    assert pki.verify_signature(pem.encode(), credentials.cluster_ca(c).cert_pem)
    assert api.get("/version").json["gitVersion"] == "v1.32.0"


def test_never_writes_the_users_own_kubeconfig(served):
    c, _ = served
    with pytest.raises(ValueError, match="refusing to overwrite your own kubeconfig"):
        c.serve(kubeconfig=os.path.expanduser("~/.kube/config"))


# ------------------------------------------------------------------ discovery
def test_aggregated_discovery_as_kubectl_asks(api):
    accept = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
              "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
    core = api.get("/api", headers={"Accept": accept})
    assert core.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    pods = next(r for r in core.json["items"][0]["versions"][0]["resources"] if r["resource"] == "pods")
    assert pods["shortNames"] == ["po"] and pods["categories"] == ["all"] and pods["scope"] == "Namespaced"
    assert {"log", "status", "eviction", "binding"} <= {s["subresource"] for s in pods["subresources"]}
    groups = api.get("/apis", headers={"Accept": accept}).json
    apps = next(g for g in groups["items"] if g["metadata"]["name"] == "apps")
    deploy = next(r for r in apps["versions"][0]["resources"] if r["resource"] == "deployments")
    scale = next(s for s in deploy["subresources"] if s["subresource"] == "scale")
    assert scale["responseKind"] == {"group": "autoscaling", "version": "v1", "kind": "Scale"}


def test_legacy_discovery(api):
    assert api.get("/api").json["versions"] == ["v1"]
    names = [g["name"] for g in api.get("/apis").json["groups"]]
    # the apiserver's order: apiregistration.k8s.io (the aggregator's own group) first
    assert names[:3] == ["apiregistration.k8s.io", "apps", "autoscaling"]
    listing = api.get("/apis/apps/v1").json
    assert listing["groupVersion"] == "apps/v1"
    assert {"name": "deployments/scale", "singularName": "", "namespaced": True, "kind": "Scale",
            "verbs": ["get", "patch", "update"], "group": "autoscaling", "version": "v1"} in listing["resources"]


def test_openapi_v3_documents_carry_the_patch_strategies(api):
    index = api.get("/openapi/v3").json["paths"]
    url = index["apis/apps/v1"]["serverRelativeURL"]
    assert url.startswith("/openapi/v3/apis/apps/v1?hash=")
    doc = api.get(url).json
    containers = doc["components"]["schemas"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert containers["x-kubernetes-patch-merge-key"] == "name" and containers["type"] == "array"
    spec = doc["components"]["schemas"]["io.k8s.api.apps.v1.Deployment"]["properties"]["spec"]
    assert spec["allOf"] == [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}]
    patch = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]
    assert "fieldValidation" in [p["name"] for p in patch["parameters"]]
    v2 = api.get("/openapi/v2", headers={"Accept": "application/json"}).json
    assert v2["definitions"]["io.k8s.api.core.v1.Pod"]["x-kubernetes-group-version-kind"][0]["kind"] == "Pod"


def test_unknown_paths_are_404_status(api):
    for path in ("/api/v2", "/apis/nope/v1", "/api/v1/widgets", "/api/v1/namespaces/default/pods/x/y/z",
                 "/apis/apps/v1/namespaces/default/deployments/x/frobnicate", "/nothing"):
        answer = api.get(path)
        assert answer.status == 404, path
        assert answer.json["reason"] == "NotFound"


# ------------------------------------------------------------------ verbs
def test_create_get_list_with_selectors_and_pages(served, api):
    c, _ = served
    base = "/api/v1/namespaces/default/pods"
    for name, app in (("sel-a", "x"), ("sel-b", "x"), ("sel-c", "y")):
        assert api.request("POST", base, _pod(name, app=app, sel="yes")).status == 201
    assert api.get(f"{base}/sel-a").json["metadata"]["uid"] == c.get("pod", "sel-a")["metadata"]["uid"]
    listed = api.get(f"{base}?labelSelector=sel%3Dyes,app%3Dx").json
    assert listed["kind"] == "PodList" and [p["metadata"]["name"] for p in listed["items"]] == ["sel-a", "sel-b"]
    first = api.get(f"{base}?labelSelector=sel%3Dyes&limit=2").json
    assert [p["metadata"]["name"] for p in first["items"]] == ["sel-a", "sel-b"]
    assert first["metadata"]["remainingItemCount"] == 1
    rest = api.get(f"{base}?labelSelector=sel%3Dyes&limit=2&continue={first['metadata']['continue']}").json
    assert [p["metadata"]["name"] for p in rest["items"]] == ["sel-c"] and "continue" not in rest["metadata"]
    # The next pages of a list are of its first page's revision (etcd serves them from it):
    # a pod created in between is not among them, and the page says the list's version.
    api.request("POST", base, _pod("sel-bb", sel="yes"))
    late = api.get(f"{base}?labelSelector=sel%3Dyes&limit=2&continue={first['metadata']['continue']}").json
    assert [p["metadata"]["name"] for p in late["items"]] == ["sel-c"]
    assert late["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]
    anew = api.get(f"{base}?labelSelector=sel%3Dyes&limit=2").json       # a new list: of now
    assert [p["metadata"]["name"] for p in anew["items"]] == ["sel-a", "sel-b"]
    assert anew["metadata"]["resourceVersion"] != first["metadata"]["resourceVersion"]
    now = api.get(f"{base}?labelSelector=sel%3Dyes&limit=2&continue={anew['metadata']['continue']}").json
    assert [p["metadata"]["name"] for p in now["items"]] == ["sel-bb", "sel-c"]
    by_field = api.get(f"{base}?fieldSelector=metadata.name%3Dsel-c").json
    assert [p["metadata"]["name"] for p in by_field["items"]] == ["sel-c"]
    bad = api.get(f"{base}?fieldSelector=spec.nope%3D1")
    assert (bad.status, bad.json["message"]) == (400, "field label not supported: spec.nope")


def test_errors_are_the_apiservers_status(api):
    missing = api.get("/api/v1/namespaces/default/pods/nope")
    assert missing.status == 404
    assert missing.json["message"] == 'pods "nope" not found'
    assert missing.json["details"] == {"name": "nope", "group": "", "kind": "pods"}
    api.request("POST", "/api/v1/namespaces/default/configmaps",
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "twice"}})
    again = api.request("POST", "/api/v1/namespaces/default/configmaps",
                        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "twice"}})
    assert (again.status, again.json["reason"], again.json["message"]) == (
        409, "AlreadyExists", 'configmaps "twice" already exists')
    invalid = api.request("POST", "/apis/apps/v1/namespaces/default/deployments",
                          {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "Bad_Name"},
                           "spec": {"selector": {"matchLabels": {"a": "b"}},
                                    "template": {"metadata": {"labels": {"a": "b"}},
                                                 "spec": {"containers": [{"name": "c", "image": "i"}]}}}})
    assert invalid.status == 422 and invalid.json["reason"] == "Invalid"
    assert invalid.json["details"]["causes"][0]["field"] == "metadata.name"


def test_update_patch_three_ways_and_dry_run(served, api):
    c, _ = served
    path = "/api/v1/namespaces/default/configmaps/patched"
    api.request("POST", "/api/v1/namespaces/default/configmaps",
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "patched"}, "data": {"a": "1"}})
    merge = api.request("PATCH", path, b'{"data":{"b":"2"}}', {"Content-Type": "application/merge-patch+json"})
    assert merge.status == 200 and merge.json["data"] == {"a": "1", "b": "2"}
    jp = api.request("PATCH", path, b'[{"op":"remove","path":"/data/a"}]', {"Content-Type": "application/json-patch+json"})
    assert jp.json["data"] == {"b": "2"}
    sm = api.request("PATCH", path, b'{"metadata":{"labels":{"l":"v"}}}',
                     {"Content-Type": "application/strategic-merge-patch+json"})
    assert sm.json["metadata"]["labels"] == {"l": "v"}
    dry = api.request("PATCH", path + "?dryRun=All", b'{"data":{"c":"3"}}', {"Content-Type": "application/merge-patch+json"})
    assert dry.json["data"] == {"b": "2", "c": "3"} and c.get("configmap", "patched")["data"] == {"b": "2"}
    current = api.get(path).json
    current["data"] = {"replaced": "yes"}
    assert api.request("PUT", path, current).json["data"] == {"replaced": "yes"}
    stale = dict(current, metadata=dict(current["metadata"], resourceVersion="1"))
    conflict = api.request("PUT", path, stale)
    assert conflict.status == 409 and conflict.json["reason"] == "Conflict"
    wrong = api.request("PATCH", path, b"{}", {"Content-Type": "text/plain"})
    assert wrong.status == 415 and wrong.json["reason"] == "UnsupportedMediaType"


def test_field_validation_strict_warn_ignore(served, api):
    c, _ = served
    base = "/api/v1/namespaces/default/configmaps"
    cm = lambda name: {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "extra": 1}
    strict = api.request("POST", base + "?fieldValidation=Strict", cm("fv-strict"))
    assert strict.status == 400
    assert strict.json["message"] == 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"'
    assert c.get("configmap", "fv-strict") is None
    warn = api.request("POST", base + "?fieldValidation=Warn", cm("fv-warn"))
    assert warn.status == 201 and warn.headers["warning"] == '299 - "unknown field \\"extra\\""'
    ignore = api.request("POST", base + "?fieldValidation=Ignore", cm("fv-ignore"))
    assert ignore.status == 201 and "warning" not in ignore.headers and "extra" not in ignore.json
    bad = api.request("POST", base + "?fieldValidation=Loose", cm("fv-bad"))
    assert (bad.status, bad.json["message"]) == (400, "fieldValidation parameter unsupported: Loose")


def test_delete_with_preconditions_propagation_and_collection(served, api):
    c, _ = served
    base = "/api/v1/namespaces/default/configmaps"
    for n in ("del-1", "del-2", "del-3"):
        api.request("POST", base, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n, "labels": {"del": "y"}}})
    refused = api.request("DELETE", f"{base}/del-1", {"preconditions": {"uid": "not-the-uid"}})
    assert refused.status == 409 and "Precondition failed: UID in precondition" in refused.json["message"]
    gone = api.request("DELETE", f"{base}/del-1", {"propagationPolicy": "Background"})
    assert gone.json["status"] == "Success" and gone.json["details"]["name"] == "del-1"
    bad = api.request("DELETE", f"{base}/del-2", {"propagationPolicy": "Sometimes"})
    assert bad.status == 422 and c.get("configmap", "del-2") is not None
    swept = api.request("DELETE", f"{base}?labelSelector=del%3Dy")
    assert swept.json["kind"] == "ConfigMapList" and len(swept.json["items"]) == 2
    assert c.get("configmap", "del-2") is None and c.get("configmap", "del-3") is None


def test_scale_status_eviction_binding(served, api):
    c, _ = served
    c.kubectl("create deployment scaled --image=nginx")
    c.settle()
    path = "/apis/apps/v1/namespaces/default/deployments/scaled/scale"
    scale = api.get(path).json
    assert scale["kind"] == "Scale" and scale["spec"] == {"replicas": 1} and scale["status"]["selector"] == "app=scaled"
    patched = api.request("PATCH", path, b'{"spec":{"replicas":3}}', {"Content-Type": "application/merge-patch+json"})
    assert patched.json["spec"]["replicas"] == 3 and c.get("deployment", "scaled")["spec"]["replicas"] == 3
    negative = api.request("PATCH", path, b'{"spec":{"replicas":-1}}', {"Content-Type": "application/merge-patch+json"})
    assert negative.status == 422
    status = api.request("PATCH", "/apis/apps/v1/namespaces/default/deployments/scaled/status",
                         b'{"status":{"observedGeneration":42}}', {"Content-Type": "application/merge-patch+json"})
    assert status.json["status"]["observedGeneration"] == 42
    pod = c.api.list("pods", "default", selector=None)[0]["metadata"]["name"]
    evicted = api.request("POST", f"/api/v1/namespaces/default/pods/{pod}/eviction",
                          {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": pod}})
    assert evicted.status == 201 and c.get("pod", pod)["metadata"].get("deletionTimestamp")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "unscheduled", "namespace": "default"},
                  "spec": {"schedulerName": "nobody", "containers": [{"name": "c", "image": "nginx"}]}})
    bound = api.request("POST", "/api/v1/namespaces/default/pods/unscheduled/binding",
                        {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "unscheduled"},
                         "target": {"apiVersion": "v1", "kind": "Node", "name": "minikube"}})
    assert bound.status == 201 and c.get("pod", "unscheduled")["spec"]["nodeName"] == "minikube"
    again = api.request("POST", "/api/v1/namespaces/default/pods/unscheduled/binding",
                        {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "unscheduled"},
                         "target": {"apiVersion": "v1", "kind": "Node", "name": "minikube"}})
    assert again.status == 409


def test_tables_use_kubectls_printers(served, api):
    c, _ = served
    accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
    table = api.get("/api/v1/nodes", headers={"Accept": accept})
    assert table.headers["content-type"] == "application/json;as=Table;v=v1;g=meta.k8s.io"
    body = table.json
    assert [col["name"] for col in body["columnDefinitions"]] == [
        "Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
        "Container-Runtime"]
    assert body["rows"][0]["cells"][:3] == ["minikube", "Ready", "control-plane"]
    assert body["rows"][0]["object"]["kind"] == "PartialObjectMetadata"


def test_pod_log_and_follow_as_the_notebook_moves_time(served, api):
    c, srv = served
    c.kubectl(["run", "ticker", "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo a; sleep 5; echo b"])
    c.settle()
    assert api.get("/api/v1/namespaces/default/pods/ticker/log").raw == b"a\n"
    bad = api.get("/api/v1/namespaces/default/pods/ticker/log?tailLines=x")
    assert (bad.status, bad.json["reason"]) == (400, "BadRequest")
    srv._api.watch_tick = 0.2
    try:
        conn = api.connect()
        conn.request("GET", "/api/v1/namespaces/default/pods/ticker/log?follow=true",
                     headers={"Authorization": f"Bearer {api.token}"})
        resp = conn.getresponse()
        assert resp.read1(100) == b"a\n"
        c.run(10)                                   # the notebook moves time: "b", then the run ends
        assert resp.read() == b"b\n"
        conn.close()
    finally:
        srv._api.watch_tick = 1.0
