"""``kubectl kustomize DIR`` (kustomize v5.5.0 as bundled in kubectl v1.32).

``build(path)`` returns the objects kustomize emits, in its order; ``render(objects)``
prints them exactly as kubectl does. Supported: resources (files, and directories with
their own kustomization), configMapGenerator / secretGenerator (files, literals, envs,
behavior, options, generatorOptions), the content-hash name suffix, namePrefix /
nameSuffix, namespace, commonLabels, labels, commonAnnotations, images, replicas,
patches (strategic merge and JSON 6902), patchesStrategicMerge, sortOptions, and the
rewriting of references to renamed ConfigMaps, Secrets, Services, ServiceAccounts and
PersistentVolumeClaims.

The order in which kustomize works (api/internal/target/kusttarget.go): accumulate the
resources, run the generators, run the transformers (patches, namespace, prefix/suffix,
labels, annotations, JSON patches, replicas, images), and only at the very end append
the hashes to generated names and fix every reference to a renamed object.

>>> fs = MemoryFS({"k/kustomization.yaml": "configMapGenerator:\\n- name: cm\\n  literals:\\n  - a=b\\n"})
>>> print(render(build("k", fs=fs)), end="")
apiVersion: v1
data:
  a: b
kind: ConfigMap
metadata:
  name: cm-4h2mbtbbt6
"""
from __future__ import annotations

import base64
import copy
import datetime
import json
import re
from dataclasses import dataclass, field

import yaml

from kubelab.api.gofmt import yaml_number
from kubelab.api.names import is_config_map_key, is_env_var_name
from kubelab.api.patch import PatchFailed, json_patch, strategic_merge
from kubelab.api.resources import by_kind
from kubelab.kubectl.generators import (FileSystem, LocalFS, MemoryFS, encode_hash,
                                        go_json, parse_file_source)
from kubelab.kubectl.printers.yamljson import to_yaml, yaml_stream

__all__ = ["KustomizeError", "build", "render", "MemoryFS", "LocalFS",
           "KUSTOMIZATION_FILES"]

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

DEPRECATED = {
    "commonLabels": "labels", "patchesStrategicMerge": "patches",
    "patchesJson6902": "patches", "bases": "resources", "vars": "replacements",
}


class KustomizeError(Exception):
    """What kustomize reports (kubectl prints it as ``"command failed" err="..."``)."""


@dataclass
class Res:
    obj: dict
    names: list[str] = field(default_factory=list)   # every name it has had, oldest first
    generated: bool = False
    hash_suffix: bool = False

    @property
    def kind(self) -> str:
        return self.obj.get("kind", "")

    @property
    def name(self) -> str:
        return self.obj.get("metadata", {}).get("name", "")

    @property
    def namespace(self) -> str:
        return self.obj.get("metadata", {}).get("namespace", "") or ""

    def rename(self, new: str) -> None:
        self.names.append(self.name)
        self.obj["metadata"]["name"] = new

    def had_name(self, name: str) -> bool:
        return name == self.name or name in self.names


def build(path: str, fs: FileSystem | None = None,
          warnings: list[str] | None = None) -> list[dict]:
    """The objects ``kubectl kustomize PATH`` prints, in its order.

    Deprecation notices kustomize writes to stderr are appended to ``warnings``.
    """
    fs = fs or LocalFS()
    kind = fs.kind(path)
    if kind is None:
        raise KustomizeError(
            f"must build at directory: not a valid directory: evalsymlink failure on "
            f"'{path}' : lstat {path}: no such file or directory")
    if kind != "dir":
        raise KustomizeError(f"must build at directory: '{path}': file is not directory")
    kust = _load_kustomization(fs, path, warnings if warnings is not None else [])
    resources = _accumulate(fs, path, kust, warnings if warnings is not None else [])
    for res in resources:
        if res.hash_suffix:
            res.rename(f"{res.name}-{_content_hash(res.obj)}")
    _fix_references(resources)
    return [r.obj for r in _sort(resources, kust.get("sortOptions"))]


# --- loading -------------------------------------------------------------------------------

