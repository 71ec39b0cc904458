"""HorizontalPodAutoscaler in the apiserver: autoscaling/v1 converted to the
stored autoscaling/v2, defaulted and validated (pkg/apis/autoscaling/v1/
conversion.go, v2/defaults.go, validation/validation.go).

autoscaling/v1 has one target, ``targetCPUUtilizationPercentage``; v2 a list of
``metrics``.  The apiserver stores v2 and serves both; kubectl reads the
preferred version, v2, so a v1 manifest reads back as v2:

>>> hpa = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "a"},
...        "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "a"}, "maxReplicas": 5,
...                 "targetCPUUtilizationPercentage": 50}}
>>> convert_v1(hpa); default(hpa)
>>> hpa["apiVersion"], hpa["spec"]["minReplicas"], hpa["spec"]["metrics"][0]["resource"]["target"]
('autoscaling/v2', 1, {'type': 'Utilization', 'averageUtilization': 50})
"""
from __future__ import annotations

import json

from .meta import Obj

DEFAULT_CPU_UTILIZATION = 80


def cpu_metric(utilization: int) -> Obj:
    return {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                      "averageUtilization": utilization}}}


#: The annotations that carry what autoscaling/v1 has no field for
#: (pkg/apis/autoscaling/annotations.go).
METRICS_ANNOTATION = "autoscaling.alpha.kubernetes.io/metrics"
CURRENT_METRICS_ANNOTATION = "autoscaling.alpha.kubernetes.io/current-metrics"
CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions"
BEHAVIOR_ANNOTATION = "autoscaling.alpha.kubernetes.io/behavior"
ROUND_TRIP = (METRICS_ANNOTATION, BEHAVIOR_ANNOTATION, CURRENT_METRICS_ANNOTATION, CONDITIONS_ANNOTATION)


def _go_json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _is_cpu_utilization(metric: Obj) -> bool:
    res = metric.get("resource") or {}
    return (metric.get("type") == "Resource" and res.get("name") == "cpu"
            and (res.get("target") or {}).get("averageUtilization") is not None)


def _drop(d: Obj, *keys: str) -> Obj:
    return {k: v for k, v in d.items() if k not in keys and v is not None}


# --------------------------------------------------------------- v2 -> v1
def _metric_v1(m: Obj) -> Obj:
    """Convert_autoscaling_MetricSpec_To_v1_MetricSpec (v1's MetricSpec is v2beta1's shape)."""
    kind, out = m.get("type"), {"type": m.get("type")}
    if kind in ("Resource", "ContainerResource") and m.get(_field(kind)):
        src = m[_field(kind)]
        target = src.get("target") or {}
        conv = {"name": src.get("name")}
        conv.update(_drop({"targetAverageUtilization": target.get("averageUtilization"),
                           "targetAverageValue": target.get("averageValue")}))
        if kind == "ContainerResource":
            conv["container"] = src.get("container", "")
        out[_field(kind)] = conv
    elif kind == "Pods" and m.get("pods"):
        src, target = m["pods"], (m["pods"].get("target") or {})
        metric = src.get("metric") or {}
        out["pods"] = {"metricName": metric.get("name", ""), "targetAverageValue": target.get("averageValue") or "0",
                       **_drop({"selector": metric.get("selector")})}
    elif kind == "Object" and m.get("object"):
        src, target = m["object"], (m["object"].get("target") or {})
        metric, ref = src.get("metric") or {}, src.get("describedObject") or {}
        out["object"] = {"target": _drop({"kind": ref.get("kind", ""), "name": ref.get("name", ""),
                                          "apiVersion": ref.get("apiVersion") or None}),
                         "metricName": metric.get("name", ""), "targetValue": target.get("value") or "0",
                         **_drop({"selector": metric.get("selector"), "averageValue": target.get("averageValue")})}
    elif kind == "External" and m.get("external"):
        src, target = m["external"], (m["external"].get("target") or {})
        metric = src.get("metric") or {}
        out["external"] = {"metricName": metric.get("name", ""),
                           **_drop({"metricSelector": metric.get("selector"), "targetValue": target.get("value"),
                                    "targetAverageValue": target.get("averageValue")})}
    return out


def _field(kind: str) -> str:
    """The member of a MetricSpec that its type names (``ContainerResource`` -> ``containerResource``)."""
    return kind[:1].lower() + kind[1:]


