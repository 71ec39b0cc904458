"""The disruption controller (pkg/controller/disruption/disruption.go, v1.32): the
status it computes, checked against the upstream rules and disruption_test.go's cases."""
from __future__ import annotations

import kubelab


def counts(c, name="pdb"):
    st = c.get("poddisruptionbudget", name)["status"]
    return st["disruptionsAllowed"], st["currentHealthy"], st["desiredHealthy"], st["expectedPods"]


def events(c, reason):
    return [e["message"] for e in c.api.list("events", "default") if e["reason"] == reason]


def bare_pod(c, name, **labels):
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels or {"app": "x"}},
                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}, "default")


def test_a_percentage_of_a_replication_controller_rounds_up():
    """TestReplicationController: 34% of 3 replicas is 2 (VerifyPdbStatus(1, 3, 2, 3))."""
    c = kubelab.Cluster()
    c.kubectl("create pdb pdb --selector=app=x --min-available=34%")
    c.api.create({"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
                  "spec": {"replicas": 3, "selector": {"app": "x"}, "template": {
                      "metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}},
                 "default", external=True)
    c.settle()
    assert counts(c) == (1, 3, 2, 3)


def test_an_integer_min_available_counts_the_pods_it_finds_even_bare_ones():
    """TestUnavailable's arithmetic: minAvailable 3 over 4 ready pods allows 1."""
    c = kubelab.Cluster()
    c.kubectl("create pdb pdb --selector=app=x --min-available=3")
    for i in range(4):
        bare_pod(c, f"p{i}")
    c.settle()
    assert counts(c) == (1, 4, 3, 4)
    assert events(c, "UnmanagedPods") == []
    c.kubectl("delete pod p0 --wait=false")
    c.settle()
    assert counts(c) == (0, 3, 3, 3)
    cond = c.get("poddisruptionbudget", "pdb")["status"]["conditions"][0]
    assert (cond["type"], cond["status"], cond["reason"], cond["message"]) == (
        "DisruptionAllowed", "False", "InsufficientPods", "")


def test_max_unavailable_over_bare_pods_expects_none_and_warns():
    c = kubelab.Cluster()
    c.kubectl("create pdb pdb --selector=app=x --max-unavailable=1")
    bare_pod(c, "p0")
    c.settle()
    assert counts(c) == (0, 1, 0, 0)           # expectedCount 0: nothing allowed
    assert events(c, "UnmanagedPods")[0] == (
        "Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: x,},"
        "MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the "
        "PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please "
        'set ".spec.minAvailable" field of the PDB to an integer value.')


def test_a_controller_without_scale_fails_safe():
    c = kubelab.Cluster()
    c.api.create({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"},
                  "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": {
                      "metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}},
                 "default", external=True)
    c.kubectl("create pdb pdb --selector=app=x --max-unavailable=1")
    c.settle()
    st = c.get("poddisruptionbudget", "pdb")["status"]
    assert st["disruptionsAllowed"] == 0
    assert [(x["status"], x["reason"], x["message"]) for x in st["conditions"]] == [
        ("False", "SyncFailed", "daemonsets.apps does not implement the scale subresource")]
    assert events(c, "CalculateExpectedPodCountFailed")[0] == (
        "Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale subresource")


def test_a_deployment_counts_through_its_replicaset_and_follows_a_spec_change():
    c = kubelab.Cluster()
    c.kubectl("create deployment x --image=nginx --replicas=4")
    c.kubectl("create pdb pdb --selector=app=x --max-unavailable=25%")
    c.settle()
    assert counts(c) == (1, 4, 3, 4)           # 25% of 4 is 1
    c.kubectl("patch pdb pdb --type=merge -p '{\"spec\":{\"maxUnavailable\":\"50%\"}}'")
    c.settle()
    pdb = c.get("poddisruptionbudget", "pdb")
    assert pdb["metadata"]["generation"] == 2 and pdb["status"]["observedGeneration"] == 2
    assert counts(c) == (2, 4, 2, 4)


def test_an_approved_eviction_is_not_counted_for_two_minutes():
    """buildDisruptedPodMap: a pod in disruptedPods that is not deleted stops being
    excluded after DeletionTimeout, with a NotDeleted warning (whose text repeats the
    namespace, as upstream's does)."""
    c = kubelab.Cluster()
    c.kubectl("create deployment x --image=nginx --replicas=3")
    c.kubectl("create pdb pdb --selector=app=x --min-available=1")
    c.settle()
    pod = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default"))[0]
    st = dict(c.get("poddisruptionbudget", "pdb")["status"])
    st["disruptedPods"] = {pod: c.clock.timestamp()}
    c.api.write_status("poddisruptionbudgets", "pdb", "default", st)
    c.run(1)
    assert counts(c)[:2] == (1, 2)
    c.run(125)
    assert counts(c)[:2] == (2, 3)
    assert "disruptedPods" not in c.get("poddisruptionbudget", "pdb")["status"]
    assert events(c, "NotDeleted") == ["Pod was expected by PDB default/default to be deleted but it wasn't"]


def test_pods_in_a_namespace_without_budgets_cost_the_controller_nothing():
    c = kubelab.Cluster()
    dc = next(x for x in c.controllers if x.name == "disruption")
    c.kubectl("create deployment x --image=nginx --replicas=3")
    assert len(dc.queue) == 0 and dc._budgets == {} and not dc._watching_pods
    c.kubectl("create pdb x --selector=app=x --max-unavailable=1")
    c.settle()
    assert dc._watching_pods and counts(c, "x") == (1, 3, 2, 3)
    c.kubectl("delete pdb x")
    assert not dc._watching_pods


def test_a_pod_two_budgets_select_gets_a_warning_naming_the_one_chosen():
    """getPdbForPod: ``Pod %q/%q matches multiple PodDisruptionBudgets.  Chose %q
    arbitrarily.`` (two spaces, Go's %q), a Warning from the controllermanager; only
    the chosen budget is enqueued.  The eviction API refuses such a pod (500)."""
    c = kubelab.Cluster()
    c.kubectl("create deployment x --image=nginx --replicas=2")
    c.kubectl("create pdb a --selector=app=x --min-available=1")
    c.kubectl("create pdb b --selector=app=x --max-unavailable=1")
    c.settle()
    pods = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default"))
    warned = [e for e in c.api.list("events", "default") if e["reason"] == "MultiplePodDisruptionBudgets"]
    assert warned and {e["involvedObject"]["name"] for e in warned} <= set(pods)
    for e in warned:
        pod = e["involvedObject"]["name"]
        assert e["type"] == "Warning" and e["source"] == {"component": "controllermanager"}
        assert e["message"] in (f'Pod "default"/"{pod}" matches multiple PodDisruptionBudgets.  Chose "{b}" arbitrarily.'
                                for b in ("a", "b"))
    assert counts(c, "a")[1:] == (2, 1, 2) and counts(c, "b")[1:] == (2, 1, 2)
    r = c.kubectl(f"drain {c.get('pod', pods[0])['spec']['nodeName']} --ignore-daemonsets --force --timeout=5s")
    assert "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." in r.stderr


def test_one_budget_no_warning():
    c = kubelab.Cluster()
    c.kubectl("create deployment x --image=nginx --replicas=2")
    c.kubectl("create pdb a --selector=app=x --min-available=1")
    c.settle()
    assert events(c, "MultiplePodDisruptionBudgets") == []
