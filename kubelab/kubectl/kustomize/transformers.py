"""kustomize's transformers: patches (strategic merge and JSON 6902, on the same code as
the apiserver's, :mod:`kubelab.api.patch`), labels, annotations, replicas, images, the
rewriting of references to renamed objects, and the output order."""
from __future__ import annotations

import copy
import re

from kubelab.api.patch import PatchFailed, json_patch, strategic_merge

from .resource import KustomizeError, Res, group_of, version_of


# --- references ----------------------------------------------------------------------------

def _pod_specs(obj: dict):
    spec = obj.get("spec") or {}
    kind = obj.get("kind")
    if kind == "Pod":
        yield spec
    elif kind == "CronJob":
        yield ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template", {}).get(
            "spec") or {}
    elif isinstance(spec.get("template"), dict):
        yield spec["template"].get("spec") or {}


def _references(obj: dict):
    """(target kind, container dict, key) for every name that points at another object."""
    for ps in _pod_specs(obj):
        for group in ("containers", "initContainers", "ephemeralContainers"):
            for c in ps.get(group) or []:
                for env in c.get("env") or []:
                    vf = env.get("valueFrom") or {}
                    if isinstance(vf.get("configMapKeyRef"), dict):
                        yield "ConfigMap", vf["configMapKeyRef"], "name"
                    if isinstance(vf.get("secretKeyRef"), dict):
                        yield "Secret", vf["secretKeyRef"], "name"
                for ef in c.get("envFrom") or []:
                    if isinstance(ef.get("configMapRef"), dict):
                        yield "ConfigMap", ef["configMapRef"], "name"
                    if isinstance(ef.get("secretRef"), dict):
                        yield "Secret", ef["secretRef"], "name"
        for v in ps.get("volumes") or []:
            if isinstance(v.get("configMap"), dict):
                yield "ConfigMap", v["configMap"], "name"
            if isinstance(v.get("secret"), dict):
                yield "Secret", v["secret"], "secretName"
            if isinstance(v.get("persistentVolumeClaim"), dict):
                yield "PersistentVolumeClaim", v["persistentVolumeClaim"], "claimName"
            for src in (v.get("projected") or {}).get("sources") or []:
                if isinstance(src.get("configMap"), dict):
                    yield "ConfigMap", src["configMap"], "name"
                if isinstance(src.get("secret"), dict):
                    yield "Secret", src["secret"], "name"
        for ips in ps.get("imagePullSecrets") or []:
            yield "Secret", ips, "name"
        if "serviceAccountName" in ps:
            yield "ServiceAccount", ps, "serviceAccountName"
    spec = obj.get("spec") or {}
    if obj.get("kind") == "StatefulSet" and "serviceName" in spec:
        yield "Service", spec, "serviceName"
    if obj.get("kind") == "Ingress":
        backends = [spec.get("defaultBackend") or {}]
        for rule in spec.get("rules") or []:
            backends += [p.get("backend") or {} for p in (rule.get("http") or {}).get("paths") or []]
        for b in backends:
            if isinstance(b.get("service"), dict):
                yield "Service", b["service"], "name"
    if obj.get("kind") == "ServiceAccount":
        for s in obj.get("secrets") or []:
            yield "Secret", s, "name"
        for s in obj.get("imagePullSecrets") or []:
            yield "Secret", s, "name"


def fix_references(resources: list[Res]) -> None:
    for referrer in resources:
        for kind, holder, key in list(_references(referrer.obj)):
            old = holder.get(key)
            if not isinstance(old, str):
                continue
            targets = [t for t in resources if t.kind == kind and t.had_name(old)]
            same_ns = [t for t in targets if t.namespace == referrer.namespace]
            chosen = same_ns or targets
            if chosen:
                holder[key] = chosen[0].name


# --- order ---------------------------------------------------------------------------------

ORDER_FIRST = ["Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition",
               "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding",
               "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service",
               "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
               "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"]
ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]


def sort_resources(resources: list[Res], options: dict | None) -> list[Res]:
    """kubectl kustomize sorts by kind ("legacy" order) unless sortOptions says fifo."""
    options = options or {}
    if options.get("order") == "fifo":
        return resources
    legacy = options.get("legacySortOptions") or {}
    first = legacy.get("orderFirst", ORDER_FIRST)
    last = legacy.get("orderLast", ORDER_LAST)
    rank = {k: i - len(first) for i, k in enumerate(first)}
    rank.update({k: i + 1 for i, k in enumerate(last)})

    def gvk(r: Res) -> str:
        return "_".join([group_of(r.obj) or "~G", version_of(r.obj) or "~V", r.kind or "~K"])

    def key(r: Res):
        g = gvk(r)
        # Two Namespace kinds, one from the core group: the reverse string order wins.
        g_cmp = g if r.kind != "Namespace" else "".join(chr(0x10FFFF - ord(c)) for c in g)
        return (rank.get(r.kind, 0), g_cmp, r.namespace or "~X", r.name or "~N")

    return sorted(resources, key=key)


# --- patches, labels, annotations, replicas, images -----------------------------------------

def _selected(res: Res, target: dict) -> bool:
    obj = res.obj
    if target.get("kind") and target["kind"] != res.kind:
        return False
    if target.get("group") is not None and target.get("group") != "" and \
            target["group"] != group_of(obj):
        return False
    if target.get("version") and target["version"] != version_of(obj):
        return False
    if target.get("name") and not any(re.fullmatch(target["name"], n)
                                       for n in [res.name, *res.names]):
        return False
    if target.get("namespace") and not re.fullmatch(target["namespace"], res.namespace):
        return False
    for key, field_ in (("labelSelector", "labels"), ("annotationSelector", "annotations")):
        if target.get(key):
            from kubelab.api.selectors import parse
            if not parse(target[key]).matches(obj.get("metadata", {}).get(field_) or {}):
                return False
    return True


