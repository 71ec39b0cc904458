"""YAML in and out as kustomize reads and kubectl prints it: go-yaml's error wording, the
YAML 1.1 kustomization parser and the YAML 1.2 resource parser, and kubectl's YAML printer."""
from __future__ import annotations

import datetime
import json
import re

import yaml

from kubelab.api.gofmt import yaml_number
from kubelab.kubectl.printers.yamljson import to_yaml, yaml_stream

from .resource import KustomizeError


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


def go_yaml_error(e: yaml.MarkedYAMLError) -> YamlError:
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
        raise KustomizeError(f"invalid Kustomization: {go_yaml_error(e)}") from None


def load_resources(text: str) -> list[dict]:
    """The objects of a multi-document YAML file (empty documents dropped)."""
    try:
        docs = list(yaml.load_all(text, Loader=_LOADER_12))
    except yaml.MarkedYAMLError as e:
        raise go_yaml_error(e) from None
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
                             f"{go_yaml_error(e)}") from None
    return [_to_json_values(d) for d in docs]


# --- YAML out ------------------------------------------------------------------------------

def render_object(obj: dict) -> str:
    """One object as kubectl's YAML printer writes it."""
    return to_yaml(obj)


def render(objects: list[dict]) -> str:
    """The text ``kubectl kustomize`` prints: documents separated by ``---``."""
    return yaml_stream(objects)