def _metric_status_v1(m: Obj) -> Obj:
    """Convert_autoscaling_MetricStatus_To_v1_MetricStatus."""
    kind, out = m.get("type"), {"type": m.get("type")}
    src = m.get(_field(kind or "")) or None
    if src is None:
        return out
    current = src.get("current") or {}
    metric = src.get("metric") or {}
    if kind in ("Resource", "ContainerResource"):
        conv = {"name": src.get("name"), **_drop({"currentAverageUtilization": current.get("averageUtilization")}),
                "currentAverageValue": current.get("averageValue") or "0"}
        if kind == "ContainerResource":
            conv["container"] = src.get("container", "")
    elif kind == "Pods":
        conv = {"metricName": metric.get("name", ""), "currentAverageValue": current.get("averageValue") or "0",
                **_drop({"selector": metric.get("selector")})}
    elif kind == "Object":
        ref = src.get("describedObject") or {}
        conv = {"target": _drop({"kind": ref.get("kind", ""), "name": ref.get("name", ""),
                                 "apiVersion": ref.get("apiVersion") or None}),
                "metricName": metric.get("name", ""), "currentValue": current.get("value") or "0",
                **_drop({"selector": metric.get("selector"), "averageValue": current.get("averageValue")})}
    elif kind == "External":
        conv = {"metricName": metric.get("name", ""), **_drop({"metricSelector": metric.get("selector")}),
                "currentValue": current.get("value") or "0",
                **_drop({"currentAverageValue": current.get("averageValue")})}
    else:
        return out
    out[_field(kind)] = conv
    return out


def _behavior_internal(behavior: Obj) -> Obj:
    """The internal type as encoding/json writes it: Go's field names, no tags
    (conversion.go marshals the internal HorizontalPodAutoscalerBehavior)."""
    def rules(r: Obj | None) -> Obj | None:
        if r is None:
            return None
        policies = r.get("policies")
        return {"StabilizationWindowSeconds": r.get("stabilizationWindowSeconds"),
                "SelectPolicy": r.get("selectPolicy"),
                "Policies": None if policies is None else [
                    {"Type": p.get("type", ""), "Value": p.get("value", 0), "PeriodSeconds": p.get("periodSeconds", 0)}
                    for p in policies]}
    return {"ScaleUp": rules(behavior.get("scaleUp")), "ScaleDown": rules(behavior.get("scaleDown"))}


def to_v1(obj: Obj) -> Obj:
    """The autoscaling/v1 view of a stored (v2) HorizontalPodAutoscaler
    (Convert_autoscaling_HorizontalPodAutoscaler_To_v1_HorizontalPodAutoscaler):
    what v1 has no field for goes into the ``autoscaling.alpha.kubernetes.io/*``
    annotations.

    >>> hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "a"},
    ...        "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "a"}, "minReplicas": 1, "maxReplicas": 5,
    ...                 "metrics": [cpu_metric(50), {"type": "Resource", "resource": {"name": "memory",
    ...                             "target": {"type": "AverageValue", "averageValue": "100Mi"}}}]}}
    >>> v1 = to_v1(hpa)
    >>> v1["spec"]["targetCPUUtilizationPercentage"], v1["metadata"]["annotations"][METRICS_ANNOTATION]
    (50, '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]')
    >>> v1["status"]
    {'currentReplicas': 0, 'desiredReplicas': 0}
    """
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    md = dict(obj.get("metadata") or {})
    annotations = {k: v for k, v in (md.get("annotations") or {}).items() if k not in ROUND_TRIP}
    metrics = spec.get("metrics") or []
    other = [_metric_v1(m) for m in metrics if not _is_cpu_utilization(m)]
    if other:
        annotations[METRICS_ANNOTATION] = _go_json(other)
    if status.get("currentMetrics"):
        annotations[CURRENT_METRICS_ANNOTATION] = _go_json([_metric_status_v1(m) for m in status["currentMetrics"]])
    if spec.get("behavior") is not None:
        annotations[BEHAVIOR_ANNOTATION] = _go_json(_behavior_internal(spec["behavior"]))
    if status.get("conditions"):
        annotations[CONDITIONS_ANNOTATION] = _go_json(
            [{"type": c.get("type"), "status": c.get("status"), "lastTransitionTime": c.get("lastTransitionTime"),
              **_drop({"reason": c.get("reason") or None, "message": c.get("message") or None})}
             for c in status["conditions"]])
    if annotations:
        md["annotations"] = dict(sorted(annotations.items()))
    else:
        md.pop("annotations", None)
    v1_spec: Obj = {"scaleTargetRef": spec.get("scaleTargetRef") or {}}
    if spec.get("minReplicas") is not None:
        v1_spec["minReplicas"] = spec["minReplicas"]
    v1_spec["maxReplicas"] = spec.get("maxReplicas", 0)
    cpu = next((m for m in metrics if _is_cpu_utilization(m)), None)
    if cpu is not None:
        v1_spec["targetCPUUtilizationPercentage"] = cpu["resource"]["target"]["averageUtilization"]
    v1_status: Obj = _drop({"observedGeneration": status.get("observedGeneration"),
                            "lastScaleTime": status.get("lastScaleTime")})
    v1_status["currentReplicas"] = status.get("currentReplicas", 0)
    v1_status["desiredReplicas"] = status.get("desiredReplicas", 0)
    for m in status.get("currentMetrics") or []:
        res = m.get("resource") or {}
        if m.get("type") == "Resource" and res.get("name") == "cpu" and \
                (res.get("current") or {}).get("averageUtilization") is not None:
            v1_status["currentCPUUtilizationPercentage"] = res["current"]["averageUtilization"]
    return {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": md,
            "spec": v1_spec, "status": v1_status}


