"""``kubectl describe``, ported from k8s.io/kubectl/pkg/describe/describe.go (v0.32.4).

Every describer writes ``Label:\\tvalue`` lines at indentation levels of two spaces and
lets a tabwriter (minwidth 0, padding 2) align each run of consecutive tabbed lines;
:func:`kubelab.kubectl.printers.table.tabwrite` does the same here.

Describing an object often needs *other* objects: a Deployment's ReplicaSets, the pods a
ReplicaSet controls, a Service's EndpointSlices.  The caller passes them through a
:class:`Related` — a bag of lookups, each defaulting to "nothing" — so this module never
reads the cluster:

>>> cm = {"kind": "ConfigMap", "metadata": {"name": "game", "namespace": "default"},
...       "data": {"lives": "3"}}
>>> print(describe(cm, events=[], now=0), end="")
Name:         game
Namespace:    default
Labels:       <none>
Annotations:  <none>
<BLANKLINE>
Data
====
lives:
----
3
<BLANKLINE>
<BLANKLINE>
BinaryData
====
<BLANKLINE>
Events:  <none>

Where Go iterates a map (a Secret's or ConfigMap's data) the real output order is
random; we sort the keys so that notebooks stay stable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable, Iterable

from kubelab.api.meta import Obj
from kubelab.api.qos import get_pod_qos
from kubelab.api.selectors import from_label_selector
from kubelab.clock import EPOCH, parse_timestamp

from .age import human_duration
from .columns import format_label_selector, format_labels
from .table import tabwrite


__all__ = ["describe", "Related", "describe_events", "rfc1123z", "DESCRIBERS"]

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


class _Writer:
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
    t = EPOCH + timedelta(seconds=parse_timestamp(ts))
    return t.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _meta(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


def _labels_multiline(w: _Writer, title: str, labels: dict | None, indent: str = "",
                      inner: str = "\t") -> None:
    w.write(0, f"{indent}{title}:{inner}")
    if not labels:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, indent + inner)
        w.write(0, f"{key}={labels[key]}\n")


def _annotations_multiline(w: _Writer, title: str, annotations: dict | None) -> None:
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


def _controller(obj: Obj) -> str:
    for ref in _meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind', '')}/{ref.get('name', '')}"
    return ""


def _go_bool(v: Any) -> str:
    return "true" if v else "false"


def _selector(sel: dict | None) -> str:
    """labels.Selector.String() of LabelSelectorAsSelector (empty for everything)."""
    return str(from_label_selector(sel)) if sel is not None else ""


# ------------------------------------------------------------------ events

def describe_events(w: _Writer, events: list[Obj] | None, now: float) -> None:
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


def _render(w: _Writer) -> str:
    """Render, flushing the tabwriter where DescribeEvents does."""
    text = "".join(w.parts)
    out = []
    for chunk in text.split("\x00FLUSH\x00"):
        sub = _Writer()
        sub.parts = [chunk]
        out.append(sub.render())
    return "".join(out)


# ------------------------------------------------------------------ containers and pods

def _resources(w: _Writer, res: Obj | None, level: int) -> None:
    res = res or {}
    for title in ("limits", "requests"):
        values = res.get(title) or {}
        if values:
            w.write(level, f"{title.capitalize()}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{values[name]}\n")


def _probe(p: Obj) -> str:
    attrs = (f"delay={int(p.get('initialDelaySeconds') or 0)}s timeout={int(p.get('timeoutSeconds') or 1)}s "
             f"period={int(p.get('periodSeconds') or 10)}s #success={int(p.get('successThreshold') or 1)} "
             f"#failure={int(p.get('failureThreshold') or 3)}")
    if p.get("exec"):
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    if p.get("httpGet"):
        g = p["httpGet"]
        scheme = (g.get("scheme") or "HTTP").lower()
        host = g.get("host", "")
        port = str(g.get("port", ""))
        hostport = (f"[{host}]:{port}" if ":" in host else f"{host}:{port}") if port else host
        return f"http-get {scheme}://{hostport}{g.get('path', '')} {attrs}"
    if p.get("tcpSocket"):
        t = p["tcpSocket"]
        return f"tcp-socket {t.get('host', '')}:{t.get('port', '')} {attrs}"
    if p.get("grpc"):
        return f"grpc <pod>:{p['grpc'].get('port')} {p['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _state(w: _Writer, name: str, state: Obj | None) -> None:
    state = state or {}
    if state.get("running") is not None:
        w.write(2, f"{name}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{int(t.get('exitCode') or 0)}\n")
        if int(t.get("signal") or 0) > 0:
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{name}:\tWaiting\n")


def _env(w: _Writer, c: Obj, pod: Obj | None) -> None:
    if c.get("envFrom"):
        w.write(2, "Environment Variables from:\n")
        for e in c["envFrom"]:
            ref, frm = (e.get("configMapRef"), "ConfigMap") if e.get("configMapRef") else (e.get("secretRef") or {}, "Secret")
            optional = _go_bool((ref or {}).get("optional"))
            name = (ref or {}).get("name", "")
            if e.get("prefix"):
                w.write(3, f"{name}\t{frm} with prefix '{e['prefix']}'\tOptional: {optional}\n")
            else:
                w.write(3, f"{name}\t{frm}\tOptional: {optional}\n")
    env = c.get("env") or []
    w.write(2, "Environment:" + ("" if env else "\t<none>") + "\n")
    for e in env:
        vf = e.get("valueFrom")
        if not vf:
            for i, s in enumerate(str(e.get("value", "")).split("\n")):
                w.write(3, f"{e['name']}:\t{s}\n" if i == 0 else f"\t{s}\n")
        elif vf.get("fieldRef"):
            ref = vf["fieldRef"]
            value = _field_value(pod, ref.get("fieldPath", "")) if pod else ""
            w.write(3, f"{e['name']}:\t{value} ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n")
        elif vf.get("resourceFieldRef"):
            w.write(3, f"{e['name']}:\t ({vf['resourceFieldRef'].get('resource', '')})\n")
        elif vf.get("secretKeyRef"):
            r = vf["secretKeyRef"]
            w.write(3, f"{e['name']}:\t<set to the key '{r.get('key', '')}' in secret '{r.get('name', '')}'>\t"
                       f"Optional: {_go_bool(r.get('optional'))}\n")
        elif vf.get("configMapKeyRef"):
            r = vf["configMapKeyRef"]
            w.write(3, f"{e['name']}:\t<set to the key '{r.get('key', '')}' of config map '{r.get('name', '')}'>\t"
                       f"Optional: {_go_bool(r.get('optional'))}\n")


def _field_value(pod: Obj, path: str) -> str:
    """The downward-API fields describe resolves for env vars (fieldpath.ExtractFieldPathAsString)."""
    simple = {"metadata.name": ("metadata", "name"), "metadata.namespace": ("metadata", "namespace"),
              "metadata.uid": ("metadata", "uid"), "spec.nodeName": ("spec", "nodeName"),
              "spec.serviceAccountName": ("spec", "serviceAccountName"),
              "status.hostIP": ("status", "hostIP"), "status.podIP": ("status", "podIP")}
    if path in simple:
        a, b = simple[path]
        return str((pod.get(a) or {}).get(b, ""))
    return ""


def _containers(w: _Writer, label: str, containers: list[Obj], statuses: list[Obj] | None,
                pod: Obj | None, space: str = "") -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    name_indent = " " if space else ""
    for c in containers:
        status = by_name.get(c.get("name"))
        w.write(1, f"{name_indent}{c.get('name', '')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{c.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in c.get("ports") or [])
        host_ports = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in c.get("ports") or [])
        w.write(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
        w.write(2, f"Host Ports:\t{host_ports}\n" if "," in host_ports else f"Host Port:\t{host_ports or '<none>'}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if c.get(key):
                w.write(2, f"{title}:\n")
                for item in c[key]:
                    for s in str(item).split("\n"):
                        w.write(3, f"{s}\n")
        if status is not None:
            _state(w, "State", status.get("state"))
            if (status.get("lastState") or {}).get("terminated"):
                _state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{int(status.get('restartCount') or 0)}\n")
        _resources(w, c.get("resources"), 2)
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if c.get(key):
                w.write(2, f"{title}:\t{_probe(c[key])}\n")
        _env(w, c, pod)
        mounts = sorted(c.get("volumeMounts") or [], key=lambda m: m.get("mountPath", ""))
        w.write(2, "Mounts:" + ("" if mounts else "\t<none>") + "\n")
        for m in mounts:
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n")


def _volumes(w: _Writer, volumes: list[Obj] | None, space: str = "") -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for v in volumes:
        w.write(1, f"{' ' if space else ''}{v.get('name', '')}:\n")
        if v.get("hostPath") is not None:
            hp = v["hostPath"]
            w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                       f"    Path:\t{hp.get('path', '')}\n    HostPathType:\t{hp.get('type') or '<none>'}\n")
        elif v.get("emptyDir") is not None:
            ed = v["emptyDir"]
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                       f"    Medium:\t{ed.get('medium', '')}\n    SizeLimit:\t{ed.get('sizeLimit') or '<unset>'}\n")
        elif v.get("secret") is not None:
            s = v["secret"]
            w.write(2, "Type:\tSecret (a volume populated by a Secret)\n"
                       f"    SecretName:\t{s.get('secretName', '')}\n    Optional:\t{_go_bool(s.get('optional'))}\n")
        elif v.get("configMap") is not None:
            cm = v["configMap"]
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                       f"    Name:\t{cm.get('name', '')}\n    Optional:\t{_go_bool(cm.get('optional'))}\n")
        elif v.get("persistentVolumeClaim") is not None:
            pvc = v["persistentVolumeClaim"]
            w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                       f"    ClaimName:\t{pvc.get('claimName', '')}\n    ReadOnly:\t{_go_bool(pvc.get('readOnly'))}\n")
        elif v.get("projected") is not None:
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for src in v["projected"].get("sources") or []:
                # Go prints the *bool Optional with %v: "<nil>" when unset.
                if src.get("secret") is not None:
                    opt = src["secret"].get("optional")
                    w.write(2, f"SecretName:\t{src['secret'].get('name', '')}\n"
                               f"    SecretOptionalName:\t{'<nil>' if opt is None else _go_bool(opt)}\n")
                elif src.get("downwardAPI") is not None:
                    w.write(2, "DownwardAPI:\ttrue\n")
                elif src.get("configMap") is not None:
                    opt = src["configMap"].get("optional")
                    w.write(2, f"ConfigMapName:\t{src['configMap'].get('name', '')}\n"
                               f"    ConfigMapOptional:\t{'<nil>' if opt is None else _go_bool(opt)}\n")
                elif src.get("serviceAccountToken") is not None:
                    w.write(2, f"TokenExpirationSeconds:\t{src['serviceAccountToken'].get('expirationSeconds', 3600)}\n")
        else:
            w.write(2, "<unknown>\n")


def _tolerations(w: _Writer, title: str, tolerations: list[Obj] | None, indent: str = "") -> None:
    w.write(0, f"{indent}{title}:\t")
    if not tolerations:
        w.line("<none>")
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if i:
            w.write(0, indent + "\t")
        text = t.get("key", "")
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def describe_pod(pod: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec, status = _meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.write(0, "Node:\t<none>\n")
    else:
        w.write(0, f"Node:\t{spec['nodeName']}/{status.get('hostIP', '')}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        lasts = human_duration(now - parse_timestamp(meta["deletionTimestamp"]))
        w.write(0, f"Status:\tTerminating (lasts {lasts})\n")
        w.write(0, f"Termination Grace Period:\t{int(meta.get('deletionGracePeriodSeconds') or 0)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    if not status.get("podIPs"):
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in status["podIPs"]:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    if _controller(pod):
        w.write(0, f"Controlled By:\t{_controller(pod)}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        _containers(w, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"), pod)
    _containers(w, "Containers", spec.get("containers") or [], status.get("containerStatuses"), pod)
    if spec.get("readinessGates"):
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for g in spec["readinessGates"]:
            st = next((c.get("status") for c in status.get("conditions") or []
                       if c.get("type") == g.get("conditionType")), "<none>")
            w.write(1, f"{g.get('conditionType')} \t{st} \n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    _volumes(w, spec.get("volumes"))
    w.write(0, f"QoS Class:\t{get_pod_qos(pod)}\n")
    _labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    _tolerations(w, "Tolerations", spec.get("tolerations"))
    describe_events(w, events, now)
    return _render(w)


def _pod_template(w: _Writer, template: Obj | None) -> None:
    w.write(0, "Pod Template:\n")
    template = template or {}
    tmeta, tspec = template.get("metadata") or {}, template.get("spec") or {}
    _labels_multiline(w, "  Labels", tmeta.get("labels"))
    if tmeta.get("annotations"):
        _annotations_multiline(w, "  Annotations", tmeta["annotations"])
    if tspec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{tspec['serviceAccountName']}\n")
    if tspec.get("initContainers"):
        _containers(w, "Init Containers", tspec["initContainers"], None, None, "  ")
    _containers(w, "Containers", tspec.get("containers") or [], None, None, "  ")
    _volumes(w, tspec.get("volumes"), "  ")
    if tspec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{tspec['priorityClassName']}\n")
    _labels_multiline(w, "  Node-Selectors", tspec.get("nodeSelector"))
    _tolerations(w, "  Tolerations", tspec.get("tolerations"))


def _pod_phase_counts(pods: Iterable[Obj]) -> str:
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for p in pods:
        phase = (p.get("status") or {}).get("phase")
        if phase in counts:
            counts[phase] += 1
    return (f"{counts['Running']} Running / {counts['Pending']} Waiting / "
            f"{counts['Succeeded']} Succeeded / {counts['Failed']} Failed")


def _conditions_table(w: _Writer, conditions: list[Obj] | None) -> None:
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


# ------------------------------------------------------------------ workloads

def _rs_summary(rss: list[Obj]) -> str:
    text = ", ".join(f"{_meta(rs).get('name', '')} ({int((rs.get('status') or {}).get('replicas') or 0)}/"
                     f"{int((rs.get('spec') or {}).get('replicas') or 0)} replicas created)" for rs in rss)
    return text or "<none>"


def describe_deployment(d: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec, status = _meta(d), d.get("spec") or {}, d.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{_selector(spec.get('selector'))}\n")
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
    _pod_template(w, spec.get("template"))
    _conditions_table(w, status.get("conditions"))
    old, new = related.replica_sets(d)
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_rs_summary(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_summary([new] if new else [])}\n")
    describe_events(w, events, now)
    return _render(w)


def describe_replicaset(rs: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec, status = _meta(rs), rs.get("spec") or {}, rs.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    if _controller(rs):
        w.write(0, f"Controlled By:\t{_controller(rs)}\n")
    w.write(0, f"Replicas:\t{int(status.get('replicas') or 0)} current / {int(spec.get('replicas') or 0)} desired\n")
    w.write(0, "Pods Status:\t")
    w.write(0, _pod_phase_counts(related.pods(rs)) + "\n")
    _pod_template(w, spec.get("template"))
    _conditions_table(w, status.get("conditions"))
    describe_events(w, events, now)
    return _render(w)


def describe_daemonset(ds: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec, status = _meta(ds), ds.get("spec") or {}, ds.get("status") or {}
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Selector:\t{_selector(spec.get('selector'))}\n")
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    for title, key in (("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
                       ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
                       ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
                       ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
                       ("Number of Nodes Misscheduled", "numberMisscheduled")):
        w.write(0, f"{title}: {int(status.get(key) or 0)}\n")
    w.write(0, f"Pods Status:\t{_pod_phase_counts(related.pods(ds))}\n")
    _pod_template(w, spec.get("template"))
    describe_events(w, events, now)
    return _render(w)


# ------------------------------------------------------------------ services and config

def _format_endpoint_slices(slices: list[Obj], port_name: str) -> str:
    """formatEndpointSlices for one service port: ready addresses, at most three shown."""
    if not slices:
        return "<none>"
    items: list[str] = []
    more, count, limit = False, 0, 3
    for s in slices:
        endpoints = s.get("endpoints") or []
        if not s.get("ports"):
            for e in endpoints:
                if len(items) == limit:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    items.append((e.get("addresses") or [""])[0])
                count += 1
            continue
        for p in s["ports"]:
            if p.get("name", "") != port_name:
                continue
            for e in endpoints:
                if len(items) == limit:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    addr = (e.get("addresses") or [""])[0]
                    host = f"[{addr}]" if ":" in addr else addr
                    items.append(f"{host}:{p.get('port')}")
                count += 1
    text = ",".join(items)
    return f"{text} + {count - limit} more..." if more else text


def describe_service(svc: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec = _meta(svc), svc.get("spec") or {}
    status = svc.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', '')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        parts = []
        for i in ingress:
            if i.get("ip"):
                parts.append(i["ip"] + (f" ({i['ipMode']})" if i.get("ipMode") else ""))
            else:
                parts.append(i.get("hostname", ""))
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(parts)}\n")
    slices = related.endpoint_slices(svc)
    for p in spec.get("ports") or []:
        name = p.get("name") or "<unset>"
        proto = p.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{p.get('port')}/{proto}\n")
        w.write(0, f"TargetPort:\t{p.get('targetPort', p.get('port'))}/{proto}\n")
        if p.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{p['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{_format_endpoint_slices(slices, p.get('name', ''))}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    describe_events(w, events, now)
    return _render(w)


def describe_endpoints(ep: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta = _meta(ep)
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Subsets:\n")
    for ss in ep.get("subsets") or []:
        addrs = ",".join(a.get("ip", "") for a in ss.get("addresses") or []) or "<none>"
        not_ready = ",".join(a.get("ip", "") for a in ss.get("notReadyAddresses") or []) or "<none>"
        w.write(1, f"Addresses:\t{addrs}\n")
        w.write(1, f"NotReadyAddresses:\t{not_ready}\n")
        if ss.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for p in ss["ports"]:
                w.write(2, f"{p.get('name') or '<unset>'}\t{p.get('port')}\t{p.get('protocol', 'TCP')}\n")
        w.write(0, "\n")
    describe_events(w, events, now)
    return _render(w)


def describe_configmap(cm: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta = _meta(cm)
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
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
    return _render(w)


def _b64_len(value: str) -> int:
    import base64
    try:
        return len(base64.b64decode(value or ""))
    except ValueError:
        return len(value or "")


def describe_secret(secret: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """Sizes only, never values (except a service-account token, as kubectl does)."""
    w = _Writer()
    meta = _meta(secret)
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{secret.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for k in sorted(data):
        if k == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            import base64
            w.write(0, f"{k}:\t{base64.b64decode(data[k]).decode(errors='replace')}\n")
        else:
            w.write(0, f"{k}:\t{_b64_len(data[k])} bytes\n")
    return _render(w)     # SecretDescriber never shows events


def describe_namespace(ns: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """Quotas and LimitRanges are reported as absent (the kit has neither yet)."""
    w = _Writer()
    meta, status = _meta(ns), ns.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
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
    return _render(w)


# ------------------------------------------------------------------ storage

def _go_list(items: list | None) -> str:
    """fmt's %v of a []string: ``[a b]``."""
    return "[" + " ".join(items or []) + "]"