def _load_kustomization(fs: FileSystem, directory: str, warnings: list[str]) -> dict:
    found = [n for n in KUSTOMIZATION_FILES if fs.kind(fs.join(directory, n)) == "file"]
    if not found:
        raise KustomizeError(f"unable to find one of 'kustomization.yaml', 'kustomization.yml'"
                             f" or 'Kustomization' in directory '{directory}'")
    if len(found) > 1:
        raise KustomizeError(f"Found multiple kustomization files under: {directory}")
    text = fs.read_file(fs.join(directory, found[0])).decode()
    # The kustomization itself is read by sigs.k8s.io/yaml (YAML 1.1: `yes` is a bool).
    kust = load_kustomization_text(text) or {}
    if not isinstance(kust, dict):
        raise KustomizeError("invalid Kustomization: json: cannot unmarshal array into Go "
                             "value of type types.Kustomization")
    for old, new in DEPRECATED.items():
        if old in kust:
            warnings.append(f"# Warning: '{old}' is deprecated. Please use '{new}' instead."
                            f" Run 'kustomize edit fix' to update your Kustomization "
                            f"automatically.")
    return kust


def _read(fs: FileSystem, directory: str, rel: str, what: str) -> bytes:
    p = fs.join(directory, rel)
    if fs.kind(p) != "file":
        raise KustomizeError(f"{what}: evalsymlink failure on '{p}' : lstat {p}: "
                             f"no such file or directory")
    return fs.read_file(p)


def _accumulate(fs: FileSystem, directory: str, kust: dict, warnings: list[str]) -> list[Res]:
    resources: list[Res] = []
    for entry in list(kust.get("resources") or []) + list(kust.get("bases") or []):
        p = fs.join(directory, entry)
        kind = fs.kind(p)
        if kind == "dir":
            sub = _load_kustomization(fs, p, warnings)
            try:
                resources += _accumulate(fs, p, sub, warnings)
            except KustomizeError as e:
                raise KustomizeError(f"accumulating resources: accumulating resources from "
                                     f"'{entry}': {e}") from None
        elif kind == "file":
            text = fs.read_file(p).decode()
            try:
                docs = load_resources(text)
            except YamlError as e:
                raise KustomizeError(f"accumulating resources: accumulating resources from "
                                     f"'{entry}': MalformedYAMLError: {e} in File: {entry}") \
                    from None
            resources += [Res(d, []) for d in docs]
        else:
            raise KustomizeError(
                f"accumulating resources: accumulating resources from '{entry}': "
                f"evalsymlink failure on '{p}' : lstat {p}: no such file or directory")
    _check_unique(resources)
    _generate(fs, directory, kust, resources)
    _transform(fs, directory, kust, resources)
    return resources


def _check_unique(resources: list[Res]) -> None:
    seen = set()
    for r in resources:
        key = (r.obj.get("apiVersion"), r.kind, r.namespace, r.name)
        if key in seen:
            raise KustomizeError(
                f"accumulating resources: may not add resource with an already registered "
                f"id: {r.kind}.{_version(r.obj)}.{_group(r.obj) or '[noGrp]'}/"
                f"{r.name}.{r.namespace or '[noNs]'}")
        seen.add(key)


def _group(obj: dict) -> str:
    av = obj.get("apiVersion", "")
    return av.split("/")[0] if "/" in av else ""


def _version(obj: dict) -> str:
    return obj.get("apiVersion", "").split("/")[-1]


# --- generators ----------------------------------------------------------------------------

def _kv_pairs(fs: FileSystem, directory: str, spec: dict) -> list[tuple[str, bytes]]:
    """envs first, then literals, then files: the order of api/kv/kv.go."""
    pairs: list[tuple[str, bytes]] = []
    envs = list(spec.get("envs") or []) + ([spec["env"]] if spec.get("env") else [])
    for env in envs:
        for n, line in enumerate(_read(fs, directory, env, "env source files").splitlines()):
            text = line.decode()
            if n == 0:
                text = text.removeprefix("\ufeff")
            text = text.lstrip()
            if not text or text.startswith("#"):
                continue
            key, _, value = text.partition("=")
            if is_env_var_name(key):
                raise KustomizeError(f"env source files: [{' '.join(envs)}]: "
                                     f"\"{key}\" is not a valid key name: "
                                     + ";".join(is_env_var_name(key)))
            pairs.append((key, value.encode()))
    for lit in spec.get("literals") or []:
        if lit.startswith("=") or "=" not in lit:
            raise KustomizeError(f"literal sources {spec.get('literals')}: invalid literal "
                                 f"source {lit}, expected key=value")
        key, value = lit.split("=", 1)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.append((key, value.encode()))
    for src in spec.get("files") or []:
        key, path = parse_file_source(src)
        pairs.append((key, _read(fs, directory, path, "file sources")))
    return pairs


