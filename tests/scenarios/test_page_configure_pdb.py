"""kubernetes.io's "Specifying a Disruption Budget for your Application" task page
(content/en/docs/tasks/run-application/configure-pdb.md), with the website's
``policy/zookeeper-pod-disruption-budget-{minavailable,maxunavailable}.yaml``: the
budget created, its status without and with matching pods, the two specifications
meaning the same for three replicas, percentages counted against the controller's
scale, and a drain that the budget holds back (the "Safely Drain a Node" page's
``error when evicting ... (will retry after 5s)``).

The page's pods are a StatefulSet's; here a Deployment of three nginx pods carries the
page's label (the kit runs no ZooKeeper).  The page's ``-o yaml`` predates policy/v1's
``DisruptionAllowed`` condition, which the v1.32 disruption controller adds.
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
MIN = "policy/zookeeper-pod-disruption-budget-minavailable.yaml"
MAX = "policy/zookeeper-pod-disruption-budget-maxunavailable.yaml"

ZOOKEEPERS = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: zk
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: zookeeper
  template:
    metadata:
      labels:
        app.kubernetes.io/name: zookeeper
    spec:
      containers:
      - name: zk
        image: nginx:1.16.1
"""
HEADER = ["NAME", "MIN", "AVAILABLE", "MAX", "UNAVAILABLE", "ALLOWED", "DISRUPTIONS", "AGE"]


@pytest.fixture
def c():
    return kubelab.Cluster(workers=2, cwd=str(EXAMPLES))


def rows(result):
    return [line.split() for line in result.stdout.splitlines()]


def status(c):
    return c.get("poddisruptionbudget", "zk-pdb")["status"]


def test_a_budget_without_pods_allows_no_disruption(c):
    assert c.kubectl(f"apply -f {MIN}").stdout == "poddisruptionbudget.policy/zk-pdb created\n"
    c.run(6)        # kubectl takes its simulated second
    got = rows(c.kubectl("get poddisruptionbudgets"))
    assert got == [HEADER, ["zk-pdb", "2", "N/A", "0", "7s"]]          # the page's first table
    st = status(c)
    assert (st["currentHealthy"], st["desiredHealthy"], st["disruptionsAllowed"], st["expectedPods"]) == (0, 2, 0, 0)
    assert st["conditions"][0]["reason"] == "InsufficientPods" and st["conditions"][0]["status"] == "False"
    events = c.kubectl("get events --field-selector involvedObject.kind=PodDisruptionBudget").stdout
    assert "NoPods" in events and "No matching pods found" in events


def test_three_matching_pods_allow_one_disruption(c):
    c.kubectl(f"apply -f {MIN}")
    assert c.kubectl("apply -f -", stdin=ZOOKEEPERS).returncode == 0
    c.settle()
    got = rows(c.kubectl("get poddisruptionbudgets"))
    assert got[0] == HEADER and got[1][:4] == ["zk-pdb", "2", "N/A", "1"]     # the page's second table
    out = c.kubectl("get poddisruptionbudgets zk-pdb -o yaml").stdout
    assert out.endswith("  currentHealthy: 3\n  desiredHealthy: 2\n  disruptionsAllowed: 1\n  expectedPods: 3\n"
                        "  observedGeneration: 1\n")
    assert ('  - lastTransitionTime: "' in out and '    message: ""\n    observedGeneration: 1\n'
            '    reason: SufficientPods\n    status: "True"\n    type: DisruptionAllowed\n' in out)


def test_max_unavailable_one_means_the_same_for_three_replicas(c):
    c.kubectl(f"apply -f {MIN}")
    c.kubectl("apply -f -", stdin=ZOOKEEPERS)
    c.settle()
    before = status(c)
    assert c.kubectl(f"apply -f {MAX}").stdout == "poddisruptionbudget.policy/zk-pdb configured\n"
    c.settle()
    pdb = c.get("poddisruptionbudget", "zk-pdb")
    assert "minAvailable" not in pdb["spec"] and pdb["spec"]["maxUnavailable"] == 1
    st = pdb["status"]
    assert (st["currentHealthy"], st["desiredHealthy"], st["disruptionsAllowed"], st["expectedPods"]) == \
        (before["currentHealthy"], before["desiredHealthy"], before["disruptionsAllowed"], before["expectedPods"])
    assert st["observedGeneration"] == pdb["metadata"]["generation"] == 2
    assert rows(c.kubectl("get pdb"))[1][:4] == ["zk-pdb", "N/A", "1", "1"]
    # maxUnavailable follows the controller's scale
    c.kubectl("scale deployment zk --replicas=5")
    c.settle()
    st = status(c)
    assert (st["expectedPods"], st["desiredHealthy"], st["currentHealthy"], st["disruptionsAllowed"]) == (5, 4, 5, 1)