def _pv_source(w: _Writer, spec: Obj) -> None:
    if spec.get("hostPath") is not None:
        hp = spec["hostPath"]
        w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                   f"    Path:\t{hp.get('path', '')}\n    HostPathType:\t{hp['type'] if 'type' in hp else '<none>'}\n")
    elif spec.get("nfs") is not None:
        nfs = spec["nfs"]
        w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
                   f"    Server:\t{nfs.get('server', '')}\n    Path:\t{nfs.get('path', '')}\n"
                   f"    ReadOnly:\t{_go_bool(nfs.get('readOnly'))}\n")
    elif spec.get("local") is not None:
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
                   f"    Path:\t{spec['local'].get('path', '')}\n")
    else:
        w.write(1, "<unknown>\n")


def _volume_node_affinity(w: _Writer, affinity: Obj | None) -> None:
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
    w = _Writer()
    meta, spec, status = _meta(pv), pv.get("spec") or {}, pv.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_list(meta.get('finalizers'))}\n")
    sc = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class", spec.get("storageClassName") or "")
    w.write(0, f"StorageClass:\t{sc}\n")
    w.write(0, f"Status:\t{_terminating(meta, now) if meta.get('deletionTimestamp') else status.get('phase', '')}\n")
    ref = spec.get("claimRef")
    w.write(0, f"Claim:\t{ref.get('namespace', '') + '/' + ref.get('name', '') if ref else ''}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(0, f"Access Modes:\t{_access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{(spec.get('capacity') or {}).get('storage', '0')}\n")
    _volume_node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{status.get('message', '')}\n")
    w.write(0, "Source:\n")
    _pv_source(w, spec)
    describe_events(w, events, now)
    return _render(w)


def describe_persistentvolumeclaim(pvc: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta, spec, status = _meta(pvc), pvc.get("spec") or {}, pvc.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    sc = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class", spec.get("storageClassName") or "")
    w.write(0, f"StorageClass:\t{sc}\n")
    w.write(0, f"Status:\t{_terminating(meta, now) if meta.get('deletionTimestamp') else status.get('phase', '')}\n")
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_list(meta.get('finalizers'))}\n")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = _access_modes(status.get("accessModes"))
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
    return _render(w)


def _format_map(m: dict | None) -> str:
    """labels.FormatLabels: ``k=v,k2=v2`` sorted, ``<none>`` when empty."""
    return ",".join(f"{k}={m[k]}" for k in sorted(m)) if m else "<none>"


def describe_storageclass(sc: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = _Writer()
    meta = _meta(sc)
    ann = meta.get("annotations") or {}
    is_default = (ann.get("storageclass.kubernetes.io/is-default-class") == "true"
                  or ann.get("storageclass.beta.kubernetes.io/is-default-class") == "true")
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"IsDefaultClass:\t{'Yes' if is_default else 'No'}\n")
    w.write(0, f"Annotations:\t{_format_map(ann)}\n")
    w.write(0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(0, f"Parameters:\t{_format_map(sc.get('parameters'))}\n")
    allow = sc.get("allowVolumeExpansion")
    w.write(0, f"AllowVolumeExpansion:\t{'Unset' if allow is None else ('True' if allow else 'False')}\n")
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
    return _render(w)


# ------------------------------------------------------------------ nodes

def _node_roles(labels: dict | None) -> list[str]:
    """findNodeRoles: ``node-role.kubernetes.io/<role>`` keys and ``kubernetes.io/role`` values, sorted."""
    roles = set()
    for k, v in (labels or {}).items():
        if k.startswith("node-role.kubernetes.io/") and k[len("node-role.kubernetes.io/"):]:
            roles.add(k[len("node-role.kubernetes.io/"):])
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    return sorted(roles)


def _taint_string(t: Obj) -> str:
    """corev1.Taint.ToString()."""
    key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def _sum_quantities(values: Iterable[Any]):
    """Quantity.Add over values; the result keeps the first one's format (zero: "0")."""
    from kubelab.api.quantity import Quantity, parse_quantity
    total = None
    for v in values:
        q = parse_quantity(v)
        total = q if total is None else Quantity(total.amount + q.amount, total.format)
    return total if total is not None else Quantity(0)


def pod_requests_and_limits(pod: Obj) -> tuple[dict, dict]:
    """resourcehelper.PodRequestsAndLimits: the app containers' sum, raised to any
    init container's own amount (plus the sidecars started before it), plus overhead."""
    from kubelab.api.quantity import Quantity, parse_quantity
    spec = pod.get("spec") or {}
    out = []
    for field in ("requests", "limits"):
        total: dict[str, Any] = {}

        def add(into: dict, res: dict) -> None:
            for name, v in (res or {}).items():
                q = parse_quantity(v)
                into[name] = q if name not in into else Quantity(into[name].amount + q.amount, into[name].format)

        for c in spec.get("containers") or []:
            add(total, (c.get("resources") or {}).get(field))
        sidecars: dict[str, Any] = {}
        floor: dict[str, Any] = {}
        for c in spec.get("initContainers") or []:
            res = (c.get("resources") or {}).get(field) or {}
            if c.get("restartPolicy") == "Always":        # a sidecar runs beside the app containers
                add(total, res)
                add(sidecars, res)
                candidate = dict(sidecars)
            else:
                candidate = dict(sidecars)
                add(candidate, res)
            for name, q in candidate.items():
                if name not in floor or q.amount > floor[name].amount:
                    floor[name] = q
        for name, q in floor.items():
            if name not in total or q.amount > total[name].amount:
                total[name] = q
        add(total, spec.get("overhead"))
        out.append(total)
    return out[0], out[1]


def describe_node(node: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """describeNode (describe.go): the node, its Lease, conditions, resources and pods."""
    from kubelab.api.quantity import parse_quantity
    w = _Writer()
    meta, spec, status = _meta(node), node.get("spec") or {}, node.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Roles:\t{','.join(_node_roles(meta.get('labels'))) or '<none>'}\n")
    _labels_multiline(w, "Labels", meta.get("labels"))
    _annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, "Taints:\t")
    taints = sorted(spec.get("taints") or [], key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    if not taints:
        w.line("<none>")
    for i, t in enumerate(taints):
        w.write(0, ("\t" if i else "") + _taint_string(t) + "\n")
    w.write(0, f"Unschedulable:\t{_go_bool(spec.get('unschedulable'))}\n")
    lease = related.node_lease(node)
    if lease is None:
        w.write(0, f'Lease:\tFailed to get lease: leases.coordination.k8s.io "{meta.get("name", "")}" not found\n')
    else:
        lspec = lease.get("spec") or {}
        w.write(0, "Lease:\n")
        w.write(1, f"HolderIdentity:\t{lspec.get('holderIdentity') or '<unset>'}\n")
        w.write(1, f"AcquireTime:\t{rfc1123z(lspec['acquireTime']) if lspec.get('acquireTime') else '<unset>'}\n")
        w.write(1, f"RenewTime:\t{rfc1123z(lspec['renewTime']) if lspec.get('renewTime') else '<unset>'}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or []:
        w.write(1, f"{a.get('type', '')}:\t{a.get('address', '')}\n")
    for title in ("capacity", "allocatable"):
        if status.get(title):
            w.write(0, f"{title.capitalize()}:\n")
            for name in sorted(status[title]):
                w.write(0, f"  {name}:\t{parse_quantity(status[title][name])}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.write(0, f"  {title}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _node_resources(w, node, related.node_pods(node), now)
    describe_events(w, events, now)
    return _render(w)


def _node_resources(w: _Writer, node: Obj, pods: list[Obj], now: float) -> None:
    """describeNodeResource: each non-terminated pod's requests and limits as a share
    of the node's allocatable (Go truncates the percentage: 6.8% prints as 6%)."""
    from kubelab.api.quantity import Quantity, milli_value, parse_quantity, value
    from .age import translate_timestamp_since
    status = node.get("status") or {}
    alloc = status.get("allocatable") or status.get("capacity") or {}

    def amount(name: str) -> Quantity:
        return parse_quantity(alloc[name]) if name in alloc else Quantity(0)

    def pct(q: Quantity, of: Quantity, milli: bool) -> int:
        total = milli_value(of) if milli else value(of)
        if total == 0:
            return 0
        return int((milli_value(q) if milli else value(q)) / total * 100)

    cpu, mem, eph = amount("cpu"), amount("memory"), amount("ephemeral-storage")
    zero = Quantity(0)
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    totals: tuple[dict, dict] = ({}, {})
    for pod in pods:
        req, lim = pod_requests_and_limits(pod)
        for into, part in zip(totals, (req, lim)):
            for name, q in part.items():
                into[name] = q if name not in into else Quantity(into[name].amount + q.amount, into[name].format)
        cr, cl, mr, ml = req.get("cpu", zero), lim.get("cpu", zero), req.get("memory", zero), lim.get("memory", zero)
        md = _meta(pod)
        w.write(1, f"{md.get('namespace', '')}\t{md.get('name', '')}\t\t{cr} ({pct(cr, cpu, True)}%)\t"
                   f"{cl} ({pct(cl, cpu, True)}%)\t{mr} ({pct(mr, mem, False)}%)\t{ml} ({pct(ml, mem, False)}%)\t"
                   f"{translate_timestamp_since(md.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs, lims = totals
    for name, of, milli in (("cpu", cpu, True), ("memory", mem, False), ("ephemeral-storage", eph, False)):
        r, l = reqs.get(name, zero), lims.get(name, zero)
        w.write(1, f"{name}\t{r} ({pct(r, of, milli)}%)\t{l} ({pct(l, of, milli)}%)\n")
    standard = {"cpu", "memory", "ephemeral-storage", "pods"}      # IsStandardContainerResourceName, and pods
    for name in sorted(n for n in alloc if n.startswith("hugepages-")):
        r, l = reqs.get(name, zero), lims.get(name, zero)
        w.write(1, f"{name}\t{r} ({pct(r, amount(name), False)}%)\t{l} ({pct(l, amount(name), False)}%)\n")
    for name in sorted(n for n in alloc if not n.startswith("hugepages-") and n not in standard):
        w.write(1, f"{name}\t{reqs.get(name, zero)}\t{lims.get(name, zero)}\n")


def _access_modes(modes: list[str] | None) -> str:
    from .columns import access_modes
    return access_modes(modes)


DESCRIBERS: dict[str, Callable[[Obj, list[Obj] | None, float, Related], str]] = {
    "Pod": describe_pod,
    "Deployment": describe_deployment,
    "ReplicaSet": describe_replicaset,
    "DaemonSet": describe_daemonset,
    "Service": describe_service,
    "Endpoints": describe_endpoints,
    "ConfigMap": describe_configmap,
    "Secret": describe_secret,
    "Namespace": describe_namespace,
    "PersistentVolume": describe_persistentvolume,
    "PersistentVolumeClaim": describe_persistentvolumeclaim,
    "StorageClass": describe_storageclass,
    "Node": describe_node,
}


def describe(obj: Obj, *, events: list[Obj] | None = None, now: float = 0.0,
             related: Related | None = None) -> str:
    """``kubectl describe`` text for one object.

    ``events`` are the Events whose involvedObject is ``obj`` (``None`` is
    ``--show-events=false``); ``now`` is the simulated time; ``related`` supplies the
    other objects a description mentions (see :class:`Related`).
    """
    fn = DESCRIBERS.get(obj.get("kind", ""))
    if fn is None:
        raise KeyError(f"no describer for kind {obj.get('kind')!r}")
    return fn(obj, events, now, related or Related())


from . import describe_batch  # noqa: E402,F401  (registers the Job and CronJob describers)
from . import describe_workloads  # noqa: E402,F401  (registers the StatefulSet and HPA describers)
