"""``kubectl describe deployment|replicaset|daemonset|statefulset`` (describe.go; a
StatefulSet with describeVolumeClaimTemplates)."""
from __future__ import annotations

from kubelab.api.meta import Obj

from ..columns import format_label_selector, format_labels
from .pods import conditions_table, pod_phase_counts, pod_template
from .writer import (Related, Writer, annotations_multiline, controller_of, describe_events,
                     labels_multiline, meta_of, render, rfc1123z, selector_string)


def _rs_summary(rss: list[Obj]) -> str:
    text = ", ".join(f"{meta_of(rs).get('name', '')} ({int((rs.get('status') or {}).get('replicas') or 0)}/"
                     f"{int((rs.get('spec') or {}).get('replicas') or 0)} replicas created)" for rs in rss)
    return text or "<none>"


def describe_deployment(d: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(d), d.get("spec") or {}, d.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{int(spec.get('replicas') or 0)} desired | {int(status.get('updatedReplicas') or 0)} updated | "
               f"{int(status.get('replicas') or 0)} total | {int(status.get('availableReplicas') or 0)} available | "
               f"{int(status.get('unavailableReplicas') or 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{int(spec.get('minReadySeconds') or 0)}\n")
    if strategy.get("rollingUpdate") is not None:
        ru = strategy["rollingUpdate"]
        w.write(0, f"RollingUpdateStrategy:\t{ru.get('maxUnavailable', '')} max unavailable, "
                   f"{ru.get('maxSurge', '')} max surge\n")
    pod_template(w, spec.get("template"))
    conditions_table(w, status.get("conditions"))
    old, new = related.replica_sets(d)
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_rs_summary(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_summary([new] if new else [])}\n")
    describe_events(w, events, now)
    return render(w)


def describe_replicaset(rs: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(rs), rs.get("spec") or {}, rs.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    if controller_of(rs):
        w.write(0, f"Controlled By:\t{controller_of(rs)}\n")
    w.write(0, f"Replicas:\t{int(status.get('replicas') or 0)} current / {int(spec.get('replicas') or 0)} desired\n")
    w.write(0, "Pods Status:\t")
    w.write(0, pod_phase_counts(related.pods(rs)) + "\n")
    pod_template(w, spec.get("template"))
    conditions_table(w, status.get("conditions"))
    describe_events(w, events, now)
    return render(w)


def describe_daemonset(ds: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(ds), ds.get("spec") or {}, ds.get("status") or {}
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    for title, key in (("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
                       ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
                       ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
                       ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
                       ("Number of Nodes Misscheduled", "numberMisscheduled")):
        w.write(0, f"{title}: {int(status.get(key) or 0)}\n")
    w.write(0, f"Pods Status:\t{pod_phase_counts(related.pods(ds))}\n")
    pod_template(w, spec.get("template"))
    describe_events(w, events, now)
    return render(w)


def _claim_templates(w: Writer, templates: list[Obj] | None) -> None:
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
        labels_multiline(w, "Labels", md.get("labels"), indent="  ")
        labels_multiline(w, "Annotations", md.get("annotations"), indent="  ")
        capacity = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        w.write(1, f"Capacity:\t{capacity if capacity is not None else '<default>'}\n")
        w.write(1, f"Access Modes:\t[{' '.join(spec.get('accessModes') or [])}]\n")


def describe_statefulset(sts: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(sts), sts.get("spec") or {}, sts.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{int(spec.get('replicas') or 0)} desired | {int(status.get('replicas') or 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.write(1, f"Partition:\t{ru['partition']}\n")
        if ru.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{ru['maxUnavailable']}\n")
    w.write(0, f"Pods Status:\t{pod_phase_counts(related.pods(sts))}\n")
    pod_template(w, spec.get("template"))
    _claim_templates(w, spec.get("volumeClaimTemplates"))
    describe_events(w, events, now)
    return render(w)
