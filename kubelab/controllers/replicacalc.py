"""The HPA's arithmetic, pure (pkg/controller/podautoscaler/replica_calculator.go and
the normalisation in horizontal.go, v1.32).

**Replica count from CPU utilization** (:func:`resource_replicas`).  Pods are grouped
first (``groupPods``): deleted and failed pods do not count; Pending pods are ignored;
a pod without metrics is *missing*; for CPU, a pod is ignored while it may still be
starting: no Ready condition or start time, or within the first 5 minutes
(``--horizontal-pod-autoscaler-cpu-initialization-period``) while unready or while its
metric window began before it became Ready; after that, only if it is unready and has
never been ready (its Ready transition within 30 s of its start,
``--horizontal-pod-autoscaler-initial-readiness-delay``).  Then, with the ready pods'
metrics only::

    utilization = sum(usage) * 100 / sum(requests)        # integer percent
    ratio       = utilization / target

Within the tolerance (``|1 - ratio| <= 0.1``) nothing changes; otherwise, if no pod
was missing or ignored, ``ceil(ratio * ready pods)``.  Worked example, the walkthrough:
one php-apache pod using 488m of its 200m request, target 50%: utilization 244%,
ratio 4.88, ``ceil(4.88 * 1) = 5`` replicas.  With missing pods, they count as 100% of
their request on a scale-down and 0% on a scale-up; with ignored pods on a scale-up,
they count as 0%; the ratio is computed again over all of them, and if that flips the
direction or falls within the tolerance, nothing changes.

**Normalisation** (:func:`normalize`): without ``spec.behavior``, the recommendation is
the highest of the last 5 minutes' (``--horizontal-pod-autoscaler-downscale-
stabilization``), a scale-up at most ``max(2 * current, 4)``, then min/max replicas;
with ``spec.behavior``, the stabilization windows of scaleUp/scaleDown and their
policies (default scale-up: 4 pods or 100% per 15 s, whichever is more; scale-down:
100% per 15 s after a 300 s window).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

TOLERANCE = 0.1
CPU_INITIALIZATION_PERIOD = 300.0
INITIAL_READINESS_DELAY = 30.0
DOWNSCALE_STABILIZATION = 300.0
SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM = 2.0, 4.0


@dataclass(frozen=True)
class PodInfo:
    """What groupPods reads of a pod (times in simulated seconds)."""
    name: str
    phase: str = "Running"
    deleting: bool = False
    start: float | None = 0.0               # status.startTime
    ready: bool | None = True               # the Ready condition's status (None: no condition)
    ready_since: float = 0.0                # its lastTransitionTime
    request: int = 200                      # the sum of the containers' requests (milli)
    unrequested: str = ""                   # a container without a request for the resource


@dataclass(frozen=True)
class PodMetric:
    value: int                              # milli-units
    timestamp: float
    window: float


class MetricError(Exception):
    pass


def group_pods(pods: list[PodInfo], metrics: dict[str, PodMetric], cpu: bool, now: float
               ) -> tuple[int, set[str], set[str]]:
    """groupPods: (ready pod count, ignored pods, missing pods)."""
    ready, ignored, missing = 0, set(), set()
    for p in pods:
        if p.deleting or p.phase == "Failed":
            continue
        if p.phase == "Pending":
            ignored.add(p.name)
            continue
        metric = metrics.get(p.name)
        if metric is None:
            missing.add(p.name)
            continue
        if cpu:
            if p.ready is None or p.start is None:
                ignore = True
            elif p.start + CPU_INITIALIZATION_PERIOD > now:
                ignore = p.ready is False or metric.timestamp < p.ready_since + metric.window
            else:
                ignore = p.ready is False and p.start + INITIAL_READINESS_DELAY > p.ready_since
            if ignore:
                ignored.add(p.name)
                continue
        ready += 1
    return ready, ignored, missing


def utilization_ratio(metrics: dict[str, PodMetric], requests: dict[str, int], target: int
                      ) -> tuple[float, int, int]:
    """GetResourceUtilizationRatio: (ratio, utilization %, average raw usage)."""
    total = requested = n = 0
    for name, m in metrics.items():
        if name not in requests:
            continue
        total += m.value
        requested += requests[name]
        n += 1
    if requested == 0:
        raise MetricError("no metrics returned matched known pods")
    utilization = int(total * 100 / requested)
    return utilization / target, utilization, total // n


def resource_replicas(current: int, target: int, pods: list[PodInfo], metrics: dict[str, PodMetric],
                      now: float, cpu: bool = True) -> tuple[int, int, int]:
    """GetResourceReplicas: (replicas, utilization %, average raw usage in milli)."""
    if not pods:
        raise MetricError("no pods returned by selector while calculating replica count")
    metrics = dict(metrics)
    ready, ignored, missing = group_pods(pods, metrics, cpu, now)
    for name in ignored:
        metrics.pop(name, None)
    requests = {}
    for p in pods:
        if p.unrequested:
            raise MetricError(f"missing request for {'cpu' if cpu else 'memory'} in container {p.unrequested} "
                              f"of Pod {p.name}")
        requests[p.name] = p.request
    if not metrics:
        raise MetricError("did not receive metrics for targeted pods (pods might be unready)")
    ratio, utilization, raw = utilization_ratio(metrics, requests, target)
    rebalance = bool(ignored) and ratio > 1.0
    if not rebalance and not missing:
        if abs(1.0 - ratio) <= TOLERANCE:
            return current, utilization, raw
        return math.ceil(ratio * ready), utilization, raw
    if missing:
        for name in missing:
            if ratio < 1.0:
                metrics[name] = PodMetric(requests[name], 0, 0)     # scale-down: as if at 100% of request
            elif ratio > 1.0:
                metrics[name] = PodMetric(0, 0, 0)                  # scale-up: as if idle
    if rebalance:
        for name in ignored:
            metrics[name] = PodMetric(0, 0, 0)
    new_ratio, _, _ = utilization_ratio(metrics, requests, target)
    if abs(1.0 - new_ratio) <= TOLERANCE or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
        return current, utilization, raw
    replicas = math.ceil(new_ratio * len(metrics))
    if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
        return current, utilization, raw
    return replicas, utilization, raw


# ------------------------------------------------------------------ normalisation
@dataclass
class History:
    """The controller's memory of one HPA: recommendations and scale events."""
    recommendations: list[tuple[int, float]] = field(default_factory=list)    # (replicas, time)
    scale_up: list[tuple[int, float]] = field(default_factory=list)           # (change, time)
    scale_down: list[tuple[int, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    replicas: int
    able_reason: str
    able_message: str
    limited: bool
    limited_reason: str
    limited_message: str


READY = ("ReadyForNewScale", "recommended size matches current size")
DOWN_STABILIZED = ("ScaleDownStabilized",
                   "recent recommendations were higher than current one, applying the highest recent recommendation")
UP_STABILIZED = ("ScaleUpStabilized",
                 "recent recommendations were lower than current one, applying the lowest recent recommendation")
WITHIN = ("DesiredWithinRange", "the desired count is within the acceptable range")
UP_LIMIT = ("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
DOWN_LIMIT = ("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
TOO_MANY = ("TooManyReplicas", "the desired replica count is more than the maximum replica count")
TOO_FEW = ("TooFewReplicas", "the desired replica count is less than the minimum replica count")


def normalize(h: History, current: int, desired: int, low: int, high: int, now: float) -> Outcome:
    """normalizeDesiredReplicas: no behavior given."""
    cutoff = now - DOWNSCALE_STABILIZATION
    stabilized = desired
    old = None
    for i, (rec, t) in enumerate(h.recommendations):
        if t < cutoff:
            old = i
        elif rec > stabilized:
            stabilized = rec
    if old is not None:
        h.recommendations[old] = (desired, now)
    else:
        h.recommendations.append((desired, now))
    able = DOWN_STABILIZED if stabilized != desired else READY
    limit = int(max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM))
    top, why = (limit, UP_LIMIT) if high > limit else (high, TOO_MANY)
    if stabilized < low:
        replicas, why = low, TOO_FEW
    elif stabilized > top:
        replicas = top
    else:
        replicas, why = stabilized, WITHIN
    return Outcome(replicas, *able, replicas != stabilized, *why)


def _changes(events: list[tuple[int, float]], period: float, now: float) -> int:
    """getReplicasChangePerPeriod."""
    return sum(change for change, t in events if t > now - period)


def scale_up_limit(current: int, events: list[tuple[int, float]], rules: dict, now: float) -> int:
    """calculateScaleUpLimitWithScalingRules."""
    select = rules.get("selectPolicy") or "Max"
    if select == "Disabled":
        return current
    pick, result = (min, math.inf) if select == "Min" else (max, -math.inf)
    for p in rules.get("policies") or []:
        start = current - _changes(events, p["periodSeconds"], now)
        proposed = start + p["value"] if p["type"] == "Pods" else math.ceil(start * (1 + p["value"] / 100))
        result = pick(result, proposed)
    return int(result)


def scale_down_limit(current: int, ups: list[tuple[int, float]], downs: list[tuple[int, float]], rules: dict,
                     now: float) -> int:
    """calculateScaleDownLimitWithBehaviors."""
    select = rules.get("selectPolicy") or "Max"
    if select == "Disabled":
        return current
    pick, result = (max, -math.inf) if select == "Min" else (min, math.inf)
    for p in rules.get("policies") or []:
        start = current - _changes(ups, p["periodSeconds"], now) + _changes(downs, p["periodSeconds"], now)
        proposed = start - p["value"] if p["type"] == "Pods" else int(start * (1 - p["value"] / 100))
        result = pick(result, proposed)
    return int(result)


def normalize_with_behavior(h: History, current: int, desired: int, low: int, high: int, behavior: dict,
                            now: float) -> Outcome:
    """normalizeDesiredReplicasWithBehaviors: stabilize within the windows, then the rate policies."""
    up, down = behavior.get("scaleUp") or {}, behavior.get("scaleDown") or {}
    up_cut = now - (up.get("stabilizationWindowSeconds") or 0)
    down_cut = now - (down.get("stabilizationWindowSeconds") or 0)
    up_rec = down_rec = desired
    old = None
    for i, (rec, t) in enumerate(h.recommendations):
        if t > up_cut:
            up_rec = min(rec, up_rec)
        if t > down_cut:
            down_rec = max(rec, down_rec)
        if t < up_cut and t < down_cut:
            old = i
    stabilized = min(max(current, up_rec), down_rec)
    if old is not None:
        h.recommendations[old] = (desired, now)
    else:
        h.recommendations.append((desired, now))
    able = (UP_STABILIZED if desired >= current else DOWN_STABILIZED) if stabilized != desired else READY
    replicas, why = stabilized, WITHIN
    if stabilized > current:
        limit = max(scale_up_limit(current, h.scale_up, up, now), current)
        top, reason = (limit, UP_LIMIT) if high > limit else (high, TOO_MANY)
        if stabilized > top:
            replicas, why = top, reason
    elif stabilized < current:
        limit = min(scale_down_limit(current, h.scale_up, h.scale_down, down, now), current)
        bottom, reason = (limit, DOWN_LIMIT) if low < limit else (low, TOO_FEW)
        if stabilized < bottom:
            replicas, why = bottom, reason
    return Outcome(replicas, *able, replicas != stabilized, *why)


def store_scale_event(h: History, behavior: dict | None, previous: int, new: int, now: float) -> None:
    """storeScaleEvent: only with a behavior; an event older than the longest policy period is replaced."""
    if not behavior:
        return
    up = new > previous
    rules = (behavior.get("scaleUp") if up else behavior.get("scaleDown")) or {}
    longest = max([p["periodSeconds"] for p in rules.get("policies") or []] or [0])
    events = h.scale_up if up else h.scale_down
    change = abs(new - previous)
    for i, (_, t) in enumerate(events):
        if t < now - longest:
            events[i] = (change, now)
            return
    events.append((change, now))