def test_a_percentage_counts_the_desired_replicas(c):
    c.kubectl("apply -f -", stdin=ZOOKEEPERS)
    c.kubectl("create pdb zk-pdb --selector=app.kubernetes.io/name=zookeeper --min-available=30%")
    c.settle()
    st = status(c)         # 30% of 3 rounds up to 1
    assert (st["expectedPods"], st["desiredHealthy"], st["currentHealthy"], st["disruptionsAllowed"]) == (3, 1, 3, 2)


def test_only_one_of_min_available_and_max_unavailable(c):
    both = ("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: zk-pdb\nspec:\n  minAvailable: 2\n"
            "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: zookeeper\n")
    r = c.kubectl("apply -f -", stdin=both)
    assert r.returncode == 1
    assert r.stderr == (
        'The PodDisruptionBudget "zk-pdb" is invalid: spec: Invalid value: '
        "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a1b2e0), "
        "Selector:(*v1.LabelSelector)(0xc000a1b300), MaxUnavailable:(*intstr.IntOrString)(0xc000a1b2f0), "
        "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: "
        "minAvailable and maxUnavailable cannot be both set\n")
    assert c.get("poddisruptionbudget", "zk-pdb") is None
    too_many = both.replace("  maxUnavailable: 1\n", "").replace("minAvailable: 2", "minAvailable: 120%")
    r = c.kubectl("apply -f -", stdin=too_many)
    assert r.stderr == ('The PodDisruptionBudget "zk-pdb" is invalid: spec.minAvailable: Invalid value: '
                        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%\n')


def test_drain_waits_for_the_budget(c):
    """Two of the three pods on one node, maxUnavailable 1: the first eviction is
    allowed, the second refused until the first pod's replacement is Ready."""
    c.kubectl(f"apply -f {MAX}")
    c.kubectl("apply -f -", stdin=ZOOKEEPERS)
    c.settle()
    by_node = {}
    for p in c.api.list("pods", "default"):
        by_node.setdefault(p["spec"]["nodeName"], []).append(p["metadata"]["name"])
    node, pods = max(by_node.items(), key=lambda kv: len(kv[1]))
    assert len(pods) == 2
    r = c.kubectl(f"drain {node} --ignore-daemonsets --timeout=60s")
    assert r.returncode == 0, r.stderr
    first, second = sorted(pods)
    assert r.stdout == (f"node/{node} cordoned\nevicting pod default/{first}\nevicting pod default/{second}\n"
                        f"pod/{first} evicted\nevicting pod default/{second}\npod/{second} evicted\n"
                        f"node/{node} drained\n")
    assert r.stderr.splitlines()[1:] == [
        f'error when evicting pods/"{second}" -n "default" (will retry after 5s): '
        "Cannot evict pod as it would violate the pod's disruption budget."]
    # the pod a budget stopped carries no DisruptionTarget; the evicted one did, until it went
    assert c.get("pod", second) is None and c.get("pod", first) is None


def test_a_budget_that_allows_nothing_holds_the_drain_until_its_timeout(c):
    c.kubectl("apply -f -", stdin=ZOOKEEPERS)
    c.kubectl("create pdb zk-pdb --selector=app.kubernetes.io/name=zookeeper --max-unavailable=0")
    c.settle()
    node = c.api.list("pods", "default")[0]["spec"]["nodeName"]
    mine = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default") if p["spec"]["nodeName"] == node)
    r = c.kubectl(f"drain {node} --ignore-daemonsets --timeout=12s")
    assert r.returncode == 1
    # attempts at 0, 5 and 10 s; at 15 s the global timeout ends each goroutine
    assert r.stdout.count(f"evicting pod default/{mine[0]}\n") == 4
    refused = (f'error when evicting pods/"{mine[0]}" -n "default" (will retry after 5s): '
               "Cannot evict pod as it would violate the pod's disruption budget.")
    assert r.stderr.count(refused + "\n") == 3
    assert (f'error when evicting pods/"{mine[0]}" -n "default": global timeout reached: 12s') in r.stderr
    assert all(c.get("pod", p) is not None for p in mine)          # nothing was lost
    st = status(c)
    assert (st["disruptionsAllowed"], st["desiredHealthy"], st["currentHealthy"]) == (0, 3, 3)
