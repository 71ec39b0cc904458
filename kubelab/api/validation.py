"""What the v1.32 apiserver says to a create or update it refuses.

Two stages, in the apiserver's order:

1. **Decoding** (400 BadRequest): :mod:`kubelab.api.decoding`.
2. **Validation** (422 Invalid): the per-kind checks of pkg/apis/*/validation, worded
   as k8s.io/apimachinery/pkg/util/validation/field words them.

>>> validate({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "b"}})
>>> try:
...     validate({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "X"}})
... except ApiError as e:
...     print(e.message[:62])
ConfigMap "X" is invalid: metadata.name: Invalid value: "X": a
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable

from . import autoscaling, errors, policy
from .decoding import SCHEMA_VERSION, decode_errors  # noqa: F401  (part of what validation offers)
from .errors import ApiError
from .fielderrors import Raw, duplicate, forbidden, go_map, gostr, invalid, not_supported, required
from .names import (is_config_map_key, is_dns1035_label, is_dns1123_label, is_dns1123_subdomain,
                    is_label_value, is_qualified_name, is_valid_port_name)
from .podupdate import validate_pod_update
from .quantity import canonical, parse_quantity

__all__ = ["validate", "decode_errors", "SCHEMA_VERSION", "ApiError"]

Causes = list[tuple[str, str]]


# ---------------------------------------------------------------- metadata
NAME_RULES: dict[str, Callable[[str], list[str]]] = {
    # pkg/apis/*/validation: which name rule each kind's ValidateXxxName is.
    "Service": is_dns1035_label, "Namespace": is_dns1123_label,
}


def _meta(obj: dict, namespaced: bool, name_rule: Callable[[str], list[str]]) -> Causes:
    """ValidateObjectMeta: name, namespace, labels, annotations."""
    md = obj.get("metadata") or {}
    out: Causes = []
    name = md.get("name", "")
    if not name and not md.get("generateName"):
        out.append(("metadata.name", required("name or generateName is required")))
    elif name:
        out += [("metadata.name", invalid(name, m)) for m in name_rule(name)]
    ns = md.get("namespace", "")
    if namespaced and ns:
        out += [("metadata.namespace", invalid(ns, m)) for m in is_dns1123_label(ns)]
    out += _labels(md.get("labels") or {}, "metadata.labels")
    total = sum(len(k) + len(v) for k, v in (md.get("annotations") or {}).items())
    for k in sorted(md.get("annotations") or {}):
        out += [("metadata.annotations", invalid(k, m)) for m in is_qualified_name(k.lower())]
    if total > 256 * 1024:
        out.append(("metadata.annotations", "Too long: may not be more than 262144 bytes"))
    return out


def _labels(labels: dict, path: str) -> Causes:
    out: Causes = []
    for k in sorted(labels):
        out += [(path, invalid(k, m)) for m in is_qualified_name(k)]
        out += [(path, invalid(labels[k], m)) for m in is_label_value(str(labels[k]))]
    return out


# ---------------------------------------------------------------- pods
_PROTOCOLS = ["SCTP", "TCP", "UDP"]


def _port_number(value: Any, path: str) -> Causes:
    if not 1 <= value <= 65535:
        return [(path, invalid(value, "must be between 1 and 65535, inclusive"))]
    return []


def _container(c: dict, path: str) -> Causes:
    out: Causes = []
    name = c.get("name", "")
    if not name:
        out.append((f"{path}.name", required()))
    else:
        out += [(f"{path}.name", invalid(name, m)) for m in is_dns1123_label(name)]
    if not c.get("image"):
        out.append((f"{path}.image", required()))
    for i, p in enumerate(c.get("ports") or []):
        pp = f"{path}.ports[{i}]"
        if p.get("name"):
            out += [(f"{pp}.name", invalid(p["name"], m)) for m in is_valid_port_name(p["name"])]
        if not p.get("containerPort"):
            out.append((f"{pp}.containerPort", required()))
        else:
            out += _port_number(p["containerPort"], f"{pp}.containerPort")
        if p.get("hostPort"):
            out += _port_number(p["hostPort"], f"{pp}.hostPort")
        proto = p.get("protocol", "TCP")
        if proto not in _PROTOCOLS:
            out.append((f"{pp}.protocol", not_supported(proto, _PROTOCOLS)))
    for i, e in enumerate(c.get("env") or []):
        if not e.get("name"):
            out.append((f"{path}.env[{i}].name", required()))
    resources = c.get("resources") or {}
    for kind in ("limits", "requests"):
        for res, q in (resources.get(kind) or {}).items():
            if parse_quantity(q).amount < 0:
                out.append((f"{path}.resources.{kind}[{res}]", invalid(Raw(str(q)), "must be greater than or equal to 0")))
    limits = resources.get("limits") or {}
    for res, q in (resources.get("requests") or {}).items():
        # ValidateResourceRequirements: a request above its limit (overcommit-able resources)
        if res in limits and parse_quantity(q).amount > parse_quantity(limits[res]).amount >= 0:
            out.append((f"{path}.resources.requests", invalid(
                canonical(q), f"must be less than or equal to {res} limit of {canonical(limits[res])}")))
    return out


def _pod_spec(spec: dict, path: str, claim_volumes: set[str] = frozenset()) -> Causes:
    """``claim_volumes``: a StatefulSet's volumeClaimTemplates, which its pods get
    as volumes (the apiserver validates the template with them added)."""
    out: Causes = []
    names: set[str] = set()
    volumes = set(claim_volumes)
    for i, v in enumerate(spec.get("volumes") or []):
        vp = f"{path}.volumes[{i}]"
        vname = v.get("name", "")
        if not any(k != "name" and v.get(k) is not None for k in v):
            out.append((vp, required("must specify a volume type")))      # validateVolumeSource
        if not vname:
            out.append((f"{vp}.name", required()))
        elif vname in volumes:
            out.append((f"{vp}.name", duplicate(vname)))
        else:
            out += [(f"{vp}.name", invalid(vname, m)) for m in is_dns1123_label(vname)]
        volumes.add(vname)
    containers = spec.get("containers") or []
    if not containers:
        out.append((f"{path}.containers", required()))
    for group in ("initContainers", "containers"):
        for i, c in enumerate(spec.get(group) or []):
            cp = f"{path}.{group}[{i}]"
            out += _container(c, cp)
            if c.get("name") in names:
                out.append((f"{cp}.name", duplicate(c["name"])))
            names.add(c.get("name"))
            for j, m in enumerate(c.get("volumeMounts") or []):
                if m.get("name") and m["name"] not in volumes:
                    out.append((f"{cp}.volumeMounts[{j}].name", "Not found: " + gostr(m["name"])))
                if not m.get("mountPath"):
                    out.append((f"{cp}.volumeMounts[{j}].mountPath", required()))
    policy = spec.get("restartPolicy", "Always")
    if policy not in ("Always", "OnFailure", "Never"):
        out.append((f"{path}.restartPolicy", not_supported(policy, ["Always", "OnFailure", "Never"])))
    dns = spec.get("dnsPolicy", "ClusterFirst")
    if dns not in ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"):
        out.append((f"{path}.dnsPolicy", not_supported(dns, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"])))
    out += _tolerations(spec.get("tolerations") or [], f"{path}.tolerations")
    return out


def _go_toleration(t: dict) -> Raw:
    """%#v of a core.Toleration."""
    secs = t.get("tolerationSeconds")
    secs_text = "(*int64)(nil)" if secs is None else "(*int64)(0xc000a1b2d8)"
    return Raw(f'core.Toleration{{Key:{json.dumps(t.get("key", ""))}, Operator:{json.dumps(t.get("operator", ""))}, '
                f'Value:{json.dumps(t.get("value", ""))}, Effect:{json.dumps(t.get("effect", ""))}, '
                f'TolerationSeconds:{secs_text}}}')


