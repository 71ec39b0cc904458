"""``kubectl describe pod`` (describePod) and the pod-template block every workload prints
(DescribePodTemplate), with their containers, volumes and tolerations."""
from __future__ import annotations

from typing import Iterable

from kubelab.api.meta import Obj
from kubelab.api.qos import get_pod_qos
from kubelab.clock import parse_timestamp

from ..age import human_duration
from .writer import (Related, Writer, annotations_multiline, controller_of, describe_events,
                     go_bool, labels_multiline, meta_of, render, rfc1123z)


def _resources(w: Writer, res: Obj | None, level: int) -> None:
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


def _state(w: Writer, name: str, state: Obj | None) -> None:
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


def _env(w: Writer, c: Obj, pod: Obj | None) -> None:
    if c.get("envFrom"):
        w.write(2, "Environment Variables from:\n")
        for e in c["envFrom"]:
            ref, frm = (e.get("configMapRef"), "ConfigMap") if e.get("configMapRef") else (e.get("secretRef") or {}, "Secret")
            optional = go_bool((ref or {}).get("optional"))
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
                       f"Optional: {go_bool(r.get('optional'))}\n")
        elif vf.get("configMapKeyRef"):
            r = vf["configMapKeyRef"]
            w.write(3, f"{e['name']}:\t<set to the key '{r.get('key', '')}' of config map '{r.get('name', '')}'>\t"
                       f"Optional: {go_bool(r.get('optional'))}\n")


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


def _containers(w: Writer, label: str, containers: list[Obj], statuses: list[Obj] | None,
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


def _volumes(w: Writer, volumes: list[Obj] | None, space: str = "") -> None:
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
                       f"    SecretName:\t{s.get('secretName', '')}\n    Optional:\t{go_bool(s.get('optional'))}\n")
        elif v.get("configMap") is not None:
            cm = v["configMap"]
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                       f"    Name:\t{cm.get('name', '')}\n    Optional:\t{go_bool(cm.get('optional'))}\n")
        elif v.get("persistentVolumeClaim") is not None:
            pvc = v["persistentVolumeClaim"]
            w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                       f"    ClaimName:\t{pvc.get('claimName', '')}\n    ReadOnly:\t{go_bool(pvc.get('readOnly'))}\n")
        elif v.get("projected") is not None:
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for src in v["projected"].get("sources") or []:
                # Go prints the *bool Optional with %v: "<nil>" when unset.
                if src.get("secret") is not None:
                    opt = src["secret"].get("optional")
                    w.write(2, f"SecretName:\t{src['secret'].get('name', '')}\n"
                               f"    SecretOptionalName:\t{'<nil>' if opt is None else go_bool(opt)}\n")
                elif src.get("downwardAPI") is not None:
                    w.write(2, "DownwardAPI:\ttrue\n")
                elif src.get("configMap") is not None:
                    opt = src["configMap"].get("optional")
                    w.write(2, f"ConfigMapName:\t{src['configMap'].get('name', '')}\n"
                               f"    ConfigMapOptional:\t{'<nil>' if opt is None else go_bool(opt)}\n")
                elif src.get("serviceAccountToken") is not None:
                    w.write(2, f"TokenExpirationSeconds:\t{src['serviceAccountToken'].get('expirationSeconds', 3600)}\n")
        else:
            w.write(2, "<unknown>\n")


def _tolerations(w: Writer, title: str, tolerations: list[Obj] | None, indent: str = "") -> None:
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
    w = Writer()
    meta, spec, status = meta_of(pod), pod.get("spec") or {}, pod.get("status") or {}
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
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
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
    if controller_of(pod):
        w.write(0, f"Controlled By:\t{controller_of(pod)}\n")
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
    labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    _tolerations(w, "Tolerations", spec.get("tolerations"))
    describe_events(w, events, now)
    return render(w)


def pod_template(w: Writer, template: Obj | None) -> None:
    w.write(0, "Pod Template:\n")
    template = template or {}
    tmeta, tspec = template.get("metadata") or {}, template.get("spec") or {}
    labels_multiline(w, "  Labels", tmeta.get("labels"))
    if tmeta.get("annotations"):
        annotations_multiline(w, "  Annotations", tmeta["annotations"])
    if tspec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{tspec['serviceAccountName']}\n")
    if tspec.get("initContainers"):
        _containers(w, "Init Containers", tspec["initContainers"], None, None, "  ")
    _containers(w, "Containers", tspec.get("containers") or [], None, None, "  ")
    _volumes(w, tspec.get("volumes"), "  ")
    if tspec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{tspec['priorityClassName']}\n")
    labels_multiline(w, "  Node-Selectors", tspec.get("nodeSelector"))
    _tolerations(w, "  Tolerations", tspec.get("tolerations"))


def pod_phase_counts(pods: Iterable[Obj]) -> str:
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for p in pods:
        phase = (p.get("status") or {}).get("phase")
        if phase in counts:
            counts[phase] += 1
    return (f"{counts['Running']} Running / {counts['Pending']} Waiting / "
            f"{counts['Succeeded']} Succeeded / {counts['Failed']} Failed")


def conditions_table(w: Writer, conditions: list[Obj] | None) -> None:
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")
