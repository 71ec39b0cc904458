"""What every describer shares (describe.go): the prefix writer and its tabwriter, the
label/annotation/event blocks, the lookups of related objects."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

from kubelab.api.meta import Obj
from kubelab.api.selectors import from_label_selector
from kubelab import clock as simclock
from kubelab.clock import parse_timestamp

from ..age import human_duration
from ..table import tabwrite


MAX_ANNOTATION_LEN = 140
SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration"}


@dataclass
class Related:
    """Lookups a describer may need; each gets the described object.

    ``replica_sets(deployment) -> (old ReplicaSets, new ReplicaSet or None)``
        for "OldReplicaSets:" / "NewReplicaSet:" (deployment util GetAllReplicaSets);
    ``pods(controller) -> list of pods`` whose controller ownerReference is it
        (their phases give "Pods Status: N Running / N Waiting / ...");
    ``endpoint_slices(service) -> EndpointSlices`` labelled
        ``kubernetes.io/service-name=<name>`` (the "Endpoints:" line).
    """
    replica_sets: Callable[[Obj], tuple[list[Obj], Obj | None]] = lambda obj: ([], None)
    pods: Callable[[Obj], list[Obj]] = lambda obj: []
    endpoint_slices: Callable[[Obj], list[Obj]] = lambda obj: []
    #: pods in the claim's namespace that mount it (getPodsForPVC), for "Used By:"
    claim_pods: Callable[[Obj], list[Obj]] = lambda obj: []
    #: non-terminated pods bound to the node (spec.nodeName, phase not Succeeded/Failed)
    node_pods: Callable[[Obj], list[Obj]] = lambda obj: []
    #: the node's Lease in kube-node-lease, or None ("Lease: Failed to get lease: ...")
    node_lease: Callable[[Obj], Obj | None] = lambda obj: None



# ------------------------------------------------------------------ writer

class Writer:
    """describe.go's prefixWriter: ``write(level, text)`` indents by two spaces a level."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        # printers.WriteEscaped: ESC and CR would rewrite the learner's terminal.
        self.parts.append(("  " * level + text).replace("\x1b", "^[").replace("\r", "\\r"))

    def line(self, text: str) -> None:
        self.write(0, text + "\n")

    def render(self) -> str:
        text = "".join(self.parts)
        lines = text.split("\n")
        tail = lines.pop()          # text after the last newline (normally "")
        table = tabwrite([line.split("\t") for line in lines], minwidth=0, padding=2)
        return table + tail


def rfc1123z(ts: str | None) -> str:
    """Go's time.RFC1123Z: ``Mon, 06 Jan 2025 09:00:00 +0000``."""
    if not ts:
        return "Mon, 01 Jan 0001 00:00:00 +0000"   # the zero time, as Go would print it
    t = simclock.EPOCH + timedelta(seconds=parse_timestamp(ts))
    return t.strftime("%a, %d %b %Y %H:%M:%S +0000")


def meta_of(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


def labels_multiline(w: Writer, title: str, labels: dict | None, indent: str = "",
                      inner: str = "\t") -> None:
    w.write(0, f"{indent}{title}:{inner}")
    if not labels:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, indent + inner)
        w.write(0, f"{key}={labels[key]}\n")


def annotations_multiline(w: Writer, title: str, annotations: dict | None) -> None:
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k not in SKIP_ANNOTATIONS)
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for s in value.split("\n"):
                s = s[:MAX_ANNOTATION_LEN - 2] + "..." if len(s) > MAX_ANNOTATION_LEN - 2 else s
                w.write(0, f"\t  {s}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def controller_of(obj: Obj) -> str:
    for ref in meta_of(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind', '')}/{ref.get('name', '')}"
    return ""


def go_bool(v: Any) -> str:
    return "true" if v else "false"


def selector_string(sel: dict | None) -> str:
    """labels.Selector.String() of LabelSelectorAsSelector (empty for everything)."""
    return str(from_label_selector(sel)) if sel is not None else ""


# ------------------------------------------------------------------ events

def describe_events(w: Writer, events: list[Obj] | None, now: float) -> None:
    """DescribeEvents: sorted by lastTimestamp; "5s", "2m (x3 over 5m)"."""
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return

    def last(e: Obj) -> float:
        return parse_timestamp(e["lastTimestamp"]) if e.get("lastTimestamp") else float("-inf")

    def since(ts: str | None) -> str:
        return human_duration(now - parse_timestamp(ts)) if ts else "<unknown>"

    w.parts.append("\x00FLUSH\x00")     # Go flushes the tabwriter before the events table
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in sorted(events, key=last):
        first = since(e.get("eventTime")) if e.get("eventTime") else since(e.get("firstTimestamp"))
        count = int(e.get("count") or 0)
        if e.get("series"):
            interval = f"{since(e['series'].get('lastObservedTime'))} (x{e['series'].get('count', 0)} over {first})"
        elif count > 1:
            interval = f"{since(e.get('lastTimestamp'))} (x{count} over {first})"
        else:
            interval = first
        source = (e.get("source") or {}).get("component") or e.get("reportingComponent") or ""
        w.write(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{interval}\t{source}\t"
                   f"{(e.get('message') or '').strip()}\n")


def render(w: Writer) -> str:
    """Render, flushing the tabwriter where DescribeEvents does."""
    text = "".join(w.parts)
    out = []
    for chunk in text.split("\x00FLUSH\x00"):
        sub = Writer()
        sub.parts = [chunk]
        out.append(sub.render())
    return "".join(out)
