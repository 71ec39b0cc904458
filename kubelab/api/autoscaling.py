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

from .meta import Obj

DEFAULT_CPU_UTILIZATION = 80


def cpu_metric(utilization: int) -> Obj:
    return {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                      "averageUtilization": utilization}}}


def convert_v1(obj: Obj) -> None:
    """Convert_v1_HorizontalPodAutoscaler_To_autoscaling, then to v2 (in place)."""
    if obj.get("kind") != "HorizontalPodAutoscaler" or obj.get("apiVersion") != "autoscaling/v1":
        return
    obj["apiVersion"] = "autoscaling/v2"
    spec = obj.get("spec")
    if isinstance(spec, dict) and "targetCPUUtilizationPercentage" in spec:
        target = spec.pop("targetCPUUtilizationPercentage")
        if target is not None:
            spec["metrics"] = [cpu_metric(target)]
    status = obj.get("status")
    if isinstance(status, dict):
        status.pop("currentCPUUtilizationPercentage", None)


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
