"""The HPA's arithmetic against the cases of pkg/controller/podautoscaler/
replica_calculator_test.go (two containers per pod, each requesting ``1.0`` unless
said; the pod's level is per container) and horizontal.go's normalisation."""
import pytest

from kubelab.controllers import replicacalc as calc

NOW = 1000.0


def pods_at(levels, requests=None, ready=None, phase=None):
    """makePodMetricLevels: pods started long ago, Ready, two containers each."""
    n = len(requests or levels)
    pods, metrics = [], {}
    for i in range(n):
        name = f"test-pod-{i}"
        request = 2 * int((requests or [1000] * n)[i])
        is_ready = True if ready is None else ready[i]
        pods.append(calc.PodInfo(name, (phase or ["Running"] * n)[i], start=NOW - 3600, ready=is_ready,
                                 ready_since=NOW - 3600 + (60 if is_ready else 0), request=request))
        if i < len(levels):
            metrics[name] = calc.PodMetric(2 * levels[i], NOW - 30, 30)
    return pods, metrics


@pytest.mark.parametrize("case, current, levels, extra, target, want, util", [
    ("TestReplicaCalcScaleUp", 3, [300, 500, 700], {}, 30, 5, 50),
    ("TestReplicaCalcScaleUpUnreadyLessScale", 3, [300, 500, 700], {"ready": [False, True, True]}, 30, 4, 60),
    ("TestReplicaCalcScaleDown", 5, [100, 300, 500, 250, 250], {}, 50, 3, 28),
    ("TestReplicaCalcTolerance", 3, [1010, 1030, 1020], {"requests": [900, 1000, 1100]}, 100, 3, 102),
    # (the helper doubles: two containers at 244m of 100m each make the walkthrough's pod at 488m of 200m)
    ("walkthrough: one pod at 488m of 200m, target 50%", 1, [244], {"requests": [100]}, 50, 5, 244),
])
def test_resource_replicas_as_upstream(case, current, levels, extra, target, want, util):
    pods, metrics = pods_at(levels, **extra)
    replicas, utilization, _ = calc.resource_replicas(current, target, pods, metrics, NOW)
    assert (replicas, utilization) == (want, util), case


def test_missing_pods_count_as_idle_on_a_scale_up():
    # two pods, metrics for one at 300% of its request: the other counts as 0%, 150% overall
    pods, metrics = pods_at([3000], requests=[1000, 1000])
    assert calc.resource_replicas(2, 100, pods, metrics, NOW)[0] == 3


def test_a_pending_pod_is_ignored_and_no_metrics_is_an_error():
    with pytest.raises(calc.MetricError, match=r"did not receive metrics for targeted pods \(pods might be unready\)"):
        calc.resource_replicas(1, 50, [calc.PodInfo("p", "Pending")], {"p": calc.PodMetric(100, NOW, 60)}, NOW)


def test_a_pod_without_requests_cannot_be_measured():
    pods = [calc.PodInfo("p", unrequested="nginx")]
    with pytest.raises(calc.MetricError, match="^missing request for cpu in container nginx of Pod p$"):
        calc.resource_replicas(1, 50, pods, {"p": calc.PodMetric(100, NOW - 30, 30)}, NOW)


def test_a_young_pods_first_window_before_ready_is_ignored():
    # started 60 s ago, Ready 10 s ago, metric window of 60 s ending now: its CPU is start-up work
    pods = [calc.PodInfo("old", start=0, ready_since=0), calc.PodInfo("new", start=NOW - 60, ready_since=NOW - 10)]
    metrics = {"old": calc.PodMetric(1000, NOW, 60), "new": calc.PodMetric(1000, NOW, 60)}
    ready, ignored, missing = calc.group_pods(pods, metrics, True, NOW)
    assert (ready, ignored, missing) == (1, {"new"}, set())


def test_scale_up_without_behavior_is_at_most_double_or_four():
    h = calc.History([(1, NOW)])
    out = calc.normalize(h, 1, 5, 1, 10, NOW)
    assert (out.replicas, out.limited, out.limited_reason) == (4, True, "ScaleUpLimit")
    out = calc.normalize(h, 4, 12, 1, 10, NOW + 15)
    assert (out.replicas, out.limited_reason) == (8, "ScaleUpLimit")


def test_scale_down_waits_for_the_highest_recommendation_of_five_minutes():
    h = calc.History([(5, NOW - 200)])
    out = calc.normalize(h, 5, 1, 1, 10, NOW)
    assert (out.replicas, out.able_reason) == (5, "ScaleDownStabilized")
    out = calc.normalize(h, 5, 1, 1, 10, NOW + 101)      # the 5 is now older than 300 s
    assert (out.replicas, out.able_reason, out.limited_reason) == (1, "ReadyForNewScale", "DesiredWithinRange")


def test_behavior_policies_limit_the_rate():
    behavior = {"scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                            "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                         {"type": "Percent", "value": 100, "periodSeconds": 15}]},
                "scaleDown": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                              "policies": [{"type": "Pods", "value": 1, "periodSeconds": 60}]}}
    h = calc.History([(10, NOW - 1000)])
    out = calc.normalize_with_behavior(h, 10, 2, 1, 20, behavior, NOW)
    assert (out.replicas, out.limited_reason) == (9, "ScaleDownLimit")
    calc.store_scale_event(h, behavior, 10, 9, NOW)
    out = calc.normalize_with_behavior(h, 9, 2, 1, 20, behavior, NOW + 30)    # one pod a minute
    assert (out.replicas, out.limited_reason) == (9, "ScaleDownLimit")
    out = calc.normalize_with_behavior(h, 2, 30, 1, 20, behavior, NOW + 100)
    assert (out.replicas, out.limited_reason) == (6, "ScaleUpLimit")        # max(2 + 4, 2 * 2)
