"""policy/v1 PodDisruptionBudgets and the eviction subresource over HTTP, as the
v1.32 apiserver answers them (pkg/registry/core/pod/storage/eviction.go)."""
from __future__ import annotations


def test_discovery_and_openapi_serve_policy_v1(api):
    groups = api.get("/apis").json
    policy = next(g for g in groups["groups"] if g["name"] == "policy")
    assert policy["preferredVersion"]["groupVersion"] == "policy/v1"
    resources = api.get("/apis/policy/v1").json["resources"]
    names = {r["name"]: r for r in resources}
    assert names["poddisruptionbudgets"]["shortNames"] == ["pdb"] and names["poddisruptionbudgets"]["namespaced"]
    assert "poddisruptionbudgets/status" in names
    v3 = api.get("/openapi/v3/apis/policy/v1").json
    assert "io.k8s.api.policy.v1.PodDisruptionBudget" in v3["components"]["schemas"]


def test_an_eviction_the_budget_cannot_afford_is_429_and_changes_nothing(served, api):
    c, _ = served
    c.kubectl("create deployment guarded --image=nginx --replicas=2")
    c.kubectl("create pdb guarded --selector=app=guarded --min-available=2")
    c.settle()
    pods = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith("guarded-"))
    before = c.get("pod", pods[0])
    refused = api.request("POST", f"/api/v1/namespaces/default/pods/{pods[0]}/eviction",
                          {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": pods[0]}})
    assert refused.status == 429
    assert refused.json == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "Cannot evict pod as it would violate the pod's disruption budget.", "reason": "TooManyRequests",
        "details": {"causes": [{"reason": "DisruptionBudget",
                                "message": "The disruption budget guarded needs 2 healthy pods and has 2 currently"}]},
        "code": 429}
    assert c.get("pod", pods[0]) == before
    # one disruption allowed: the eviction goes through and is noted in status.disruptedPods
    c.kubectl("patch pdb guarded --type=merge -p '{\"spec\":{\"minAvailable\":1}}'")
    c.settle()
    assert c.get("poddisruptionbudget", "guarded")["status"]["disruptionsAllowed"] == 1
    evicted = api.request("POST", f"/api/v1/namespaces/default/pods/{pods[0]}/eviction",
                          {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": pods[0]}})
    assert evicted.status == 201
    pod = c.get("pod", pods[0])
    assert pod["metadata"].get("deletionTimestamp")
    target = next(cd for cd in pod["status"]["conditions"] if cd["type"] == "DisruptionTarget")
    assert (target["status"], target["reason"], target["message"]) == ("True", "EvictionByEvictionAPI",
                                                                       "Eviction API: evicting")
    st = c.get("poddisruptionbudget", "guarded")["status"]
    # checkAndDecrement's write, before the controller has looked again
    assert list(st) == ["observedGeneration", "disruptedPods", "disruptionsAllowed", "currentHealthy",
                        "desiredHealthy", "expectedPods", "conditions"]
    assert st["disruptionsAllowed"] == 0 and st["disruptedPods"] == {pods[0]: target["lastTransitionTime"]}
    assert st["conditions"][0]["reason"] == "InsufficientPods"
    c.settle()
    st = c.get("poddisruptionbudget", "guarded")["status"]
    assert "disruptedPods" not in st and (st["currentHealthy"], st["disruptionsAllowed"]) == (2, 1)
    mismatch = api.request("POST", f"/api/v1/namespaces/default/pods/{pods[1]}/eviction",
                           {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "other"}})
    assert mismatch.status == 400 and mismatch.json["message"] == "name in URL does not match name in Eviction object"