def _make_generated(kind: str, spec: dict, options: dict,
                    pairs: list[tuple[str, bytes]]) -> dict:
    obj: dict = {"apiVersion": "v1", "kind": kind,
                 "metadata": {"name": spec.get("name", "")}}
    if spec.get("namespace"):
        obj["metadata"]["namespace"] = spec["namespace"]
    for key in ("labels", "annotations"):
        merged = {**(options.get(key) or {}), **((spec.get("options") or {}).get(key) or {})}
        if merged:
            obj["metadata"][key] = merged
    data: dict = {}
    binary: dict = {}
    for key, value in pairs:
        if is_config_map_key(key):
            raise KustomizeError(f"{key!r} is not a valid key name for a {kind}: "
                                 + ";".join(is_config_map_key(key)))
        if key in data or key in binary:
            raise KustomizeError(f"{kind.lower()} {spec.get('name')} illegally repeats the "
                                 f"key `{key}`")
        if kind == "Secret":
            data[key] = base64.b64encode(value).decode()
        else:
            try:
                data[key] = value.decode("utf-8")
            except UnicodeDecodeError:
                binary[key] = base64.b64encode(value).decode()
    if data:
        obj["data"] = data
    if binary:
        obj["binaryData"] = binary
    if kind == "Secret":
        obj["type"] = spec.get("type") or "Opaque"
    immutable = (spec.get("options") or {}).get("immutable", options.get("immutable"))
    if immutable:
        obj["immutable"] = True
    return obj


def _generate(fs: FileSystem, directory: str, kust: dict, resources: list[Res]) -> None:
    options = kust.get("generatorOptions") or {}
    for field_, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
        for spec in kust.get(field_) or []:
            obj = _make_generated(kind, spec, options, _kv_pairs(fs, directory, spec))
            opts = {**options, **(spec.get("options") or {})}
            hashed = not opts.get("disableNameSuffixHash", False)
            behavior = spec.get("behavior") or "create"
            ns = spec.get("namespace") or ""
            existing = [r for r in resources if r.kind == kind and r.had_name(obj["metadata"]["name"])
                        and r.namespace == ns]
            if behavior == "create":
                if existing:
                    raise KustomizeError(f"cannot add generated resource {kind} "
                                         f"{obj['metadata']['name']}: already exists")
                resources.append(Res(obj, [], True, hashed))
                continue
            if not existing:
                raise KustomizeError(f"id resid.ResId{{Gvk:resid.Gvk{{Group:\"\", Version:\"v1\","
                                     f" Kind:\"{kind}\"}}, Name:\"{obj['metadata']['name']}\", "
                                     f"Namespace:\"{ns}\"}} does not exist; cannot merge or "
                                     f"replace")
            old = existing[0]
            if behavior == "merge":
                for key in ("data", "binaryData"):
                    if key in obj or key in old.obj:
                        old.obj[key] = {**old.obj.get(key, {}), **obj.get(key, {})}
                for key in ("labels", "annotations"):
                    merged = {**old.obj["metadata"].get(key, {}), **obj["metadata"].get(key, {})}
                    if merged:
                        old.obj["metadata"][key] = merged
            else:  # replace
                keep = old.obj["metadata"]["name"]
                old.obj = obj
                obj["metadata"]["name"] = keep
            old.hash_suffix = old.hash_suffix and hashed if "options" in spec else old.hash_suffix


