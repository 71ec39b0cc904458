"""The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/
horizontal.go, reconcileAutoscaler), in a cluster without metrics-server.

Every 15 s (``--horizontal-pod-autoscaler-sync-period``) it reads the target's
scale.  Out of ``[minReplicas, maxReplicas]`` it rescales to the bound — that
needs no metrics.  Within the bounds it would ask the resource metrics API
(``metrics.k8s.io``) for the pods' CPU; the kit, like a fresh cluster without
metrics-server, has none, so the HPA says why it cannot compute a replica
count, as the real one does:

    Warning  FailedGetResourceMetric       failed to get cpu utilization: unable to get metrics for resource
             cpu: unable to fetch metrics from resource metrics API: the server could not find the requested
             resource (get pods.metrics.k8s.io)
    Warning  FailedComputeMetricsReplicas  invalid metrics (1 invalid out of 1), first error is: failed to get
             cpu resource metric value: failed to get cpu utilization: ...

and its ``ScalingActive`` condition is False with reason ``FailedGetResourceMetric``.
"""
from __future__ import annotations

from ..api import resources
from ..api.meta import Obj
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

    def _on_hpa(self, etype: str, hpa: Obj, old: Obj | None) -> None:
        if etype == "ADDED" or (old is not None and old.get("spec") != hpa.get("spec")):
            self.enqueue(f"{hpa['metadata']['namespace']}/{hpa['metadata']['name']}")

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        hpa = self.api.try_get("horizontalpodautoscalers", name, ns)
        if hpa is None:
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
            return _status(old.get("currentReplicas", 0), old.get("desiredReplicas", 0), None, conds, old)
        _set(conds, "AbleToScale", "True", "SucceededGetScale",
             "the HPA controller was able to get the target's current scale", self.clock)
        current = int(target["spec"].get("replicas", 1))
        low, high = spec.get("minReplicas", 1), spec.get("maxReplicas", 1)
        if current == 0 and low != 0:
            _set(conds, "ScalingActive", "False", "ScalingDisabled",
                 "scaling is disabled since the replica count of the target is zero", self.clock)
            return _status(current, 0, None, conds, old)
        if current > high:
            return self._rescale(hpa, target, current, high, "Current number of replicas above Spec.MaxReplicas",
                                 conds, old)
        if current < low:
            return self._rescale(hpa, target, current, low, "Current number of replicas below Spec.MinReplicas",
                                 conds, old)
        # Within the bounds: the metrics decide, and there are none to read.
        metrics = spec.get("metrics") or []
        first = None
        for m in metrics:
            reason, error, prefix = metric_failure(m)
            self._event(hpa, "Warning", reason, error)
            if first is None:
                first = prefix + error
                _set(conds, "ScalingActive", "False", reason,
                     f"the HPA was unable to compute the replica count: {error}", self.clock)
        if first is not None:
            self._event(hpa, "Warning", "FailedComputeMetricsReplicas",
                        f"invalid metrics ({len(metrics)} invalid out of {len(metrics)}), first error is: {first}")
        return _status(current, old.get("desiredReplicas", 0), [{"type": ""} for _ in metrics], conds, old)

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

    def _rescale(self, hpa: Obj, target: Obj, current: int, desired: int, reason: str, conds: list, old: Obj) -> Obj:
        def scale(obj: Obj) -> None:
            obj["spec"]["replicas"] = desired
        self.api.mutate(target["kind"], target["metadata"]["name"], target["metadata"]["namespace"], scale)
        _set(conds, "AbleToScale", "True", "SucceededRescale",
             f"the HPA controller was able to update the target scale to {desired}", self.clock)
        self._event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}")
        return _status(current, desired, None, conds, old, scaled_at=self.clock.timestamp())

    def _event(self, hpa: Obj, etype: str, reason: str, message: str) -> None:
        self.recorder.event(hpa, etype, reason, message, component="horizontal-pod-autoscaler")


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
    """setStatus: currentMetrics only when computed; lastScaleTime kept or renewed."""
    out: Obj = {}
    if metrics is not None:
        out["currentMetrics"] = metrics
    out["currentReplicas"] = current
    out["desiredReplicas"] = desired
    if scaled_at or old.get("lastScaleTime"):
        out["lastScaleTime"] = scaled_at or old["lastScaleTime"]
    if conds:
        out["conditions"] = conds
    return out