def apply_patch(resources: list[Res], patch, target: dict | None) -> None:
    if isinstance(patch, list):  # a JSON 6902 operation list
        for r in resources:
            if target and _selected(r, target):
                try:
                    r.obj = json_patch(r.obj, patch, server=False)
                except PatchFailed as e:
                    raise KustomizeError(e.text) from None
        return
    if not target:
        meta = patch.get("metadata") or {}
        target = {"kind": patch.get("kind"), "name": re.escape(meta.get("name", "")),
                  "namespace": re.escape(meta["namespace"]) if meta.get("namespace") else None}
    matched = [r for r in resources if _selected(r, target)]
    if not matched and not (target.get("name") or "").strip("\\"):
        return
    if not matched:
        raise KustomizeError(f"no resource matches strategic merge patch "
                             f"\"{patch.get('kind')}.{version_of(patch)}.{group_of(patch) or '[noGrp]'}"
                             f"/{(patch.get('metadata') or {}).get('name')}."
                             f"{(patch.get('metadata') or {}).get('namespace') or '[noNs]'}\"")
    for r in matched:
        body = copy.deepcopy(patch)
        # A patch selected by target keeps the target's own name, kind and namespace.
        body.pop("apiVersion", None)
        body.pop("kind", None)
        meta = body.get("metadata")
        if isinstance(meta, dict):
            meta.pop("name", None)
            meta.pop("namespace", None)
        try:
            r.obj = strategic_merge(r.obj, body, r.kind)
        except PatchFailed as e:
            raise KustomizeError(e.text) from None


LABEL_SELECTOR_PATHS = {
    "Service": [("spec", "selector")], "ReplicationController": [("spec", "selector")],
    "Deployment": [("spec", "selector", "matchLabels")],
    "ReplicaSet": [("spec", "selector", "matchLabels")],
    "DaemonSet": [("spec", "selector", "matchLabels")],
    "StatefulSet": [("spec", "selector", "matchLabels")],
}
# Selectors that get the labels only when they already exist (create: false).
LABEL_SELECTOR_IF_PRESENT = {
    "Job": [("spec", "selector", "matchLabels")],
    "CronJob": [("spec", "jobTemplate", "spec", "selector", "matchLabels")],
    "PodDisruptionBudget": [("spec", "selector", "matchLabels")],
    "NetworkPolicy": [("spec", "podSelector", "matchLabels")],
}
TEMPLATE_PATHS = {
    "ReplicationController": [("spec", "template")], "Deployment": [("spec", "template")],
    "ReplicaSet": [("spec", "template")], "DaemonSet": [("spec", "template")],
    "StatefulSet": [("spec", "template")], "Job": [("spec", "template")],
    "CronJob": [("spec", "jobTemplate"), ("spec", "jobTemplate", "spec", "template")],
}


def _merge_at(obj: dict, path: tuple, pairs: dict, create: bool) -> None:
    node = obj
    for part in path:
        if not isinstance(node.get(part), dict):
            if not create:
                return
            node[part] = {}
        node = node[part]
    node.update({k: str(v) if not isinstance(v, str) else v for k, v in pairs.items()})


def add_labels(resources: list[Res], pairs: dict, selectors: bool, templates: bool) -> None:
    for r in resources:
        _merge_at(r.obj, ("metadata", "labels"), pairs, True)
        if templates:
            for path in TEMPLATE_PATHS.get(r.kind, []):
                _merge_at(r.obj, path + ("metadata", "labels"), pairs, True)
        if selectors:
            for path in LABEL_SELECTOR_PATHS.get(r.kind, []):
                _merge_at(r.obj, path, pairs, True)
            for path in LABEL_SELECTOR_IF_PRESENT.get(r.kind, []):
                _merge_at(r.obj, path, pairs, False)


def add_annotations(resources: list[Res], pairs: dict) -> None:
    for r in resources:
        _merge_at(r.obj, ("metadata", "annotations"), pairs, True)
        for path in TEMPLATE_PATHS.get(r.kind, []):
            _merge_at(r.obj, path + ("metadata", "annotations"), pairs, True)


def set_replicas(resources: list[Res], name: str, count: int) -> None:
    for r in resources:
        if r.kind in ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController") \
                and r.had_name(name):
            r.obj.setdefault("spec", {})["replicas"] = count


def _split_image(image: str) -> tuple[str, str, str]:
    """(name, ":tag" or "", "@digest" or "")."""
    name, digest = (image.split("@", 1) + [""])[:2]
    digest = "@" + digest if digest else ""
    slash = name.rfind("/")
    colon = name.rfind(":")
    tag = ""
    if colon > slash:
        name, tag = name[:colon], name[colon:]
    return name, tag, digest


def set_images(resources: list[Res], entry: dict) -> None:
    for r in resources:
        for ps in _pod_specs(r.obj):
            for group in ("containers", "initContainers"):
                for c in ps.get(group) or []:
                    if not isinstance(c.get("image"), str):
                        continue
                    name, tag, digest = _split_image(c["image"])
                    if name != entry.get("name"):
                        continue
                    if entry.get("newName"):
                        name = entry["newName"]
                    if entry.get("newTag") is not None:
                        tag, digest = ":" + str(entry["newTag"]), ""
                    if entry.get("digest"):
                        tag, digest = "", "@" + entry["digest"]
                    c["image"] = name + tag + digest