def _content_hash(obj: dict) -> str:
    """kustomize's api/hasher: kind + data (+ binaryData; + type for a Secret).

    kustomize v5 looks the name up with the path "metadata/name" taken as ONE field
    name, finds nothing, and hashes an empty name: the suffix depends only on content.
    (kubectl create --append-hash and kustomize before v4 do include the name, which is
    why older docs show other suffixes for the same data.)
    """
    data = obj.get("data", "")
    if obj["kind"] == "Secret":
        m = {"kind": "Secret", "type": obj.get("type", ""), "name": "", "data": data}
        if isinstance(obj.get("stringData"), dict):
            m["stringData"] = obj["stringData"]
    else:
        m = {"kind": "ConfigMap", "name": "", "data": data}
        if isinstance(obj.get("binaryData"), dict):
            m["binaryData"] = obj["binaryData"]
    return encode_hash(go_json(m))


# --- transformers --------------------------------------------------------------------------

def _transform(fs: FileSystem, directory: str, kust: dict, resources: list[Res]) -> None:
    for entry in kust.get("patchesStrategicMerge") or []:
        text = entry if "\n" in entry else _read(fs, directory, entry,
                                                 "patchesStrategicMerge").decode()
        for patch in load_resources(text):
            _apply_patch(resources, patch, None)
    for entry in kust.get("patches") or []:
        text = entry.get("patch")
        if text is None:
            text = _read(fs, directory, entry["path"], "patches").decode()
        for patch in load_patch(text):
            _apply_patch(resources, patch, entry.get("target"))
    if kust.get("namespace"):
        for r in resources:
            if _is_namespaced(r.obj):
                r.obj.setdefault("metadata", {})["namespace"] = kust["namespace"]
    prefix, suffix = kust.get("namePrefix") or "", kust.get("nameSuffix") or ""
    if prefix or suffix:
        for r in resources:
            if r.kind not in ("CustomResourceDefinition", "Namespace"):
                r.rename(prefix + r.name + suffix)
    if kust.get("commonLabels"):
        _add_labels(resources, kust["commonLabels"], selectors=True, templates=True)
    for entry in kust.get("labels") or []:
        _add_labels(resources, entry.get("pairs") or {},
                      selectors=bool(entry.get("includeSelectors")),
                      templates=bool(entry.get("includeTemplates") or
                                     entry.get("includeSelectors")))
    if kust.get("commonAnnotations"):
        _add_annotations(resources, kust["commonAnnotations"])
    for entry in kust.get("patchesJson6902") or []:
        text = entry.get("patch") or _read(fs, directory, entry["path"], "patches").decode()
        for patch in load_patch(text):
            _apply_patch(resources, patch, entry.get("target"))
    for entry in kust.get("replicas") or []:
        _set_replicas(resources, entry["name"], entry["count"])
    for entry in kust.get("images") or []:
        _set_images(resources, entry)


def _is_namespaced(obj: dict) -> bool:
    rt = by_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    return rt.namespaced if rt else True


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


def _fix_references(resources: list[Res]) -> None:
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


def _sort(resources: list[Res], options: dict | None) -> list[Res]:
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
        return "_".join([_group(r.obj) or "~G", _version(r.obj) or "~V", r.kind or "~K"])

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
            target["group"] != _group(obj):
        return False
    if target.get("version") and target["version"] != _version(obj):
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


def _apply_patch(resources: list[Res], patch, target: dict | None) -> None:
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
                             f"\"{patch.get('kind')}.{_version(patch)}.{_group(patch) or '[noGrp]'}"
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


def _add_labels(resources: list[Res], pairs: dict, selectors: bool, templates: bool) -> None:
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


def _add_annotations(resources: list[Res], pairs: dict) -> None:
    for r in resources:
        _merge_at(r.obj, ("metadata", "annotations"), pairs, True)
        for path in TEMPLATE_PATHS.get(r.kind, []):
            _merge_at(r.obj, path + ("metadata", "annotations"), pairs, True)


def _set_replicas(resources: list[Res], name: str, count: int) -> None:
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


def _set_images(resources: list[Res], entry: dict) -> None:
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


# --- YAML in: the parsers kustomize uses -------------------------------------------------------