def _tolerations(tolerations: list, path: str) -> Causes:
    """ValidateTolerations: an operator is Equal (the default) or Exists, nothing
    else (``Gt``/``Lt`` belong to node affinity, not to tolerations)."""
    out: Causes = []
    for i, t in enumerate(tolerations):
        tp = f"{path}[{i}]"
        key, op, value, effect = t.get("key", ""), t.get("operator", ""), t.get("value", ""), t.get("effect", "")
        if key:
            out += [(f"{tp}.key", invalid(key, m)) for m in is_qualified_name(key)]
        if not key and op != "Exists":
            out.append((f"{tp}.operator", invalid(
                op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"')))
        if t.get("tolerationSeconds") is not None and effect != "NoExecute":
            out.append((f"{tp}.effect", invalid(effect, "effect must be 'NoExecute' when `tolerationSeconds` is set")))
        if op in ("Equal", ""):
            errs = is_label_value(value)
            if errs:
                out.append((f"{tp}.operator", invalid(value, ";".join(errs))))
        elif op == "Exists":
            if value:
                out.append((f"{tp}.operator", invalid(_go_toleration(t), "value must be empty when `operator` is 'Exists'")))
        else:
            out.append((f"{tp}.operator", not_supported(op, ["Equal", "Exists"])))
        if effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            out.append((f"{tp}.effect", not_supported(effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"])))
    return out


def _template(tmpl: dict, path: str, claim_volumes: set[str] = frozenset()) -> Causes:
    md = tmpl.get("metadata") or {}
    return (_labels(md.get("labels") or {}, f"{path}.metadata.labels")
            + _pod_spec(tmpl.get("spec") or {}, f"{path}.spec", claim_volumes))


# ---------------------------------------------------------------- workloads
def _selector_value(sel: dict) -> Raw:
    ml = sel.get("matchLabels")
    exprs = sel.get("matchExpressions")
    labels = go_map(ml) if ml is not None else "map[string]string(nil)"
    ex = "[]v1.LabelSelectorRequirement(nil)" if exprs is None else "[]v1.LabelSelectorRequirement{...}"
    return Raw(f"v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{ex}}}")


def _selector_matches(sel: dict, labels: dict) -> bool:
    from .selectors import from_label_selector
    return from_label_selector(sel).matches(labels)


def _workload(obj: dict, old: dict | None, kind: str) -> Causes:
    spec = obj.get("spec") or {}
    out: Causes = []
    if kind != "Job" or spec.get("manualSelector"):
        pass
    replicas = spec.get("replicas")
    if replicas is not None and replicas < 0 and kind != "Job":
        out.append(("spec.replicas", invalid(replicas, "must be greater than or equal to 0")))
    sel = spec.get("selector")
    tmpl = spec.get("template") or {}
    labels = (tmpl.get("metadata") or {}).get("labels") or {}
    if sel is None:
        out.append(("spec.selector", required()))
    elif not sel.get("matchLabels") and not sel.get("matchExpressions"):
        out.append(("spec.selector", invalid(_selector_value(sel),
                                             f"empty selector is invalid for {kind.lower()}")))
    else:
        out += _labels(sel.get("matchLabels") or {}, "spec.selector.matchLabels")
        if not _selector_matches(sel, labels):
            out.append(("spec.template.metadata.labels",
                        invalid(Raw(go_map(labels)), "`selector` does not match template `labels`")))
    claims = {(t.get("metadata") or {}).get("name", "") for t in spec.get("volumeClaimTemplates") or []} \
        if kind == "StatefulSet" else set()
    out += _template(tmpl, "spec.template", claims)
    policy = (tmpl.get("spec") or {}).get("restartPolicy", "Always")
    if kind == "Job":
        if policy not in ("OnFailure", "Never"):
            out.append(("spec.template.spec.restartPolicy", not_supported(policy, ["OnFailure", "Never"])))
    elif policy != "Always":
        out.append(("spec.template.spec.restartPolicy", not_supported(policy, ["Always"])))
    if old is not None and kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"):
        old_sel = (old.get("spec") or {}).get("selector")
        if sel is not None and old_sel is not None and sel != old_sel:
            out.append(("spec.selector", invalid(_selector_value(sel), "field is immutable")))
    if old is not None and kind == "Job":
        out += _job_update(spec, old.get("spec") or {})
    if kind == "StatefulSet":
        out += _statefulset(spec, (old or {}).get("spec") if old is not None else None)
    return out


_STS_MUTABLE = ("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds")
STS_UPDATE_FORBIDDEN = ("Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                        "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                        "'minReadySeconds' are forbidden")


def _statefulset(spec: dict, old_spec: dict | None) -> Causes:
    """ValidateStatefulSetSpec / ValidateStatefulSetUpdate (the parts a learner meets)."""
    out: Causes = []
    policy = spec.get("podManagementPolicy", "OrderedReady")
    if policy not in ("OrderedReady", "Parallel"):
        out.append(("spec.podManagementPolicy", not_supported(policy, ["OrderedReady", "Parallel"])))
    strategy = spec.get("updateStrategy") or {}
    stype = strategy.get("type", "RollingUpdate")
    if stype not in ("OnDelete", "RollingUpdate"):
        out.append(("spec.updateStrategy", not_supported(stype, ["OnDelete", "RollingUpdate"])))
    elif stype == "OnDelete" and strategy.get("rollingUpdate") is not None:
        ru = strategy["rollingUpdate"] or {}
        max_unavailable = "(nil)" if ru.get("maxUnavailable") is None else "(0xc000a1b2c0)"
        out.append(("spec.updateStrategy.rollingUpdate", invalid(
            Raw(f"apps.RollingUpdateStatefulSetStrategy{{Partition:{ru.get('partition', 0)}, "
                 f"MaxUnavailable:(*intstr.IntOrString){max_unavailable}}}"),
            "only allowed for updateStrategy 'RollingUpdate'")))
    partition = (strategy.get("rollingUpdate") or {}).get("partition")
    if isinstance(partition, int) and partition < 0:
        out.append(("spec.updateStrategy.rollingUpdate.partition",
                    invalid(partition, "must be greater than or equal to 0")))
    for i, t in enumerate(spec.get("volumeClaimTemplates") or []):
        tp = f"spec.volumeClaimTemplates[{i}]"
        tspec = t.get("spec") or {}
        out += _access_modes(tspec.get("accessModes"), f"{tp}.spec.accessModes")
        if "storage" not in ((tspec.get("resources") or {}).get("requests") or {}):
            out.append((f"{tp}.spec.resources[storage]", required()))
    if old_spec is not None:
        def fixed(s: dict) -> dict:
            return {k: v for k, v in s.items() if k not in _STS_MUTABLE}
        if fixed(spec) != fixed(old_spec):
            out.append(("spec", STS_UPDATE_FORBIDDEN))
    return out


def _job_update(spec: dict, old_spec: dict) -> Causes:
    """ValidateJobSpecUpdate: what a Job may not change once it exists."""
    out: Causes = []
    completions = spec.get("completions")
    if spec.get("completionMode", "NonIndexed") == "NonIndexed" and completions != old_spec.get("completions"):
        out.append(("spec.completions", invalid(Raw("null") if completions is None else completions, "field is immutable")))
    if spec.get("template") != old_spec.get("template"):
        # The apiserver prints the whole internal PodTemplateSpec with Go's %#v
        # (thousands of characters); the kit elides the struct's fields.
        out.append(("spec.template", invalid(Raw("core.PodTemplateSpec{...}"), "field is immutable")))
    return out


# ---------------------------------------------------------------- cronjobs
# pkg/apis/batch/validation/validation.go (v1.32): validateCronJobSpec
_TZ_PART = re.compile(r"^[A-Za-z\.\-_0-9+]{1,14}$")       # validTimeZoneCharacters


def _cronjob(obj: dict, old: dict | None) -> Causes:
    from .cron import ScheduleError, load_location, parse_standard
    spec = obj.get("spec") or {}
    old_spec = (old or {}).get("spec") or {}
    out: Causes = []
    schedule = spec.get("schedule") or ""
    if not schedule:
        out.append(("spec.schedule", required()))
    else:
        try:
            parse_standard(schedule)
        except ScheduleError as err:
            out.append(("spec.schedule", invalid(schedule, str(err))))
        allow_tz = "TZ" in (old_spec.get("schedule") or "")      # only an old CronJob may keep one
        if allow_tz and "TZ" in schedule and spec.get("timeZone") is not None:
            out.append(("spec.schedule", invalid(schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule")))
        elif not allow_tz and "TZ" in schedule:
            out.append(("spec.schedule", invalid(schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")))
    deadline = spec.get("startingDeadlineSeconds")
    if isinstance(deadline, int) and deadline < 0:
        out.append(("spec.startingDeadlineSeconds", invalid(deadline, "must be greater than or equal to 0")))
    zone = spec.get("timeZone")
    if zone is not None and (old is None or zone != old_spec.get("timeZone")):
        if zone == "":
            out.append(("spec.timeZone", invalid(zone, "timeZone must be nil or non-empty string")))
        elif any(p in (".", "..") or p.startswith("-") or not _TZ_PART.match(p) for p in zone.split("/")):
            out.append(("spec.timeZone", invalid(zone, f"unknown time zone {zone}")))
        else:
            if zone.lower() == "local":
                out.append(("spec.timeZone", invalid(
                    zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")))
            elif zone != "UTC":
                try:
                    load_location(zone)
                except ScheduleError as err:
                    out.append(("spec.timeZone", invalid(zone, str(err))))
    policy = spec.get("concurrencyPolicy", "Allow")
    if policy not in ("Allow", "Forbid", "Replace"):
        out.append(("spec.concurrencyPolicy", required() if policy == "" else
                    not_supported(policy, ["Allow", "Forbid", "Replace"])))
    template = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}
    out += _template(template, "spec.jobTemplate.spec.template")
    restart = (template.get("spec") or {}).get("restartPolicy", "Always")
    if restart not in ("OnFailure", "Never"):
        out.append(("spec.jobTemplate.spec.template.spec.restartPolicy", not_supported(restart, ["OnFailure", "Never"])))
    for field_name in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        value = spec.get(field_name)
        if isinstance(value, int) and value < 0:
            out.append((f"spec.{field_name}", invalid(value, "must be greater than or equal to 0")))
    return out


# ---------------------------------------------------------------- services
_SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]


def _service(obj: dict, old: dict | None) -> Causes:
    spec = obj.get("spec") or {}
    stype = spec.get("type", "ClusterIP")
    out: Causes = []
    if stype not in _SERVICE_TYPES:
        return [("spec.type", not_supported(stype, _SERVICE_TYPES))]
    ports = spec.get("ports") or []
    if stype == "ExternalName":
        if not spec.get("externalName"):
            out.append(("spec.externalName", required()))
    elif not ports:
        out.append(("spec.ports", required()))
    if spec.get("clusterIP") == "None" and stype in ("NodePort", "LoadBalancer"):
        out.append(("spec.clusterIPs[0]", invalid("None", f"may not be set to 'None' for {stype} services")))
    names, seen = set(), set()
    for i, p in enumerate(ports):
        pp = f"spec.ports[{i}]"
        name = p.get("name", "")
        if len(ports) > 1 and not name:
            out.append((f"{pp}.name", required()))
        elif name:
            out += [(f"{pp}.name", invalid(name, m)) for m in is_dns1123_label(name)]
            if name in names:
                out.append((f"{pp}.name", duplicate(name)))
            names.add(name)
        out += _port_number(p.get("port", 0), f"{pp}.port")
        proto = p.get("protocol", "TCP")
        if proto not in _PROTOCOLS:
            out.append((f"{pp}.protocol", not_supported(proto, _PROTOCOLS)))
        tp = p.get("targetPort")
        if isinstance(tp, int) and tp != 0:
            out += _port_number(tp, f"{pp}.targetPort")
        elif isinstance(tp, str) and tp:
            out += [(f"{pp}.targetPort", invalid(tp, m)) for m in is_valid_port_name(tp)]
        if p.get("nodePort") and stype not in ("NodePort", "LoadBalancer"):
            out.append((f"{pp}.nodePort", forbidden(f"may not be used when `type` is '{stype}'")))
        elif p.get("nodePort"):
            out += _port_number(p["nodePort"], f"{pp}.nodePort")
        key = (p.get("port"), proto)
        if key in seen:
            out.append((pp, duplicate(Raw(_service_port_struct(p)))))
        seen.add(key)
    if old is not None:
        old_ip = (old.get("spec") or {}).get("clusterIP")
        if old_ip and spec.get("clusterIP") and spec["clusterIP"] != old_ip and stype != "ExternalName":
            out.append(("spec.clusterIPs[0]", invalid(spec["clusterIP"], "may not change once set")))
    return out


def _service_port_struct(p: dict) -> str:
    tp = p.get("targetPort", 0)
    tps = (f'intstr.IntOrString{{Type:1, IntVal:0, StrVal:"{tp}"}}' if isinstance(tp, str)
           else f'intstr.IntOrString{{Type:0, IntVal:{tp}, StrVal:""}}')
    app = "(*string)(nil)" if p.get("appProtocol") is None else f'"{p["appProtocol"]}"'
    return (f'core.ServicePort{{Name:"{p.get("name", "")}", Protocol:"{p.get("protocol", "TCP")}", '
            f'AppProtocol:{app}, Port:{p.get("port", 0)}, TargetPort:{tps}, NodePort:{p.get("nodePort", 0)}}}')


# ---------------------------------------------------------------- config and storage
_SECRET_KEYS = {
    "kubernetes.io/tls": ["tls.crt", "tls.key"],
    "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
    "kubernetes.io/dockercfg": [".dockercfg"],
    "kubernetes.io/ssh-auth": ["ssh-privatekey"],
}


def _config(obj: dict, old: dict | None, kind: str) -> Causes:
    out: Causes = []
    keys: set[str] = set()
    for section in ("data", "stringData", "binaryData") if kind == "Secret" else ("data", "binaryData"):
        for key in sorted(obj.get(section) or {}):
            out += [(f"{section}[{key}]", invalid(key, m)) for m in is_config_map_key(key)]
            if kind == "ConfigMap" and key in keys:
                out.append((f"{section}[{key}]", duplicate(key)))
            keys.add(key)
    if kind == "Secret":
        stype = obj.get("type") or "Opaque"
        data = {**(obj.get("data") or {}), **(obj.get("stringData") or {})}
        for need in _SECRET_KEYS.get(stype, []):
            if need not in data:
                out.append((f"data[{need}]", required()))
        if stype == "kubernetes.io/basic-auth" and "username" not in data and "password" not in data:
            out.append(("data[username]", required()))
        if old is not None and (old.get("type") or "Opaque") != stype:
            out.append(("type", invalid(stype, "field is immutable")))
    if old is not None and old.get("immutable"):
        for section in ("data", "binaryData"):
            if (obj.get(section) or {}) != (old.get(section) or {}):
                out.append((section, forbidden("field is immutable when `immutable` is set")))
        if not obj.get("immutable"):
            out.append(("immutable", forbidden("field is immutable when `immutable` is set")))
    return out


_ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]


def _access_modes(modes: list, path: str) -> Causes:
    out: Causes = []
    if not modes:
        out.append((path, required("at least 1 access mode is required")))
    for m in modes or []:
        if m not in _ACCESS_MODES:
            out.append((path, not_supported(m, _ACCESS_MODES)))
    return out


def _pv(obj: dict, old: dict | None) -> Causes:
    spec = obj.get("spec") or {}
    out = _access_modes(spec.get("accessModes"), "spec.accessModes")
    if not (spec.get("capacity") or {}).get("storage"):
        out.append(("spec.capacity", required()))
    policy = spec.get("persistentVolumeReclaimPolicy")
    if policy is not None and policy not in ("Delete", "Recycle", "Retain"):
        out.append(("spec.persistentVolumeReclaimPolicy", not_supported(policy, ["Delete", "Recycle", "Retain"])))
    sources = [k for k in ("hostPath", "nfs", "local", "csi", "iscsi", "fc", "awsElasticBlockStore",
                           "gcePersistentDisk", "azureDisk", "azureFile", "cephfs", "rbd", "cinder")
               if spec.get(k)]
    if not sources:
        out.append(("spec", required("must specify a volume type")))
    return out


def _pvc(obj: dict, old: dict | None) -> Causes:
    spec = obj.get("spec") or {}
    out = _access_modes(spec.get("accessModes"), "spec.accessModes")
    requests = (spec.get("resources") or {}).get("requests") or {}
    if "storage" not in requests:
        out.append(("spec.resources[storage]", required()))
    return out


# ---------------------------------------------------------------- entry point
_SUBDOMAIN_KINDS = {"Pod", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob",
                    "ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim", "Node",
                    "ServiceAccount", "ReplicationController", "Endpoints"}


def _kind_checks(obj: dict, old: dict | None, kind: str) -> Causes:
    if kind == "Pod":
        out = _pod_spec(obj.get("spec") or {}, "spec")
        if old is not None and not out:
            out = validate_pod_update(obj.get("spec") or {}, old.get("spec") or {})
        return out
    if kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"):
        return _workload(obj, old, kind)
    if kind == "CronJob":
        return _cronjob(obj, old)
    if kind == "Service":
        return _service(obj, old)
    if kind in ("ConfigMap", "Secret"):
        return _config(obj, old, kind)
    if kind == "PersistentVolume":
        return _pv(obj, old)
    if kind == "PersistentVolumeClaim":
        return _pvc(obj, old)
    if kind == "HorizontalPodAutoscaler":
        return autoscaling.validate(obj)
    if kind == "PodDisruptionBudget":
        return policy.validate(obj, old)
    return []


def validate(obj: dict, old: dict | None = None) -> None:
    """Raise the ApiError the apiserver answers ``obj`` with on create (``old`` None)
    or update (``old`` the stored object); return None if it is accepted."""
    from . import resources
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    problem = decode_errors(obj)
    if problem:
        version = api_version.rsplit("/", 1)[-1]
        raise errors.bad_request(f'{kind} in version "{version}" cannot be handled as a {kind}: {problem}')
    rt = resources.by_kind(api_version, kind)
    group = rt.group if rt else (api_version.rsplit("/", 1)[0] if "/" in api_version else "")
    name_rule = NAME_RULES.get(kind, is_dns1123_subdomain)
    causes = _meta(obj, rt.namespaced if rt else True, name_rule)
    if old is not None:
        causes += _meta_update(obj, old)
    causes += _kind_checks(obj, old, kind)
    if causes:
        raise errors.invalid(kind, group, (obj.get("metadata") or {}).get("name", ""), causes)


def _meta_update(obj: dict, old: dict) -> Causes:
    md, omd = obj.get("metadata") or {}, old.get("metadata") or {}
    out: Causes = []
    for key in ("name", "namespace", "uid", "creationTimestamp"):
        if key in omd and md.get(key, omd[key]) != omd[key]:
            out.append((f"metadata.{key}", invalid(md.get(key), "field is immutable")))
    return out
