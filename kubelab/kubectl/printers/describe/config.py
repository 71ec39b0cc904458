"""``kubectl describe configmap|secret|namespace`` (describe.go).  Where Go iterates a map (a
Secret's or ConfigMap's data) the real output order is random; we sort the keys so that
notebooks stay stable."""
from __future__ import annotations

import base64

from kubelab.api.meta import Obj

from .writer import (Related, Writer, annotations_multiline, describe_events, labels_multiline,
                     meta_of, render, rfc1123z)


def describe_configmap(cm: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta = meta_of(cm)
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    for k in sorted(cm.get("data") or {}):
        w.write(0, f"{k}:\n----\n")
        w.write(0, f"{cm['data'][k]}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    for k in sorted(cm.get("binaryData") or {}):
        w.write(0, f"{k}: {_b64_len(cm['binaryData'][k])} bytes\n")
    w.write(0, "\n")
    describe_events(w, events, now)
    return render(w)


def _b64_len(value: str) -> int:
    try:
        return len(base64.b64decode(value or ""))
    except ValueError:
        return len(value or "")


def describe_secret(secret: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """Sizes only, never values (except a service-account token, as kubectl does)."""
    w = Writer()
    meta = meta_of(secret)
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{secret.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for k in sorted(data):
        if k == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            w.write(0, f"{k}:\t{base64.b64decode(data[k]).decode(errors='replace')}\n")
        else:
            w.write(0, f"{k}:\t{_b64_len(data[k])} bytes\n")
    return render(w)     # SecretDescriber never shows events


def describe_namespace(ns: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """Quotas and LimitRanges are reported as absent (the kit has neither yet)."""
    w = Writer()
    meta, status = meta_of(ns), ns.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')}\t{c.get('status')}\t{rfc1123z(c.get('lastTransitionTime'))}\t"
                       f"{c.get('reason', '')}\t{c.get('message', '')}\n")
    w.write(0, "\n")
    w.write(0, "No resource quota.\n")
    w.write(0, "\n")
    w.write(0, "No LimitRange resource.\n")
    return render(w)
