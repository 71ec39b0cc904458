"""``kubectl describe statefulset|hpa``: describeStatefulSet (with
describeVolumeClaimTemplates) and describeHorizontalPodAutoscalerV2 of
k8s.io/kubectl/pkg/describe/describe.go (v0.32.4), on the helpers of :mod:`.describe`.

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

from .describe import (DESCRIBERS, Obj, Related, _annotations_multiline, _labels_multiline, _meta,
                       _pod_phase_counts, _pod_template, _render, _selector, _Writer, describe_events, rfc1123z)

__all__ = ["describe_statefulset", "describe_hpa"]


def _claim_templates(w: _Writer, templates: list[Obj] | None) -> None:
    """describeVolumeClaimTemplates."""
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for pvc in templates:
        md, spec = pvc.get("metadata") or {}, pvc.get("spec") or {}
        storage_class = spec.get("storageClassName") or \
            (md.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class", "")
        w.write(1, f"Name:\t{md.get('name', '')}\n")
        w.write(1, f"StorageClass:\t{storage_class}\n")
        _labels_multiline(w, "Labels", md.get("labels"), indent="  ")
        _labels_multiline(w, "Annotations", md.get("annotations"), indent="  ")
        capacity = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        w.write(1, f"Capacity:\t{capacity if capacity is not None else '<default>'}\n")
        w.write(1, f"Access Modes:\t[{' '.join(spec.get('accessModes') or [])}]\n")


def describe_statefulset(sts: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec, status = _meta(sts), sts.get("spec") or {}, sts.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Selector:\t{_selector(spec.get('selector'))}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{int(spec.get('replicas') or 0)} desired | {int(status.get('replicas') or 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.write(1, f"Partition:\t{ru['partition']}\n")
        if ru.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{ru['maxUnavailable']}\n")
    w.write(0, f"Pods Status:\t{_pod_phase_counts(related.pods(sts))}\n")
    _pod_template(w, spec.get("template"))
    _claim_templates(w, spec.get("volumeClaimTemplates"))
    describe_events(w, events, now)
    return _render(w)


def _metric_lines(w: _Writer, hpa: Obj) -> None:
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


def _behavior(w: _Writer, title: str, rules: Obj | None) -> None:
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
    w = _Writer()
    meta, spec, status = _meta(hpa), hpa.get("spec") or {}, hpa.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
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
    return _render(w)


DESCRIBERS["StatefulSet"] = describe_statefulset
DESCRIBERS["HorizontalPodAutoscaler"] = describe_hpa
