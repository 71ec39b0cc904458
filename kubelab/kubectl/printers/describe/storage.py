"""``kubectl describe persistentvolume|persistentvolumeclaim|storageclass`` (describe.go)."""
from __future__ import annotations

from kubelab.api.meta import Obj
from kubelab.clock import parse_timestamp

from ..age import human_duration
from ..columns import access_modes
from .writer import (Related, Writer, annotations_multiline, describe_events, go_bool,
                     labels_multiline, meta_of, render, rfc1123z)


def _go_list(items: list | None) -> str:
    """fmt's %v of a []string: ``[a b]``."""
    return "[" + " ".join(items or []) + "]"


def _pv_source(w: Writer, spec: Obj) -> None:
    if spec.get("hostPath") is not None:
        hp = spec["hostPath"]
        w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                   f"    Path:\t{hp.get('path', '')}\n    HostPathType:\t{hp['type'] if 'type' in hp else '<none>'}\n")
    elif spec.get("nfs") is not None:
        nfs = spec["nfs"]
        w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
                   f"    Server:\t{nfs.get('server', '')}\n    Path:\t{nfs.get('path', '')}\n"
                   f"    ReadOnly:\t{go_bool(nfs.get('readOnly'))}\n")
    elif spec.get("local") is not None:
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
                   f"    Path:\t{spec['local'].get('path', '')}\n")
    else:
        w.write(1, "<unknown>\n")


def _volume_node_affinity(w: Writer, affinity: Obj | None) -> None:
    w.write(0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if required is None:
        w.line("<none>")
        return
    w.line("")
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.line("<none>")
        return
    w.line("")
    for i, term in enumerate(terms):
        w.write(2, f"Term {i}:\t")
        exprs = term.get("matchExpressions") or []
        if not exprs:
            w.line("<none>")
        for j, e in enumerate(exprs):
            if j:
                w.write(2, "\t")
            text = f"{e.get('key', '')} {str(e.get('operator', '')).lower()}"
            if e.get("values"):
                text += f" [{', '.join(e['values'])}]"
            w.write(0, text + "\n")


def _terminating(meta: Obj, now: float) -> str:
    return f"Terminating (lasts {human_duration(now - parse_timestamp(meta['deletionTimestamp']))})"


def describe_persistentvolume(pv: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(pv), pv.get("spec") or {}, pv.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_list(meta.get('finalizers'))}\n")
    sc = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class", spec.get("storageClassName") or "")
    w.write(0, f"StorageClass:\t{sc}\n")
    w.write(0, f"Status:\t{_terminating(meta, now) if meta.get('deletionTimestamp') else status.get('phase', '')}\n")
    ref = spec.get("claimRef")
    w.write(0, f"Claim:\t{ref.get('namespace', '') + '/' + ref.get('name', '') if ref else ''}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(0, f"Access Modes:\t{access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{(spec.get('capacity') or {}).get('storage', '0')}\n")
    _volume_node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{status.get('message', '')}\n")
    w.write(0, "Source:\n")
    _pv_source(w, spec)
    describe_events(w, events, now)
    return render(w)


def describe_persistentvolumeclaim(pvc: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec, status = meta_of(pvc), pvc.get("spec") or {}, pvc.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    sc = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class", spec.get("storageClassName") or "")
    w.write(0, f"StorageClass:\t{sc}\n")
    w.write(0, f"Status:\t{_terminating(meta, now) if meta.get('deletionTimestamp') else status.get('phase', '')}\n")
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_list(meta.get('finalizers'))}\n")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(status.get("accessModes"))
        capacity = str((status.get("capacity") or {}).get("storage", "0"))
    w.write(0, f"Capacity:\t{capacity}\n")
    w.write(0, f"Access Modes:\t{modes}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    pods = sorted(related.claim_pods(pvc), key=lambda p: p["metadata"]["name"])
    w.write(0, "Used By:\t")
    if not pods:
        w.line("<none>")
    for i, p in enumerate(pods):
        if i:
            w.write(0, "\t")
        w.write(0, p["metadata"]["name"] + "\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \t{rfc1123z(c.get('lastProbeTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    describe_events(w, events, now)
    return render(w)


def _format_map(m: dict | None) -> str:
    """labels.FormatLabels: ``k=v,k2=v2`` sorted, ``<none>`` when empty."""
    return ",".join(f"{k}={m[k]}" for k in sorted(m)) if m else "<none>"


def describe_storageclass(sc: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta = meta_of(sc)
    ann = meta.get("annotations") or {}
    is_default = (ann.get("storageclass.kubernetes.io/is-default-class") == "true"
                  or ann.get("storageclass.beta.kubernetes.io/is-default-class") == "true")
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"IsDefaultClass:\t{'Yes' if is_default else 'No'}\n")
    w.write(0, f"Annotations:\t{_format_map(ann)}\n")
    w.write(0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(0, f"Parameters:\t{_format_map(sc.get('parameters'))}\n")
    allow = sc.get("allowVolumeExpansion")
    w.write(0, f"AllowVolumeExpansion:\t{'<unset>' if allow is None else ('True' if allow else 'False')}\n")
    if not sc.get("mountOptions"):
        w.write(0, "MountOptions:\t<none>\n")
    else:
        w.write(0, "MountOptions:\n")
        for opt in sc["mountOptions"]:
            w.write(1, f"{opt}\n")
    if sc.get("reclaimPolicy"):
        w.write(0, f"ReclaimPolicy:\t{sc['reclaimPolicy']}\n")
    if sc.get("volumeBindingMode"):
        w.write(0, f"VolumeBindingMode:\t{sc['volumeBindingMode']}\n")
    describe_events(w, events, now)
    return render(w)