def as_version(obj: Obj, api_version: str | None) -> Obj:
    """An answer as the apiserver gives it to a request in ``api_version``: it
    converts the stored object to the request's version (a v1 manifest applied
    reads back as v1)."""
    if (api_version == "autoscaling/v1" and obj.get("kind") == "HorizontalPodAutoscaler"
            and obj.get("apiVersion") == "autoscaling/v2"):
        return to_v1(obj)
    return obj


# --------------------------------------------------------------- v1 -> v2
def _metric_v2(m: Obj) -> Obj:
    """Convert_v1_MetricSpec_To_autoscaling_MetricSpec."""
    kind, out = m.get("type"), {"type": m.get("type")}
    src = m.get(_field(kind or "")) if kind else None
    if not isinstance(src, dict):
        return out
    if kind in ("Resource", "ContainerResource"):
        util, value = src.get("targetAverageUtilization"), src.get("targetAverageValue")
        target = {"type": "AverageValue" if util is None else "Utilization",
                  **_drop({"averageValue": value, "averageUtilization": util})}
        conv = {"name": src.get("name"), "target": target}
        if kind == "ContainerResource":
            conv["container"] = src.get("container", "")
    elif kind == "Pods":
        conv = {"metric": {"name": src.get("metricName", ""), **_drop({"selector": src.get("selector")})},
                "target": {"type": "AverageValue", "averageValue": src.get("targetAverageValue") or "0"}}
    elif kind == "Object":
        ref = src.get("target") or {}
        conv = {"describedObject": _drop({"kind": ref.get("kind", ""), "name": ref.get("name", ""),
                                          "apiVersion": ref.get("apiVersion") or None}),
                "target": {"type": "Value" if src.get("averageValue") is None else "AverageValue",
                           "value": src.get("targetValue") or "0", **_drop({"averageValue": src.get("averageValue")})},
                "metric": {"name": src.get("metricName", ""), **_drop({"selector": src.get("selector")})}}
    elif kind == "External":
        value = src.get("targetValue")
        conv = {"metric": {"name": src.get("metricName", ""), **_drop({"selector": src.get("metricSelector")})},
                "target": {"type": "AverageValue" if value is None else "Value",
                           **_drop({"value": value, "averageValue": src.get("targetAverageValue")})}}
    else:
        return out
    out[_field(kind)] = conv
    return out


def _behavior_v2(text: str) -> Obj | None:
    try:
        internal = json.loads(text)
    except ValueError:
        return None
    if not isinstance(internal, dict):
        return None

    def rules(r: object) -> Obj | None:
        if not isinstance(r, dict):
            return None
        out = _drop({"stabilizationWindowSeconds": r.get("StabilizationWindowSeconds"),
                     "selectPolicy": r.get("SelectPolicy")})
        if r.get("Policies") is not None:
            out["policies"] = [{"type": p.get("Type", ""), "value": p.get("Value", 0),
                                "periodSeconds": p.get("PeriodSeconds", 0)} for p in r["Policies"]]
        return out
    behavior = _drop({"scaleUp": rules(internal.get("ScaleUp")), "scaleDown": rules(internal.get("ScaleDown"))})
    return behavior or None


def convert_v1(obj: Obj) -> None:
    """Convert_v1_HorizontalPodAutoscaler_To_autoscaling, then to v2 (in place):
    the CPU target becomes a metric, the round-trip annotations give back what v1
    could not say, and are dropped."""
    if obj.get("kind") != "HorizontalPodAutoscaler" or obj.get("apiVersion") != "autoscaling/v1":
        return
    obj["apiVersion"] = "autoscaling/v2"
    spec = obj.get("spec")
    md = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    annotations = md.get("annotations") if isinstance(md.get("annotations"), dict) else {}
    if isinstance(spec, dict):
        target = spec.pop("targetCPUUtilizationPercentage", None)
        metrics = [cpu_metric(target)] if target is not None else []
        other = _json_list(annotations.get(METRICS_ANNOTATION))
        if other is not None:
            metrics = [_metric_v2(m) for m in other if isinstance(m, dict)] + metrics[:1]
        if metrics:
            spec["metrics"] = metrics
        if BEHAVIOR_ANNOTATION in annotations:
            behavior = _behavior_v2(annotations[BEHAVIOR_ANNOTATION])
            if behavior is not None:
                spec["behavior"] = behavior
    status = obj.get("status")
    if isinstance(status, dict):
        cpu = status.pop("currentCPUUtilizationPercentage", None)
        if cpu is not None:
            status["currentMetrics"] = [{"type": "Resource", "resource": {
                "name": "cpu", "current": {"averageUtilization": cpu}}}]
    if any(k in annotations for k in ROUND_TRIP):
        kept = {k: v for k, v in annotations.items() if k not in ROUND_TRIP}
        if kept:
            md["annotations"] = kept
        else:
            md.pop("annotations", None)


