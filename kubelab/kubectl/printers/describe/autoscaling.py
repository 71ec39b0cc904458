"""``kubectl describe hpa``: describeHorizontalPodAutoscalerV2 of
k8s.io/kubectl/pkg/describe/describe.go (v0.32.4).

>>> hpa = {"kind": "HorizontalPodAutoscaler", "metadata": {"name": "php-apache", "namespace": "default",
...        "creationTimestamp": "2025-01-06T09:00:00Z"},
...        "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "php-apache"}, "minReplicas": 1,
...                 "maxReplicas": 10, "metrics": [{"type": "Resource", "resource": {"name": "cpu",
...                 "target": {"type": "Utilization", "averageUtilization": 50}}}]},
...        "status": {"currentReplicas": 1, "desiredReplicas": 0}}
>>> print(describe_hpa(hpa, None, 0.0, Related()), end="")
Name:                                                  php-apache
Namespace:                                             default
Labels:                                                <none>
Annotations:                                           <none>
CreationTimestamp:                                     Mon, 06 Jan 2025 09:00:00 +0000
Reference:                                             Deployment/php-apache
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  <unknown> / 50%
Min replicas:                                          1
Max replicas:                                          10
Deployment pods:                                       1 current / 0 desired
"""
from __future__ import annotations

from kubelab.api.meta import Obj

from .writer import (Related, Writer, annotations_multiline, describe_events, labels_multiline, meta_of, render,
                     rfc1123z)


def _metric_lines(w: Writer, hpa: Obj) -> None:
    """The Metrics: block, one line per metric (current from status.currentMetrics)."""
    current_metrics = (hpa.get("status") or {}).get("currentMetrics") or []
    for i, m in enumerate((hpa.get("spec") or {}).get("metrics") or []):
        cur = current_metrics[i] if i < len(current_metrics) else {}
        kind = m.get("type")
        if kind in ("Resource", "ContainerResource"):
            key = "resource" if kind == "Resource" else "containerResource"
            src = m.get(key) or {}
            now_ = ((cur or {}).get(key) or {}).get("current") if (cur or {}).get(key) else None
            target = src.get("target") or {}
            head = f"resource {src.get('name', '')} on pods" if kind == "Resource" else \
                f"resource {src.get('name', '')} of container \"{src.get('container', '')}\" on pods"
            w.write(1, head)
            if target.get("averageValue") is not None:
                current = str(now_["averageValue"]) if now_ and "averageValue" in now_ else "<unknown>"
                w.write(0, f":\t{current} / {target['averageValue']}\n")
            else:
                current = "<unknown>"
                if now_ and now_.get("averageUtilization") is not None:
                    current = f"{now_['averageUtilization']}% ({now_.get('averageValue', '0')})"
                goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                w.write(1, f"(as a percentage of request):\t{current} / {goal}\n")
        elif kind == "Pods":
            src = m.get("pods") or {}
            w.write(1, f"\"{(src.get('metric') or {}).get('name', '')}\" on pods:\t<unknown> / "
                       f"{(src.get('target') or {}).get('averageValue', '')}\n")
        else:
            w.write(1, f"<unknown metric type {kind!r}>\n")


def _behavior(w: Writer, title: str, rules: Obj | None) -> None:
    """printDirectionBehavior."""
    if rules is None:
        return
    w.write(1, f"{title}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
    if rules.get("policies"):
        w.write(2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
        w.write(2, "Policies:\n")
        for p in rules["policies"]:
            w.write(3, f"- Type: {p.get('type', '')}\tValue: {p.get('value', 0)}\tPeriod: {p.get('periodSeconds', 0)} seconds\n")


def describe_hpa(hpa: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(hpa), hpa.get("spec") or {}, hpa.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    _metric_lines(w, hpa)
    low = spec.get("minReplicas")
    w.write(0, f"Min replicas:\t{'<unset>' if low is None else low}\n")
    w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    if spec.get("behavior") is not None:
        w.write(0, "Behavior:\n")
        _behavior(w, "Scale Up", spec["behavior"].get("scaleUp"))
        _behavior(w, "Scale Down", spec["behavior"].get("scaleDown"))
    w.write(0, f"{ref.get('kind', '')} pods:\t{status.get('currentReplicas', 0)} current / "
               f"{status.get('desiredReplicas', 0)} desired\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type', '')}\t{c.get('status', '')}\t{c.get('reason', '')}\t{c.get('message', '')}\n")
    describe_events(w, events, now)
    return render(w)
