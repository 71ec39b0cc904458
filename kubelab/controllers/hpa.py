"""The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/
horizontal.go, reconcileAutoscaler, v1.32).

Every 15 s (``--horizontal-pod-autoscaler-sync-period``) it reads the target's
scale.  Out of ``[minReplicas, maxReplicas]`` it rescales to the bound — that
needs no metrics.  Within the bounds it asks the resource metrics API
(``metrics.k8s.io``, served by metrics-server) for the pods' usage and computes a
replica count per metric (:mod:`.replicacalc`: tolerance, unready and missing pods),
takes the largest, stabilizes and limits it (the 5-minute downscale window, or
``spec.behavior``), and rescales with the event ``SuccessfulRescale`` "New size: 5;
reason: cpu resource utilization (percentage of request) above target".

Without metrics-server (a fresh minikube) the HPA says why it cannot compute a
replica count, as the real one does:

    Warning  FailedGetResourceMetric       failed to get cpu utilization: unable to get metrics for resource
             cpu: unable to fetch metrics from resource metrics API: the server could not find the requested
             resource (get pods.metrics.k8s.io)
    Warning  FailedComputeMetricsReplicas  invalid metrics (1 invalid out of 1), first error is: failed to get
             cpu resource metric value: failed to get cpu utilization: ...

and its ``ScalingActive`` condition is False with reason ``FailedGetResourceMetric``.
Custom and external metrics (``Pods``, ``Object``, ``External``) have no API in the
kit, as on a cluster without a custom metrics adapter.
"""
from __future__ import annotations

from ..api import quantity, resources, selectors
from ..api.autoscaling import v2_status
from ..api.errors import ApiError
from ..api.meta import Obj
from ..clock import parse_timestamp
from . import replicacalc as calc
from .base import Controller, split_key

SYNC_PERIOD = 15.0
SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")
NO_RESOURCE_METRICS = ("unable to fetch metrics from resource metrics API: the server could not find the "
                       "requested resource (get pods.metrics.k8s.io)")
NO_CUSTOM_METRICS = ("unable to fetch metrics from custom metrics API: no custom metrics API "
                     "(custom.metrics.k8s.io) registered")
NO_EXTERNAL_METRICS = ("unable to fetch metrics from external metrics API: the server could not find the "
                       "requested resource (get .external.metrics.k8s.io)")


def metric_failure(spec: Obj) -> tuple[str, str, str]:
    """(event reason, error, the prefix computeReplicasForMetric adds) for one
    metric the cluster cannot read."""
    kind = spec.get("type")
    if kind in ("Resource", "ContainerResource"):
        src = spec.get("resource" if kind == "Resource" else "containerResource") or {}
        name = src.get("name", "")
        inner = f"unable to get metrics for resource {name}: {NO_RESOURCE_METRICS}"
        target = src.get("target") or {}
        what = f"failed to get {name} utilization: " if target.get("averageValue") is None else ""
        reason = "FailedGetResourceMetric" if kind == "Resource" else "FailedGetContainerResourceMetric"
        prefix = f"failed to get {name} resource metric value: " if kind == "Resource" else \
            f"failed to get {name} container metric value: "
        return reason, what + inner, prefix
    if kind == "Pods":
        name = ((spec.get("pods") or {}).get("metric") or {}).get("name", "")
        return "FailedGetPodsMetric", f"unable to get metric {name}: {NO_CUSTOM_METRICS}", \
            "failed to get pods metric value: "
    if kind == "Object":
        name = ((spec.get("object") or {}).get("metric") or {}).get("name", "")
        return "FailedGetObjectMetric", f"unable to get metric {name}: {NO_CUSTOM_METRICS}", \
            "failed to get object metric value: "
    name = ((spec.get("external") or {}).get("metric") or {}).get("name", "")
    return "FailedGetExternalMetric", f"unable to get external metric {name}: {NO_EXTERNAL_METRICS}", \
        "failed to get external metric value: "


