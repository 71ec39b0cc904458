"""Defaulting as the v1.32 apiserver does it on create and update.

Three sources, applied in the apiserver's order:

* ``apply_defaults(obj)`` - the scheme defaulters (pkg/apis/core/v1/defaults.go,
  apps/v1/defaults.go, batch/v1/defaults.go) that run while the body is decoded, plus
  the registry strategies' PrepareForCreate (status phases, a Pod's qosClass, a
  Namespace's name label, a Job's generated selector).
* ``admit(obj, suffix)`` - the mutating admission plugins every cluster enables:
  ServiceAccount (``serviceAccountName: default`` and the ``kube-api-access-<suffix>``
  projected token volume mounted in every container), DefaultTolerationSeconds (300 s
  tolerations for not-ready/unreachable nodes) and Priority (``priority: 0``,
  ``preemptionPolicy: PreemptLowerPriority``).  ``suffix`` is the 5 random characters
  the plugin draws, given by the caller from its seeded RNG (kubelab never uses global
  randomness).

Kept out: defaults that need cluster state (a Service's clusterIP and nodePorts, the
Job selector when the object has no uid yet - call again once it has one).

>>> d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
...      "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
>>> apply_defaults(d)
>>> d["spec"]["replicas"], d["spec"]["strategy"], d["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"]
(1, {'type': 'RollingUpdate', 'rollingUpdate': {'maxUnavailable': '25%', 'maxSurge': '25%'}}, 'Always')
"""
from __future__ import annotations

from collections.abc import Callable

from . import autoscaling
from .qos import compute_pod_qos

__all__ = ["apply_defaults", "admit", "gate_condition", "image_pull_policy", "prepare_sibling", "SERVICE_ACCOUNT_MOUNT"]

SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


def image_pull_policy(image: str) -> str:
    """SetDefaults_Container: ``Always`` for ``:latest`` or no tag, else ``IfNotPresent``
    (a digest counts as pinned)."""
    if "@" in image:
        return "IfNotPresent"
    last = image.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else ""
    return "Always" if tag in ("", "latest") else "IfNotPresent"


def _probe(p: dict | None) -> None:
    if not p:
        return
    p.setdefault("timeoutSeconds", 1)
    p.setdefault("periodSeconds", 10)
    p.setdefault("successThreshold", 1)
    p.setdefault("failureThreshold", 3)
    if "httpGet" in p:
        p["httpGet"].setdefault("path", "/")
        p["httpGet"].setdefault("scheme", "HTTP")


def _container(c: dict, pod: bool) -> None:
    # (a pod made from a defaulted template has these already: nothing is computed or made for them)
    if "imagePullPolicy" not in c:
        c["imagePullPolicy"] = image_pull_policy(c.get("image", ""))
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    res = c.get("resources")
    if res is None:                 # absent or null: the zero ResourceRequirements, {}
        res = c["resources"] = {}
    if pod and res.get("limits"):
        # SetDefaults_Pod: requests default to limits — "on a v1.Pod and not a v1.PodTemplate"
        req = res.setdefault("requests", {})
        for k, v in res["limits"].items():
            req.setdefault(k, v)
    for p in c.get("ports") or ():
        p.setdefault("protocol", "TCP")
    for name in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = c.get(name)
        if probe:
            _probe(probe)
    for e in c.get("env") or ():
        ref = (e.get("valueFrom") or {}).get("fieldRef")
        if ref is not None:
            ref.setdefault("apiVersion", "v1")


def _volume(v: dict) -> None:
    for src in ("configMap", "secret", "projected", "downwardAPI"):
        if src in v:
            v[src].setdefault("defaultMode", 420)
    if "hostPath" in v:
        v["hostPath"].setdefault("type", "")
    if "persistentVolumeClaim" in v:
        pass
    for item in (v.get("downwardAPI") or {}).get("items") or []:
        if "fieldRef" in item:
            item["fieldRef"].setdefault("apiVersion", "v1")


def _pod_spec(spec: dict, pod: bool = False) -> None:
    # pod-level resources are alpha in v1.32 (gate PodLevelResources off): the pod
    # strategy's dropDisabledFields removes them
    spec.pop("resources", None)
    for v in spec.get("volumes") or []:
        v.pop("image", None)          # image volumes are alpha too (gate ImageVolume off)
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    for group in ("initContainers", "containers"):
        for c in spec.get(group) or []:
            _container(c, pod)
    for v in spec.get("volumes") or []:
        _volume(v)


def _template(tmpl: dict | None) -> None:
    if tmpl is not None:
        tmpl.setdefault("metadata", {})
        _pod_spec(tmpl.setdefault("spec", {}))