class YamlError(Exception):
    """A YAML syntax error worded as go-yaml words it (``yaml: line N: ...``)."""


_GO_PROBLEMS = [
    ("while parsing a block mapping", "did not find expected key"),
    ("while parsing a block collection", "did not find expected '-' indicator"),
    ("mapping values are not allowed here", "mapping values are not allowed in this context"),
    ("that cannot start any token", "found character that cannot start any token"),
    ("could not find expected ':'", "could not find expected ':'"),
]


def _go_yaml_error(e: yaml.MarkedYAMLError) -> YamlError:
    # go-yaml reports the 0-based line of the context mark when there is one (so the
    # number is the line *before* the block that went wrong), else of the problem mark;
    # scanner errors add one.
    scanner = isinstance(e, yaml.scanner.ScannerError)
    mark = e.context_mark if e.context_mark and e.context_mark.line else e.problem_mark
    line = (mark.line if mark else 0) + (1 if scanner else 0)
    text = " ".join(filter(None, [e.context, e.problem]))
    problem = next((go for py, go in _GO_PROBLEMS if py in text), e.problem or str(e))
    return YamlError(f"yaml: line {line}: {problem}" if line else f"yaml: {problem}")


def _make_loader(yaml11: bool):
    class Loader(yaml.SafeLoader):
        pass
    # The kustomization (sigs.k8s.io/yaml) keeps dates as strings; resources (go-yaml
    # v3) turn them into times, printed back in RFC 3339 (see _to_json_values).
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v
            if (not yaml11 or tag != "tag:yaml.org,2002:timestamp")
            and (yaml11 or tag != "tag:yaml.org,2002:bool")]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    if not yaml11:  # YAML 1.2 core schema: only true/false are booleans; 1e3 is a float
        Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                     re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                     list("tTfF"))
        Loader.add_implicit_resolver("tag:yaml.org,2002:float",
                                     re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)"
                                                r"[eE][-+]?[0-9]+$"), list("-+.0123456789"))

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise YamlError(f"yaml: unmarshal errors:\n  line {key_node.start_mark.line + 1}"
                                f": mapping key {json.dumps(str(key))} already defined")
            out[key] = loader.construct_object(value_node, deep=True)
        return out
    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return Loader


_LOADER_11 = _make_loader(True)
_LOADER_12 = _make_loader(False)


def _to_json_values(value):
    """What a value becomes after kustomize's YAML -> JSON -> YAML round trip."""
    if isinstance(value, dict):
        return {str(k): _to_json_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json_values(v) for v in value]
    if isinstance(value, float):
        return yaml_number(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat().replace("+00:00", "") + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat() + "T00:00:00Z"
    return value


def load_kustomization_text(text: str):
    try:
        return yaml.load(text, Loader=_LOADER_11)
    except yaml.MarkedYAMLError as e:
        raise KustomizeError(f"invalid Kustomization: {_go_yaml_error(e)}") from None


def load_resources(text: str) -> list[dict]:
    """The objects of a multi-document YAML file (empty documents dropped)."""
    try:
        docs = list(yaml.load_all(text, Loader=_LOADER_12))
    except yaml.MarkedYAMLError as e:
        raise _go_yaml_error(e) from None
    out = []
    for d in docs:
        if d is None:
            continue
        if isinstance(d, dict) and d.get("kind", "").endswith("List") and "items" in d:
            out += [_to_json_values(i) for i in d["items"] or []]
        else:
            out.append(_to_json_values(d))
    return out


def load_patch(text: str) -> list:
    try:
        docs = [d for d in yaml.load_all(text, Loader=_LOADER_12) if d is not None]
    except yaml.MarkedYAMLError as e:
        raise KustomizeError(f"trouble configuring builtin PatchTransformer with config: "
                             f"{_go_yaml_error(e)}") from None
    return [_to_json_values(d) for d in docs]


# --- YAML out ------------------------------------------------------------------------------

def render_object(obj: dict) -> str:
    """One object as kubectl's YAML printer writes it."""
    return to_yaml(obj)


def render(objects: list[dict]) -> str:
    """The text ``kubectl kustomize`` prints: documents separated by ``---``."""
    return yaml_stream(objects)