class HorizontalPodAutoscalerController(Controller):
    name = "horizontal-pod-autoscaler"
    component = "horizontal-pod-autoscaler"

    def setup(self) -> None:
        self.watch("HorizontalPodAutoscaler", self._on_hpa)
        self._resync_pending: dict[str, bool] = {}      # keys with a resync timer set
        self._history: dict[str, calc.History] = {}     # recommendations and scale events per HPA

    def _on_hpa(self, etype: str, hpa: Obj, old: Obj | None) -> None:
        if etype == "ADDED" or (old is not None and old.get("spec") != hpa.get("spec")):
            self.enqueue(f"{hpa['metadata']['namespace']}/{hpa['metadata']['name']}")

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        hpa = self.api.try_get("horizontalpodautoscalers", name, ns)
        if hpa is None:
            self._history.pop(key, None)        # a new HPA of that name starts afresh
            return
        status = self._reconcile(hpa)
        if status != hpa.get("status"):
            hpa["status"] = status
            self.api.update_status(hpa)
        if not self._resync_pending.get(key):
            self._resync_pending[key] = True

            def again() -> None:
                self._resync_pending[key] = False
                self.enqueue(key)
            self.clock.schedule(SYNC_PERIOD, again, label=f"{self.name} resync {key}")

    # ------------------------------------------------------------ reconcile
    def _reconcile(self, hpa: Obj) -> Obj:
        spec, old = hpa["spec"], dict(hpa.get("status") or {})
        conds = [dict(c) for c in old.get("conditions") or []]
        ref = spec.get("scaleTargetRef") or {}
        target, err = self._scale_target(hpa, ref)
        if target is None:
            self._event(hpa, "Warning", "FailedGetScale", err)
            _set(conds, "AbleToScale", "False", "FailedGetScale",
                 f"the HPA controller was unable to get the target's current scale: {err}", self.clock)
            return {**old, "conditions": conds}        # the status as it was, but for the condition
        _set(conds, "AbleToScale", "True", "SucceededGetScale",
             "the HPA controller was able to get the target's current scale", self.clock)
        current = int(target["spec"].get("replicas", 1))
        key = f"{hpa['metadata']['namespace']}/{hpa['metadata']['name']}"
        history = self._history.setdefault(key, calc.History(recommendations=[(current, self.clock.now)]))
        low, high = spec.get("minReplicas", 1), spec.get("maxReplicas", 1)
        if current == 0 and low != 0:
            _set(conds, "ScalingActive", "False", "ScalingDisabled",
                 "scaling is disabled since the replica count of the target is zero", self.clock)
            return _status(current, 0, None, conds, old)
        statuses = None
        if current > high:
            desired, reason = high, "Current number of replicas above Spec.MaxReplicas"
        elif current < low:
            desired, reason = low, "Current number of replicas below Spec.MinReplicas"
        else:
            proposal, metric, statuses, error = self._compute_for_metrics(hpa, target, current, conds)
            if proposal == -1:
                self._event(hpa, "Warning", "FailedComputeMetricsReplicas", error)
                return _status(current, old.get("desiredReplicas", 0), statuses, conds, old)
            desired = max(proposal, 0)
            reason = (f"{metric} above target" if desired > current
                      else "All metrics below target" if desired < current else "")
            behavior = spec.get("behavior")
            out = (calc.normalize_with_behavior(history, current, desired, low, high, behavior, self.clock.now)
                   if behavior else calc.normalize(history, current, desired, low, high, self.clock.now))
            _set(conds, "AbleToScale", "True", out.able_reason, out.able_message, self.clock)
            _set(conds, "ScalingLimited", "True" if out.limited else "False", out.limited_reason,
                 out.limited_message, self.clock)
            desired = out.replicas
        if desired == current:
            return _status(current, current, statuses, conds, old)
        self._rescale(target, desired)
        calc.store_scale_event(history, spec.get("behavior"), current, desired, self.clock.now)
        _set(conds, "AbleToScale", "True", "SucceededRescale",
             f"the HPA controller was able to update the target scale to {desired}", self.clock)
        self._event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}")
        return _status(current, desired, statuses, conds, old, scaled_at=self.clock.timestamp())

    def _compute_for_metrics(self, hpa: Obj, target: Obj, current: int, conds: list
                             ) -> tuple[int, str, list, str]:
        """computeReplicasForMetrics: the largest proposal; -1 when every metric failed
        (or some failed and the others would scale down)."""
        metrics = hpa["spec"].get("metrics") or []
        statuses: list[Obj] = [{"type": ""} for _ in metrics]
        replicas, name, invalid, first, first_cond = 0, "", 0, "", None
        for i, m in enumerate(metrics):
            try:
                proposal, metric, statuses[i] = self._resource_metric(hpa, target, m, current)
            except _Failed as f:
                self._event(hpa, "Warning", f.reason, f.error)
                if invalid == 0:
                    first = f.prefix + f.error
                    first_cond = ("ScalingActive", "False", f.reason,
                                  f"the HPA was unable to compute the replica count: {f.error}")
                invalid += 1
                continue
            if replicas == 0 or proposal > replicas:
                replicas, name = proposal, metric
        error = f"invalid metrics ({invalid} invalid out of {len(metrics)}), first error is: {first}" if invalid else ""
        if invalid >= len(metrics) or (invalid and replicas < current):
            if first_cond is not None:
                _set(conds, *first_cond, self.clock)
            return -1, "", statuses, error
        _set(conds, "ScalingActive", "True", "ValidMetricFound",
             f"the HPA was able to successfully calculate a replica count from {name}", self.clock)
        return replicas, name, statuses, error

    def _resource_metric(self, hpa: Obj, target: Obj, m: Obj, current: int) -> tuple[int, str, Obj]:
        """computeStatusForResourceMetric: (proposal, metric name, MetricStatus), or _Failed."""
        if m.get("type") != "Resource":
            raise _Failed(*metric_failure(m))
        src = m.get("resource") or {}
        res, goal = src.get("name", ""), src.get("target") or {}
        raw = goal.get("averageValue") is not None
        what = "" if raw else f"failed to get {res} utilization: "
        prefix = f"failed to get {res} resource metric value: "
        ns = hpa["metadata"]["namespace"]
        selector = selectors.from_label_selector(target["spec"].get("selector"))
        try:
            items = self.api.metrics.list_pods(ns, str(selector))
        except ApiError as err:
            raise _Failed("FailedGetResourceMetric", f"{what}unable to get metrics for resource {res}: unable to "
                          f"fetch metrics from resource metrics API: {err.message}", prefix)
        if not items:
            raise _Failed("FailedGetResourceMetric", f"{what}unable to get metrics for resource {res}: no metrics "
                          "returned from resource metrics API", prefix)
        usage = _pod_usage(items, res)
        pods = [_pod_info(p, res) for p in self.api.list("pods", ns, selector, copy=False)]
        if raw:
            per_pod = quantity.milli_value(quantity.parse_quantity(goal["averageValue"]))
            pods = [calc.PodInfo(**{**p.__dict__, "request": per_pod}) for p in pods]
            goal_pct = 100
        else:
            goal_pct = int(goal.get("averageUtilization") or 0)
        try:
            proposal, utilization, average = calc.resource_replicas(current, goal_pct, pods, usage, self.clock.now,
                                                                    cpu=res == "cpu")
        except calc.MetricError as err:
            raise _Failed("FailedGetResourceMetric",
                          f"failed to get {res} usage: {err}" if raw else f"{what}{err}", prefix)
        value = quantity.canonical(f"{average}m")
        if raw:
            return proposal, f"{res} resource", {"type": "Resource", "resource": {
                "name": res, "current": {"averageValue": value}}}
        return proposal, f"{res} resource utilization (percentage of request)", {"type": "Resource", "resource": {
            "name": res, "current": {"averageUtilization": utilization, "averageValue": value}}}

    def _rescale(self, target: Obj, desired: int) -> None:
        def scale(obj: Obj) -> None:
            obj["spec"]["replicas"] = desired
        self.api.mutate(target["kind"], target["metadata"]["name"], target["metadata"]["namespace"], scale)

    def _scale_target(self, hpa: Obj, ref: Obj) -> tuple[Obj | None, str]:
        """The object behind the scale subresource, or the error the scale client gives."""
        rt = resources.by_kind(ref.get("apiVersion", ""), ref.get("kind", "")) if ref.get("apiVersion") else None
        if rt is None:
            found = [r for r in resources.by_kind_any_version(ref.get("kind", ""))]
            rt = found[0] if found else None
        if rt is None or rt.kind not in SCALABLE:
            group = ref.get("apiVersion", "").split("/")[0] if "/" in ref.get("apiVersion", "") else ""
            return None, f'no matches for kind "{ref.get("kind", "")}" in group "{group}"'
        target = self.api.try_get(rt, ref.get("name", ""), hpa["metadata"]["namespace"])
        if target is None:
            return None, f'{rt.group_resource} "{ref.get("name", "")}" not found'
        return target, ""

    def _event(self, hpa: Obj, etype: str, reason: str, message: str) -> None:
        self.recorder.event(hpa, etype, reason, message, component="horizontal-pod-autoscaler")


