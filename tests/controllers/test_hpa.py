"""HorizontalPodAutoscalers in a cluster without metrics-server: autoscaling/v1
and v2 stored (as v2), defaulted, validated and shown; the controller keeps the
target within [min, max] and otherwise says it cannot read CPU metrics, in the
words and conditions the v1.32 HPA controller uses; `kubectl autoscale`.

The steps follow kubernetes.io's "HorizontalPodAutoscaler Walkthrough"
(content/en/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough.md)
up to the point where it needs metrics-server."""
import pytest

import kubelab
from kubelab.controllers.hpa import SYNC_PERIOD

NO_METRICS = ("unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: "
              "the server could not find the requested resource (get pods.metrics.k8s.io)")

V1 = """apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: {low}
  maxReplicas: 10
  targetCPUUtilizationPercentage: 50
"""

V2 = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  maxReplicas: 10
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 60
"""


@pytest.fixture
def c():
    cluster = kubelab.Cluster()
    cluster.kubectl("create deployment php-apache --image=nginx")
    cluster.settle()
    return cluster


def conditions(c):
    return {x["type"]: x for x in c.get("horizontalpodautoscaler", "php-apache")["status"]["conditions"]}


def events(c):
    evs = sorted((e for e in c.api.list("events") if e["involvedObject"]["kind"] == "HorizontalPodAutoscaler"),
                 key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))
    return [(e["type"], e["reason"], e["message"]) for e in evs]


def test_a_v1_hpa_is_stored_as_v2_and_shown(c):
    assert c.kubectl("apply -f -", stdin=V1.format(low=1)).stdout == \
        "horizontalpodautoscaler.autoscaling/php-apache created\n"
    hpa = c.get("horizontalpodautoscaler", "php-apache")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]
    r = c.kubectl("get hpa")
    assert r.stdout.splitlines()[0].split() == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS",
                                               "REPLICAS", "AGE"]
    c.run(SYNC_PERIOD + 1)
    row = c.kubectl("get hpa").stdout.splitlines()[1]
    assert row.split()[:7] == ["php-apache", "Deployment/php-apache", "cpu:", "<unknown>/50%", "1", "10", "1"]


def test_v2_defaults_cpu_80_and_fills_behavior(c):
    c.kubectl("apply -f -", stdin=V2)
    spec = c.get("horizontalpodautoscaler", "php-apache")["spec"]
    assert spec["minReplicas"] == 1
    assert spec["metrics"][0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 80}
    assert spec["behavior"]["scaleDown"] == {"stabilizationWindowSeconds": 60, "selectPolicy": "Max",
                                             "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}
    assert spec["behavior"]["scaleUp"]["policies"] == [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                                      {"type": "Percent", "value": 100, "periodSeconds": 15}]


def test_without_metrics_server_the_hpa_says_it_cannot_compute(c):
    c.kubectl("apply -f -", stdin=V1.format(low=1))
    c.run(2 * SYNC_PERIOD)
    conds = conditions(c)
    assert (conds["AbleToScale"]["status"], conds["AbleToScale"]["reason"]) == ("True", "SucceededGetScale")
    active = conds["ScalingActive"]
    assert (active["status"], active["reason"]) == ("False", "FailedGetResourceMetric")
    assert active["message"] == f"the HPA was unable to compute the replica count: failed to get cpu utilization: {NO_METRICS}"
    status = c.get("horizontalpodautoscaler", "php-apache")["status"]
    assert status["currentMetrics"] == [{"type": ""}] and status["currentReplicas"] == 1
    assert events(c)[:2] == [
        ("Warning", "FailedGetResourceMetric", f"failed to get cpu utilization: {NO_METRICS}"),
        ("Warning", "FailedComputeMetricsReplicas", "invalid metrics (1 invalid out of 1), first error is: "
         f"failed to get cpu resource metric value: failed to get cpu utilization: {NO_METRICS}")]
    assert c.get("deployment", "php-apache")["spec"]["replicas"] == 1       # nothing to scale on


def test_the_bounds_need_no_metrics(c):
    c.kubectl("apply -f -", stdin=V1.format(low=3))
    c.run(1)
    assert c.get("deployment", "php-apache")["spec"]["replicas"] == 3
    assert ("Normal", "SuccessfulRescale", "New size: 3; reason: Current number of replicas below Spec.MinReplicas") \
        in events(c)
    status = c.get("horizontalpodautoscaler", "php-apache")["status"]
    assert status["desiredReplicas"] == 3 and "lastScaleTime" in status
    c.kubectl("scale deployment php-apache --replicas=20")
    c.run(SYNC_PERIOD)
    assert c.get("deployment", "php-apache")["spec"]["replicas"] == 10


def test_a_missing_target(c):
    c.kubectl("apply -f -", stdin=V1.format(low=1).replace("name: php-apache\n  minReplicas", "name: nope\n  minReplicas"))
    c.run(1)
    cond = conditions(c)["AbleToScale"]
    assert (cond["status"], cond["reason"]) == ("False", "FailedGetScale")
    assert cond["message"] == 'the HPA controller was unable to get the target\'s current scale: deployments.apps "nope" not found'


def test_a_fresh_hpa_status_is_what_the_apiserver_serializes(c):
    # hpaStrategy.PrepareForCreate empties the status; autoscaling/v2 writes desiredReplicas
    # and currentMetrics without omitempty, currentReplicas with it (k8s.io/api
    # autoscaling/v2 types.go): `kubectl get hpa -o yaml` before the controller's sync
    v2 = V2.replace("  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n", "")
    out = c.kubectl("create -f - --dry-run=server -o yaml", stdin=v2).stdout
    assert out.endswith("status:\n  currentMetrics: null\n  desiredReplicas: 0\n")
    # kubectl autoscale sends autoscaling/v1 and reads v1 back: both counts (no omitempty there)
    out = c.kubectl("autoscale deployment php-apache --max=10 --dry-run=server -o json").stdout
    assert out.endswith('"status": {\n        "currentReplicas": 0,\n        "desiredReplicas": 0\n    }\n}\n')


def test_a_missing_target_leaves_the_status_but_the_condition(c):
    # FailedGetScale: setCondition and updateStatusIfNeeded, no setStatus: the status
    # stays as it was (currentMetrics null, no currentReplicas)
    c.kubectl("apply -f -", stdin=V1.format(low=1).replace("name: php-apache\n  minReplicas", "name: nope\n  minReplicas"))
    c.run(1)
    status = c.get("horizontalpodautoscaler", "php-apache")["status"]
    assert status["currentMetrics"] is None and status["desiredReplicas"] == 0 and "currentReplicas" not in status
    assert [x["type"] for x in status["conditions"]] == ["AbleToScale"]


def test_a_target_scaled_to_zero_disables_scaling(c):
    c.kubectl("scale deployment php-apache --replicas=0")
    c.kubectl("apply -f -", stdin=V1.format(low=1))
    c.run(1)
    status = c.get("horizontalpodautoscaler", "php-apache")["status"]
    assert (status["currentMetrics"], status["desiredReplicas"]) == (None, 0)
    assert "currentReplicas" not in status                  # 0: omitted in v2
    assert conditions(c)["ScalingActive"]["reason"] == "ScalingDisabled"
    assert c.kubectl("get hpa php-apache --no-headers").stdout.split()[6] == "0"


@pytest.mark.parametrize("low, high, message", [
    (3, 2, "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"),
    (0, 2, "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"),
])
def test_bounds_are_validated(c, low, high, message):
    text = V1.format(low=low).replace("maxReplicas: 10", f"maxReplicas: {high}")
    r = c.kubectl("apply -f -", stdin=text)
    assert r.stderr == f'The HorizontalPodAutoscaler "php-apache" is invalid: {message}\n'
    assert c.get("horizontalpodautoscaler", "php-apache") is None


def test_kubectl_autoscale(c):
    r = c.kubectl("autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10")
    assert r.stdout == "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n"
    hpa = c.get("horizontalpodautoscaler", "php-apache")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "php-apache"}
    r = c.kubectl("autoscale deployment php-apache --max=2 --name=other --dry-run=client -o yaml")
    assert r.stdout == ("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n"
                        "  creationTimestamp: null\n  name: other\nspec:\n  maxReplicas: 2\n  scaleTargetRef:\n"
                        "    apiVersion: apps/v1\n    kind: Deployment\n    name: php-apache\nstatus:\n"
                        "  currentReplicas: 0\n  desiredReplicas: 0\n")
    r = c.kubectl("autoscale deployment php-apache")
    assert r.stderr.endswith('"command failed" err="required flag(s) \\"max\\" not set"\n')
    r = c.kubectl("autoscale deployment php-apache --min=5 --max=2")
    assert r.stderr == "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n"