# -------------------------------------------------------------------- per kind
def _pod(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    _pod_spec(spec, pod=True)
    spec.setdefault("enableServiceLinks", True)          # SetDefaults_Pod, Pods only
    if spec.get("hostNetwork"):
        # SetDefaults_Pod: on the host's network a container port is a host port (Pods
        # only: templates keep theirs unset since v1.28, DefaultHostNetworkHostPortsInPodTemplates off)
        for group in ("containers", "initContainers"):
            for c in spec.get(group) or []:
                for port in c.get("ports") or []:
                    if not port.get("hostPort"):
                        port["hostPort"] = port.get("containerPort")
    status = obj.setdefault("status", {})
    status.setdefault("phase", "Pending")                # podStrategy.PrepareForCreate
    status.setdefault("qosClass", compute_pod_qos(spec))


def _deployment(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        ru = strategy.setdefault("rollingUpdate", {})
        ru.setdefault("maxUnavailable", "25%")
        ru.setdefault("maxSurge", "25%")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    _template(spec.get("template"))


def _replicaset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    _template(spec.get("template"))


def _daemonset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    us = spec.setdefault("updateStrategy", {})
    us.setdefault("type", "RollingUpdate")
    if us["type"] == "RollingUpdate":
        ru = us.setdefault("rollingUpdate", {})
        ru.setdefault("maxUnavailable", 1)
        ru.setdefault("maxSurge", 0)
    spec.setdefault("revisionHistoryLimit", 10)
    _template(spec.get("template"))


def _statefulset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    us = spec.setdefault("updateStrategy", {})
    us.setdefault("type", "RollingUpdate")
    if us["type"] == "RollingUpdate":
        us.setdefault("rollingUpdate", {}).setdefault("partition", 0)
    spec.setdefault("revisionHistoryLimit", 10)
    pol = spec.setdefault("persistentVolumeClaimRetentionPolicy", {})
    pol.setdefault("whenDeleted", "Retain")
    pol.setdefault("whenScaled", "Retain")
    for pvc in spec.get("volumeClaimTemplates") or []:
        pvc.setdefault("apiVersion", "v1")
        pvc.setdefault("kind", "PersistentVolumeClaim")
        pvc.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
        pvc.setdefault("status", {}).setdefault("phase", "Pending")
    _template(spec.get("template"))


def _job(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
        spec["parallelism"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault("podReplacementPolicy",
                    "Failed" if spec.get("podFailurePolicy") else "TerminatingOrFailed")
    if spec.get("manualSelector") is not True:
        # jobStrategy.PrepareForCreate -> generateSelector: needs the uid the store assigns.
        uid = (obj.get("metadata") or {}).get("uid")
        name = (obj.get("metadata") or {}).get("name", "")
        if uid:
            labels = spec.setdefault("template", {}).setdefault("metadata", {}).setdefault("labels", {})
            labels.update({"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
                           "controller-uid": uid, "job-name": name})
            spec.setdefault("selector", {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}})
    # SetDefaults_Job: a Job without labels of its own shows its template's (the
    # apiserver defaults them as it reads the Job back, generated labels included).
    template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    md = obj.setdefault("metadata", {})
    if template_labels and not md.get("labels"):
        md["labels"] = dict(template_labels)
    _template(spec.get("template"))


def _cronjob(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    _template(((spec.setdefault("jobTemplate", {})).setdefault("spec", {})).get("template"))


def _service(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    stype = spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    for p in spec.get("ports") or []:
        p.setdefault("protocol", "TCP")
        if p.get("targetPort") in (None, 0, ""):
            p["targetPort"] = p.get("port")
    if stype == "ExternalName":
        return
    if stype in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if stype == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)
    spec.setdefault("internalTrafficPolicy", "Cluster")
    # The service registry's IP-family defaulting on a single-stack IPv4 cluster;
    # headless services without a selector ask for both families when available.
    headless_no_selector = spec.get("clusterIP") == "None" and not spec.get("selector")
    spec.setdefault("ipFamilyPolicy", "RequireDualStack" if headless_no_selector else "SingleStack")
    spec.setdefault("ipFamilies", ["IPv4"])
    obj.setdefault("status", {}).setdefault("loadBalancer", {})


def _namespace(obj: dict) -> None:
    name = obj.setdefault("metadata", {}).get("name", "")
    obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = name
    obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    obj.setdefault("status", {}).setdefault("phase", "Active")


def _pv(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    if "hostPath" in spec:
        spec["hostPath"].setdefault("type", "")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def _pvc(obj: dict) -> None:
    obj.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def _secret(obj: dict) -> None:
    obj.setdefault("type", "Opaque")


def _node(obj: dict) -> None:
    obj.setdefault("spec", {})
    status = obj.get("status") or {}
    if status.get("capacity") and "allocatable" not in status:   # SetDefaults_NodeStatus
        status["allocatable"] = dict(status["capacity"])


def _podtemplate(obj: dict) -> None:
    _template(obj.get("template"))


def _replication_controller(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    tmpl = spec.get("template")
    if tmpl and not spec.get("selector"):
        spec["selector"] = dict((tmpl.get("metadata") or {}).get("labels") or {})
    _template(tmpl)


_BY_KIND = {
    "Pod": _pod, "Deployment": _deployment, "ReplicaSet": _replicaset, "DaemonSet": _daemonset,
    "StatefulSet": _statefulset, "Job": _job, "CronJob": _cronjob, "Service": _service,
    "Namespace": _namespace, "PersistentVolume": _pv, "PersistentVolumeClaim": _pvc,
    "Secret": _secret, "Node": _node, "PodTemplate": _podtemplate,
    "ReplicationController": _replication_controller, "HorizontalPodAutoscaler": autoscaling.default,
}


def apply_defaults(obj: dict) -> None:
    """Fill in, in place, what the apiserver's defaulting fills in for ``obj``'s kind."""
    fn = _BY_KIND.get(obj.get("kind", ""))
    if fn is not None:
        fn(obj)


# -------------------------------------------------------------------- admission
_DEFAULT_TOLERATED = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")


def _default_tolerations(spec: dict) -> None:
    """DefaultTolerationSeconds: tolerate NotReady/Unreachable nodes for 300 s, unless the
    pod already tolerates that taint's NoExecute: a toleration with that key or no key (an
    ``operator: Exists`` without a key tolerates every taint), and effect NoExecute or none
    (upstream plugin/pkg/admission/defaulttolerationseconds)."""
    tolerations = spec.get("tolerations") or []
    if tolerations:
        missing = [key for key in _DEFAULT_TOLERATED
                   if not any((t.get("key") or "") in (key, "") and (t.get("effect") or "") in ("NoExecute", "")
                              for t in tolerations)]
        if not missing:
            return
    else:
        missing = _DEFAULT_TOLERATED     # (most pods: none of their own)
    tolerations = spec["tolerations"] = list(tolerations)
    for key in missing:
        tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                            "tolerationSeconds": 300})


def gate_condition(obj: dict, now: Callable[[], str]) -> None:
    """podStrategy.PrepareForCreate's applySchedulingGatedCondition: a new pod with
    scheduling gates says why it waits (``kubectl get`` shows STATUS SchedulingGated);
    the scheduler's outcome (the binding, or Unschedulable) replaces the condition once
    the gates are removed."""
    if obj.get("kind") != "Pod" or not (obj.get("spec") or {}).get("schedulingGates"):
        return
    status = obj.setdefault("status", {})
    conditions = status.setdefault("conditions", [])
    if any(c.get("type") == "PodScheduled" for c in conditions):
        return
    conditions.append({"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                       "lastTransitionTime": now(), "reason": "SchedulingGated",
                       "message": "Scheduling is blocked due to non-empty scheduling gates"})


def _token_name(suffix: str) -> str:
    """The ServiceAccount plugin's token volume, named with the 5 characters it draws."""
    return f"kube-api-access-{suffix}"


def _adds_token(obj: dict) -> bool:
    """Whether the ServiceAccount plugin adds the token volume to a pod (as it
    comes, before defaulting: nothing defaulting does changes the answer): not to a
    mirror pod, nor one that opts out, nor one that has a token volume already."""
    annotations = obj["metadata"].get("annotations")
    if annotations and "kubernetes.io/config.mirror" in annotations:
        return False
    spec = obj["spec"]
    if spec.get("automountServiceAccountToken") is False:
        return False
    volumes = spec.get("volumes")
    return not volumes or not any(v.get("name", "").startswith("kube-api-access-") for v in volumes)


def _mounts_token(container: dict) -> bool:
    """Whether the token volume is mounted in this container: unless it mounts something there already."""
    mounts = container.get("volumeMounts")
    return not mounts or not any(m.get("mountPath") == SERVICE_ACCOUNT_MOUNT for m in mounts)


def _service_account(obj: dict, suffix: str) -> None:
    """The ServiceAccount admission plugin: the default account and its token volume
    (never on a mirror pod, whose spec must stay the kubelet's manifest)."""
    annotations = obj["metadata"].get("annotations")
    if annotations and "kubernetes.io/config.mirror" in annotations:
        return
    spec = obj["spec"]
    spec.setdefault("serviceAccountName", spec.get("serviceAccount") or "default")
    spec.setdefault("serviceAccount", spec["serviceAccountName"])
    if spec.get("automountServiceAccountToken") is False:
        return
    volumes = spec.get("volumes")
    if volumes is None:             # absent or null: a nil slice to the apiserver
        volumes = spec["volumes"] = []
    if not _adds_token(obj):
        return
    name = _token_name(suffix)
    volumes.append({"name": name, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
            "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
    ]}})
    for group in ("initContainers", "containers"):
        for c in spec.get(group) or ():
            if _mounts_token(c):
                mounts = c.get("volumeMounts")
                if mounts is None:
                    mounts = c["volumeMounts"] = []
                mounts.append({"name": name, "readOnly": True, "mountPath": SERVICE_ACCOUNT_MOUNT})


def admit(obj: dict, suffix: str) -> None:
    """The default mutating admission plugins, for Pods on create (others untouched).
    ``suffix``: 5 characters from the cluster's seeded RNG for the token volume name."""
    if obj.get("kind") != "Pod":
        return
    spec = obj.setdefault("spec", {})
    _service_account(obj, suffix)
    _default_tolerations(spec)
    spec.setdefault("priority", 0)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")


# -------------------------------------------------------------------- siblings
def prepare_sibling(pod: dict, prev: dict, suffix: Callable[[], str], classes_stored: Callable[[], bool]) -> dict | None:
    """A ReplicaSet's pod prepared for storage without defaulting and admitting it
    again: ``prev`` (its sibling made just before it from the same template object,
    as stored) with this pod's own values, or None when that cannot be vouched for
    (then the pod takes the general path).  Stands for the cluster's Pod hooks on a
    create, in their order: apply_defaults, Priority, ``admit`` (ServiceAccount,
    DefaultTolerationSeconds, Priority's defaults) and gate_condition.

    ``pod``: as make_pod built it, with the name and uid Store.create gave it.  The
    caller (Store.create) vouches that it was made from the same template object as
    ``prev``, so its spec, labels, annotations and finalizers are equal to what
    ``prev``'s were before defaulting (stored objects never change in place), and
    that ``prev`` was prepared by the Pod hooks there are now; the cluster, that
    these are the ones registered with this rule.  Why the result is what the hooks
    would make of ``pod``:

    * the rest of ``pod``'s metadata (generateName, namespace, ownerReferences) is
      checked equal to ``prev``'s below: so ``pod`` before the hooks equals ``prev``
      before them, but for its name and uid, which no hook reads (Priority quotes
      the name in its refusal: ``prev`` was not refused);
    * apply_defaults, ``_default_tolerations`` and ``_service_account``'s account
      names read nothing but the pod: equal pods, equal results;
    * Priority reads the PriorityClasses too: here only when no class is stored now
      and none gave ``prev`` a priorityClassName (its template names none): then
      it set priority 0 on both, and no name or preemptionPolicy of a class;
    * gate_condition stamps the instant on a gated pod: never here (no gates);
    * ``admit`` draws 5 characters for the token volume on every pod, here drawn as
      it would draw them, after the name and uid; the volume's name is the only
      part of what the ServiceAccount plugin adds that they change, placed where
      ``_service_account`` places it: the last volume, and the last mount of the
      containers it mounts in (``_adds_token``, ``_mounts_token``: read on ``pod``,
      as the plugin reads them, none of which the defaulting before it changes).

    The parts taken from ``prev`` are ``prev``'s own objects (what Sharer.share_parts
    would have made them: twins): the new pod's dicts and lists holding its own
    strings are new (its metadata, spec, the token volume and mounts and the lists
    and containers holding them)."""
    md, spec = pod["metadata"], pod["spec"]
    old_md, old_spec = prev["metadata"], prev["spec"]
    if "status" in pod:
        return None
    for key, value in md.items():
        if key != "name" and key != "uid" and (key not in old_md or old_md[key] != value):
            return None         # another owner, namespace or prefix: its own parts, looked up by the Sharer
    if (spec.get("schedulingGates") or spec.get("priorityClassName") or "priorityClassName" in old_spec
            or classes_stored()):
        return None
    name = _token_name(suffix())            # admit's draw, always made
    for key in md:
        if key != "name" and key != "uid":
            md[key] = old_md[key]           # equal: prev's own (the Sharer's twin)
    new_spec = old_spec.copy()              # (the same keys in the same order)
    if _adds_token(pod):
        volumes = new_spec["volumes"] = old_spec["volumes"][:]
        volumes[-1] = _renamed(volumes[-1], name)
        for group in ("initContainers", "containers"):
            made = spec.get(group)
            if made:
                containers = new_spec[group] = old_spec[group][:]
                for i, c in enumerate(made):
                    if _mounts_token(c):
                        container = containers[i] = containers[i].copy()
                        mounts = container["volumeMounts"] = container["volumeMounts"][:]
                        mounts[-1] = _renamed(mounts[-1], name)
    pod["spec"] = new_spec
    pod["status"] = prev["status"]          # apply_defaults' phase and qosClass (of an equal spec)
    return pod


def _renamed(entry: dict, name: str) -> dict:
    """A token volume or mount (a new dict, its keys in their order) under this pod's volume name."""
    entry = entry.copy()
    entry["name"] = name
    return entry
