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

from kubelab.api.names import is_config_map_key, is_env_var_name
from kubelab.kubectl.generators import FileSystem, LocalFS, MemoryFS, encode_hash, go_json, parse_file_source

from .resource import KustomizeError, Res, group_of, is_namespaced, version_of
from .transformers import (add_annotations, add_labels, apply_patch, fix_references, set_images, set_replicas,
                           sort_resources)
from .yamlio import YamlError, load_kustomization_text, load_patch, load_resources, render, render_object

__all__ = ["KustomizeError", "build", "render", "render_object", "MemoryFS", "LocalFS", "KUSTOMIZATION_FILES"]

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

DEPRECATED = {
    "commonLabels": "labels", "patchesStrategicMerge": "patches",
    "patchesJson6902": "patches", "bases": "resources", "vars": "replacements",
}


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
    fix_references(resources)
    return [r.obj for r in sort_resources(resources, kust.get("sortOptions"))]


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
                f"id: {r.kind}.{version_of(r.obj)}.{group_of(r.obj) or '[noGrp]'}/"
                f"{r.name}.{r.namespace or '[noNs]'}")
        seen.add(key)


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
            apply_patch(resources, patch, None)
    for entry in kust.get("patches") or []:
        text = entry.get("patch")
        if text is None:
            text = _read(fs, directory, entry["path"], "patches").decode()
        for patch in load_patch(text):
            apply_patch(resources, patch, entry.get("target"))
    if kust.get("namespace"):
        for r in resources:
            if is_namespaced(r.obj):
                r.obj.setdefault("metadata", {})["namespace"] = kust["namespace"]
    prefix, suffix = kust.get("namePrefix") or "", kust.get("nameSuffix") or ""
    if prefix or suffix:
        for r in resources:
            if r.kind not in ("CustomResourceDefinition", "Namespace"):
                r.rename(prefix + r.name + suffix)
    if kust.get("commonLabels"):
        add_labels(resources, kust["commonLabels"], selectors=True, templates=True)
    for entry in kust.get("labels") or []:
        add_labels(resources, entry.get("pairs") or {},
                      selectors=bool(entry.get("includeSelectors")),
                      templates=bool(entry.get("includeTemplates") or
                                     entry.get("includeSelectors")))
    if kust.get("commonAnnotations"):
        add_annotations(resources, kust["commonAnnotations"])
    for entry in kust.get("patchesJson6902") or []:
        text = entry.get("patch") or _read(fs, directory, entry["path"], "patches").decode()
        for patch in load_patch(text):
            apply_patch(resources, patch, entry.get("target"))
    for entry in kust.get("replicas") or []:
        set_replicas(resources, entry["name"], entry["count"])
    for entry in kust.get("images") or []:
        set_images(resources, entry)