class _Failed(Exception):
    """One metric that could not be computed: (event reason, error, the prefix
    computeReplicasForMetric adds to it)."""

    def __init__(self, reason: str, error: str, prefix: str):
        super().__init__(error)
        self.reason, self.error, self.prefix = reason, error, prefix


def _pod_usage(items: list[Obj], res: str) -> dict[str, calc.PodMetric]:
    """The metrics client's getPodMetrics: each pod's containers summed (milli);
    a pod missing the resource for a container is left out."""
    out = {}
    for m in items:
        total, missing = 0, not m.get("containers")
        for c in m.get("containers") or []:
            q = (c.get("usage") or {}).get(res)
            if q is None:
                missing = True
                break
            total += quantity.milli_value(quantity.parse_quantity(q))
        if not missing:
            out[m["metadata"]["name"]] = calc.PodMetric(total, parse_timestamp(m["timestamp"]),
                                                        _seconds(m.get("window", "0s")))
    return out


def _seconds(duration: str) -> float:
    import re
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[u]
               for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration))


def _pod_info(pod: Obj, res: str) -> calc.PodInfo:
    status = pod.get("status") or {}
    ready = next((c for c in status.get("conditions") or [] if c.get("type") == "Ready"), None)
    # calculateRequests: the containers and the restartable (sidecar) init containers
    request, unrequested = 0, ""
    sidecars = [c for c in pod["spec"].get("initContainers") or [] if c.get("restartPolicy") == "Always"]
    for c in [*(pod["spec"].get("containers") or []), *sidecars]:
        q = ((c.get("resources") or {}).get("requests") or {}).get(res)
        amount = quantity.milli_value(quantity.parse_quantity(q)) if q is not None else 0
        if amount == 0:
            unrequested = c.get("name", "")
            break
        request += amount
    start = status.get("startTime")
    return calc.PodInfo(pod["metadata"]["name"], status.get("phase", "Pending"),
                        bool(pod["metadata"].get("deletionTimestamp")),
                        parse_timestamp(start) if start else None,
                        None if ready is None else ready.get("status") == "True",
                        parse_timestamp(ready["lastTransitionTime"]) if ready and ready.get("lastTransitionTime") else 0.0,
                        request, unrequested)


def _set(conds: list[Obj], ctype: str, status: str, reason: str, message: str, clock) -> None:
    """setCondition: the transition time moves only when the status changes."""
    for c in conds:
        if c["type"] == ctype:
            if c["status"] != status:
                c["lastTransitionTime"] = clock.timestamp()
            c.update(status=status, reason=reason, message=message)
            return
    conds.append({"type": ctype, "status": status, "lastTransitionTime": clock.timestamp(),
                  "reason": reason, "message": message})


def _status(current: int, desired: int, metrics: list | None, conds: list[Obj], old: Obj,
            scaled_at: str | None = None) -> Obj:
    """setStatus: currentMetrics as computed (null when not), lastScaleTime kept or
    renewed; shaped as autoscaling/v2 serializes it (api.autoscaling.v2_status)."""
    out: Obj = {"currentReplicas": current, "desiredReplicas": desired, "currentMetrics": metrics}
    if scaled_at or old.get("lastScaleTime"):
        out["lastScaleTime"] = scaled_at or old["lastScaleTime"]
    if conds:
        out["conditions"] = conds
    return v2_status(out)
