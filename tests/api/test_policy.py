"""PodDisruptionBudget validation (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec,
v1.32) and the eviction subresource's decisions (pkg/registry/core/pod/storage/eviction.go)."""
from __future__ import annotations

import pytest

import kubelab
from kubelab.api import policy
from kubelab.api.errors import ApiError

SEL = {"matchLabels": {"app": "zk"}}
PERCENT = ("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
           "regex used for validation is '[0-9]+%')")


def pdb(**spec) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "zk-pdb"},
            "spec": {"selector": SEL, **spec}}


@pytest.mark.parametrize("spec, causes", [
    ({"minAvailable": 2}, []),
    ({"maxUnavailable": "50%"}, []),
    ({"minAvailable": 0}, []),
    ({"maxUnavailable": "100%"}, []),
    ({"minAvailable": -1}, [("spec.minAvailable", "Invalid value: -1: must be greater than or equal to 0")]),
    ({"maxUnavailable": "abc"},
     [("spec.maxUnavailable", 'Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"abc"}: ' + PERCENT)]),
    ({"minAvailable": "101%"},
     [("spec.minAvailable",
       'Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%')]),
    ({"unhealthyPodEvictionPolicy": "Sometimes"},
     [("spec.unhealthyPodEvictionPolicy",
       'Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"')]),
    ({"selector": {"matchExpressions": [{"key": "app", "operator": "In"}]}},
     [("spec.selector.matchExpressions[0].values",
       "Required value: must be specified when `operator` is 'In' or 'NotIn'")]),
    ({"selector": {"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["a"]}]}},
     [("spec.selector.matchExpressions[0].values",
       "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]),
])
def test_spec_validation(spec, causes):
    assert policy.validate(pdb(**spec), None) == causes


def test_both_bounds_are_refused_with_the_spec_printed_as_go_does():
    (field, message), = policy.validate(pdb(minAvailable=1, maxUnavailable=1), None)
    assert field == "spec" and message.endswith(": minAvailable and maxUnavailable cannot be both set")
    assert "MinAvailable:(*intstr.IntOrString)(0xc" in message and \
        "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)" in message


@pytest.mark.parametrize("value, total, up, want", [
    (3, 10, True, 3), ("34%", 3, True, 2), ("30%", 3, True, 1), ("50%", 5, True, 3), ("50%", 5, False, 2),
    ("0%", 7, True, 0), ("100%", 7, True, 7)])
def test_scaled_value_rounds_as_intstr_does(value, total, up, want):
    assert policy.scaled_value(value, total, up) == want


@pytest.fixture(scope="module")
def guarded():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("create pdb web --selector=app=web --min-available=2")
    c.settle()
    return c


def test_a_created_budget_starts_with_the_empty_status():
    c = kubelab.Cluster()
    body = pdb(minAvailable=1)
    body["status"] = {"currentHealthy": 9, "disruptionsAllowed": 9}
    created = c.api.create(body, "default", external=True)
    assert created["status"] == {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0}
    assert created["metadata"]["generation"] == 1


def test_eviction_refused_by_a_budget_leaves_everything_as_it_was(guarded):
    c = guarded
    name = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default"))[0]
    before = (c.get("pod", name), c.get("poddisruptionbudget", "web"))
    with pytest.raises(ApiError) as err:
        policy.evict(c.api, name, "default")
    assert (err.value.code, err.value.reason, err.value.message) == (
        429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.")
    assert err.value.details == {"causes": [{"reason": "DisruptionBudget",
                                             "message": "The disruption budget web needs 2 healthy pods and has 2 currently"}]}
    assert (c.get("pod", name), c.get("poddisruptionbudget", "web")) == before
    # a dry run is refused the same way
    with pytest.raises(ApiError):
        policy.evict(c.api, name, "default", dry_run=True)


def test_two_budgets_on_one_pod_are_a_500():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("create pdb a --selector=app=web --max-unavailable=1")
    c.kubectl("create pdb b --selector=app=web --max-unavailable=1")
    c.settle()
    name = c.api.list("pods", "default")[0]["metadata"]["name"]
    with pytest.raises(ApiError) as err:
        policy.evict(c.api, name, "default")
    assert (err.value.code, err.value.message) == (
        500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
    assert not c.get("pod", name)["metadata"].get("deletionTimestamp")


def test_a_pending_pod_ignores_the_budget():
    c = kubelab.Cluster()
    c.kubectl("create pdb web --selector=app=web --min-available=5")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "web"}},
                  "spec": {"schedulerName": "nobody", "containers": [{"name": "c", "image": "nginx"}]}}, "default")
    c.settle()
    policy.evict(c.api, "p", "default")
    assert c.get("pod", "p") is None or c.get("pod", "p")["metadata"].get("deletionTimestamp")


def test_an_unready_pod_is_evicted_while_the_budget_is_healthy():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "unready", "labels": {"app": "web"}},
                  "spec": {"containers": [{"name": "c", "image": "nginx", "readinessProbe": {
                      "tcpSocket": {"port": 9999}, "periodSeconds": 1}}]}}, "default")
    c.kubectl("create pdb web --selector=app=web --min-available=2")
    c.settle()
    c.run(5)
    st = c.get("poddisruptionbudget", "web")["status"]
    assert (st["expectedPods"], st["currentHealthy"], st["desiredHealthy"], st["disruptionsAllowed"]) == (3, 2, 2, 0)
    ready = next(p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"] != "unready")
    with pytest.raises(ApiError) as err:
        policy.evict(c.api, ready, "default")
    assert err.value.code == 429
    policy.evict(c.api, "unready", "default")      # currentHealthy >= desiredHealthy > 0: no budget spent
    assert c.get("pod", "unready")["metadata"].get("deletionTimestamp")
    assert "disruptedPods" not in c.get("poddisruptionbudget", "web")["status"]