def _json_list(text: object) -> list | None:
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list) else None


def _scale_up(rules: Obj | None) -> Obj:
    """GenerateHPAScaleUpRules: at most 4 pods or 100% more every 15 s, no window."""
    rules = dict(rules or {})
    rules.setdefault("stabilizationWindowSeconds", 0)
    rules.setdefault("selectPolicy", "Max")
    rules.setdefault("policies", [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                  {"type": "Percent", "value": 100, "periodSeconds": 15}])
    return rules


def _scale_down(rules: Obj | None) -> Obj:
    """GenerateHPAScaleDownRules: down by up to 100% every 15 s after a 300 s window."""
    rules = dict(rules or {})
    rules.setdefault("stabilizationWindowSeconds", 300)
    rules.setdefault("selectPolicy", "Max")
    rules.setdefault("policies", [{"type": "Percent", "value": 100, "periodSeconds": 15}])
    return rules


def default(obj: Obj) -> None:
    """SetDefaults_HorizontalPodAutoscaler (v2): minReplicas 1, CPU at 80% when no
    metric is named, behavior's missing rules filled when behavior is given."""
    spec = obj.setdefault("spec", {})
    if spec.get("minReplicas") is None:
        spec["minReplicas"] = 1
    if not spec.get("metrics"):
        spec["metrics"] = [cpu_metric(DEFAULT_CPU_UTILIZATION)]
    behavior = spec.get("behavior")
    if isinstance(behavior, dict):
        behavior["scaleUp"] = _scale_up(behavior.get("scaleUp"))
        behavior["scaleDown"] = _scale_down(behavior.get("scaleDown"))
    obj["status"] = v2_status(obj.get("status") if isinstance(obj.get("status"), dict) else {})


def v2_status(status: Obj) -> Obj:
    """A status as autoscaling/v2 serializes it: ``desiredReplicas`` and ``currentMetrics``
    always (no omitempty: a fresh HPA reads ``currentMetrics: null``, ``desiredReplicas:
    0``, what hpaStrategy.PrepareForCreate's empty status gives), ``currentReplicas`` only
    when not 0, in the type's field order.

    >>> v2_status({})
    {'desiredReplicas': 0, 'currentMetrics': None}
    >>> v2_status({"currentReplicas": 0, "desiredReplicas": 0})     # what `kubectl autoscale` sends
    {'desiredReplicas': 0, 'currentMetrics': None}
    """
    out = {k: status[k] for k in ("observedGeneration", "lastScaleTime") if status.get(k) is not None}
    if status.get("currentReplicas"):
        out["currentReplicas"] = status["currentReplicas"]
    out["desiredReplicas"] = status.get("desiredReplicas") or 0
    out["currentMetrics"] = status.get("currentMetrics")
    out.update((k, v) for k, v in status.items() if k not in out and k not in ("currentReplicas", "desiredReplicas", "currentMetrics") and v is not None)
    return out


def validate(obj: Obj) -> list[tuple[str, str]]:
    """ValidateHorizontalPodAutoscalerSpec: the checks a learner meets, as
    (field, message) causes."""
    spec = obj.get("spec") or {}
    out: list[tuple[str, str]] = []
    ref = spec.get("scaleTargetRef") or {}
    if not ref.get("kind"):
        out.append(("spec.scaleTargetRef.kind", "Required value"))
    if not ref.get("name"):
        out.append(("spec.scaleTargetRef.name", "Required value"))
    low, high = spec.get("minReplicas"), spec.get("maxReplicas", 0)
    if low is not None and low < 1:
        out.append(("spec.minReplicas", f"Invalid value: {low}: must be greater than or equal to 1"))
    if high < 1:
        out.append(("spec.maxReplicas", f"Invalid value: {high}: must be greater than 0"))
    if low is not None and high < low:
        out.append(("spec.maxReplicas", f"Invalid value: {high}: must be greater than or equal to `minReplicas`"))
    for i, m in enumerate(spec.get("metrics") or []):
        target = ((m.get("resource") or {}).get("target") or {}) if m.get("type") == "Resource" else {}
        util = target.get("averageUtilization")
        if util is not None and util < 1:
            out.append((f"spec.metrics[{i}].resource.target.averageUtilization",
                        f"Invalid value: {util}: must be greater than 0"))
    return out
