"""Reading manifests as kubectl v1.32 reads them (``-f FILE``, ``-f -``).

kubectl's path, which this module follows step by step:

1. ``yaml.NewYAMLOrJSONDecoder`` (k8s.io/apimachinery/pkg/util/yaml): a stream whose
   first non-blank character is ``{`` is read as a sequence of JSON values; anything
   else is split into documents on lines that start with ``---`` (only a comment may
   follow it on that line).  Each chunk is parsed on its own, so the line numbers in
   YAML errors count from the line after the last ``---``.
2. sigs.k8s.io/yaml converts each chunk to JSON with go-yaml v2, a YAML 1.1 parser:
   ``y``/``yes``/``on`` are ``true`` and ``n``/``no``/``off`` are ``false`` (so
   ``name: y`` is not a name), ``017`` is octal, ``0b101`` binary, ``1_000`` is
   1000, but dates stay strings.  Non-string map keys become strings.
3. **Duplicate keys are not an error**: go-yaml v2 is used in its non-strict mode,
   so the last value wins.  Two manifests written one after the other without
   ``---`` become ONE object - the last one's.  Checked with kubectl v1.32.4 and a
   stub API server: ``kubectl apply -f kubernetes.yaml`` on the notes' two
   Deployments + two Services prints only ``service/inventory-service created``.
   :func:`duplicate_keys` finds what was lost so a caller can explain it;
   ``strict=True`` instead fails as go-yaml's strict mode words it.
4. Empty and comment-only documents are skipped; an object with an ``items`` list
   (``kind: List``, ``ConfigMapList``, ...) is expanded into its items.
5. Each object must have a ``kind``; its apiVersion/kind must be known to the server
   (``resource mapping not found ... ensure CRDs are installed first``).

>>> [d["metadata"]["name"] for d in load_documents("kind: Pod\\napiVersion: v1\\nmetadata: {name: a}\\n", "a.yaml")]
['a']
>>> load_documents("apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: x}\\ndata: {on: yes}\\n", "f.yaml")[0]["data"]
{'true': True}
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from ..api import resources
from ..api.gofmt import format_float, go_json

__all__ = ["ManifestError", "DuplicateKey", "load_documents", "duplicate_keys",
           "split_documents", "yaml_to_json", "mapping_error"]


class ManifestError(Exception):
    """A manifest kubectl refuses.  ``message`` is exactly what kubectl prints on
    stderr (including its ``error: `` prefix where it has one); ``documents`` are the
    objects read before the failing one (``kubectl create`` has already sent those)."""

    def __init__(self, message: str, documents: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.documents = documents or []


@dataclass(frozen=True)
class DuplicateKey:
    """A mapping key given twice; ``line`` (1-based, in the whole file) is the later one,
    whose value go-yaml keeps."""
    line: int
    key: str
    first_line: int
    value_line: int = 0   # 1-based within its ``---`` chunk: the line go-yaml's strict mode names


# ------------------------------------------------------------ go-yaml v2 scalars
# go-yaml v2 resolve.go: the words it reads as bool/null/float, case forms listed.
_WORDS: dict[str, Any] = {}
for _v, _forms in ((True, "y Y yes Yes YES true True TRUE on On ON"),
                   (False, "n N no No NO false False FALSE off Off OFF"),
                   (None, "~ null Null NULL"),
                   (math.nan, ".nan .NaN .NAN"), (math.inf, ".inf .Inf .INF +.inf +.Inf +.INF"),
                   (-math.inf, "-.inf -.Inf -.INF")):
    for _w in _forms.split():
        _WORDS[_w] = _v
_WORDS[""] = None
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_INT64 = 2 ** 63


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(s, 0, 64) then ParseUint: Go's literal syntax, ``0``-prefix octal."""
    if not _GO_INT.match(text):
        return None
    sign = -1 if text[0] == "-" else 1
    body = text.lstrip("+-")
    if len(body) > 1 and body[0] == "0" and body[1] not in "xXoObB":
        value = int(body, 8)
    else:
        value = int(body, 0)
    value *= sign
    return value if -_INT64 <= value < 2 * _INT64 else None


def resolve_plain(text: str) -> Any:
    """The value go-yaml v2 gives an unquoted scalar (resolve.go)."""
    if text in _WORDS:
        return _WORDS[text]
    if text[0] in "0123456789+-.":
        plain = text.replace("_", "")
        value = _go_int(plain)
        if value is not None:
            return value
        if _YAML_FLOAT.match(plain) and not math.isinf(float(plain)):
            return float(plain)     # out of range (1e400) stays a string, as ParseFloat fails
    return text


class _Loader(yaml.SafeLoader):
    """SafeLoader resolving plain scalars as go-yaml v2 does, and noting duplicate keys."""

    #: go-yaml v2 also reads \' in a double-quoted scalar (YAML 1.1 does not)
    ESCAPE_REPLACEMENTS = {**yaml.SafeLoader.ESCAPE_REPLACEMENTS, "'": "'"}

    def __init__(self, stream: str, line_offset: int = 0):
        super().__init__(stream)
        self.line_offset = line_offset
        self.duplicates: list[DuplicateKey] = []

    def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML hook
        if kind is yaml.ScalarNode and implicit[0]:
            return "tag:yaml.org,2002:merge" if value == "<<" else "!goyaml-plain"
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _json_key(self.construct_object(key_node, deep=True))
            if key in seen:
                self.duplicates.append(DuplicateKey(
                    key_node.start_mark.line + 1 + self.line_offset, key, seen[key] + self.line_offset,
                    value_node.start_mark.line + 1))
            seen[key] = key_node.start_mark.line + 1
            out[key] = self.construct_object(value_node, deep=deep)
        return out


_Loader.add_constructor("!goyaml-plain", lambda loader, node: resolve_plain(node.value))
# Timestamps stay strings (go-yaml v2 into interface{}), explicit !!timestamp too.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)
_Loader.add_constructor("tag:yaml.org,2002:map",
                        lambda loader, node: loader.construct_mapping(node, deep=True))


def _json_key(key: Any) -> str:
    """sigs.k8s.io/yaml: map keys are turned into JSON object keys."""
    if isinstance(key, str):
        return key
    if key is True or key is False:
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return format_float(key, 32)    # sigs.k8s.io/yaml: FormatFloat(k, 'g', -1, 32)
    if key is None:
        return "null"
    raise yaml.constructor.ConstructorError(None, None, f"unsupported map key: {key!r}", None)


# ------------------------------------------------------------------- errors
# libyaml parser contexts (as PyYAML words them) -> go-yaml's (libyaml's) problem text.
_PARSER_PROBLEMS = {
    "while parsing a block mapping": "did not find expected key",
    "while parsing a block collection": "did not find expected '-' indicator",
    "while parsing a flow sequence": "did not find expected ',' or ']'",
    "while parsing a flow mapping": "did not find expected ',' or '}'",
    "while parsing a node": "did not find expected node content",
    "while parsing a flow node": "did not find expected node content",
    "while parsing a block node": "did not find expected node content",
}


def _inside_plain_scalar(err: yaml.MarkedYAMLError) -> bool:
    """go-yaml reads a tab that begins a line right after a plain scalar as part of that
    scalar's continuation, and says it "violates indentation"; elsewhere (after ``key:``,
    a quoted value, a comment) the tab "cannot start any token"."""
    mark = err.problem_mark
    if mark is None or not mark.buffer or mark.column != 0:
        return False
    before = [line.rstrip() for line in mark.buffer[:mark.pointer].split("\n")[:-1] if line.strip()]
    if not before or " #" in before[-1] or before[-1].lstrip().startswith("#"):
        return False
    return before[-1][-1] not in ":-|>{[,\"'"


def _goyaml_message(err: yaml.MarkedYAMLError) -> str:
    """``yaml: line N: problem`` as go-yaml v2's parser.fail() builds it.  Quirk kept:
    scanner errors give the 1-based line, parser errors the 0-based one."""
    problem = err.problem or "unknown problem parsing YAML content"
    scanner = isinstance(err, yaml.scanner.ScannerError)
    if scanner:
        if problem.startswith("found character '\\t'") and _inside_plain_scalar(err):
            problem = "found a tab character that violates indentation"
        elif problem.startswith("found character") and "cannot start any token" in problem:
            problem = "found character that cannot start any token"
        elif problem.startswith("found unknown escape character"):
            problem = "found unknown escape character"
        elif problem == "mapping values are not allowed here":
            problem = "mapping values are not allowed in this context"
    elif err.context in _PARSER_PROBLEMS:
        problem = _PARSER_PROBLEMS[err.context]
    elif problem.startswith("expected '<document start>'"):
        problem = "did not find expected <document start>"
    line = 0
    if err.problem_mark is not None and err.problem_mark.line != 0:
        line = err.problem_mark.line + (1 if scanner else 0)
    elif err.context_mark is not None and err.context_mark.line != 0:
        line = err.context_mark.line
    return f"yaml: line {line}: {problem}" if line else f"yaml: {problem}"


# ------------------------------------------------------------------ reading
def split_documents(text: str) -> list[tuple[int, str]]:
    """YAMLReader.Read: (first line number 0-based, chunk) for each ``---``-separated
    chunk; the separator line belongs to neither side."""
    chunks: list[tuple[int, str]] = []
    buf: list[str] = []
    start = 0
    for i, line in enumerate(text.splitlines(keepends=True)):
        if line.startswith("---"):
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):
                raise ValueError(f"invalid Yaml document separator: {rest}")
            if buf:
                chunks.append((start, "".join(buf)))
            buf, start = [], i + 1
            continue
        buf.append(line)
    if buf:
        chunks.append((start, "".join(buf)))
    return chunks


def _jsonable(value: Any) -> Any:
    """What kubectl's unstructured JSON decoding ends up holding: integral floats are
    ints, ints beyond int64 are floats; inf/nan cannot be JSON."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            raise ValueError("json: unsupported value: " + ("NaN" if math.isnan(value) else
                                                            "+Inf" if value > 0 else "-Inf"))
        if value.is_integer() and abs(value) < _INT64:
            return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and not -_INT64 <= value < _INT64:
        return float(value)
    return value


def yaml_to_json(chunk: str, line_offset: int = 0) -> tuple[Any, list[DuplicateKey]]:
    """One chunk as sigs.k8s.io/yaml.YAMLToJSON sees it: (value, duplicate keys).
    Raises ValueError with go-yaml's / encoding/json's wording."""
    loader = _Loader(chunk, line_offset)
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        raise ValueError(_goyaml_message(err)) from None
    except yaml.YAMLError as err:
        raise ValueError(f"yaml: {err}") from None
    finally:
        loader.dispose()
    return _jsonable(value), loader.duplicates


_JSON_PROBLEMS = {
    "Expecting property name enclosed in double quotes": "looking for beginning of object key string",
    "Expecting value": "looking for beginning of value",
    "Expecting ':' delimiter": "after object key",
    "Expecting ',' delimiter": "after object key:value pair",
}


def _json_stream(text: str, source: str) -> list[Any]:
    decoder = json.JSONDecoder()
    out, pos = [], 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            return out
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            # encoding/json: "invalid character 'x' <context>" at offset = bytes read.
            if err.pos >= len(text):
                raise ManifestError(f"error: error parsing {source}: unexpected EOF") from None
            offset = len(text[:err.pos + 1].encode())
            context = _JSON_PROBLEMS.get(err.msg, "looking for beginning of value")
            if err.msg == "Expecting ',' delimiter" and _in_array(text, err.pos):
                context = "after array element"
            raise ManifestError(f"error: error parsing {source}: json: offset {offset}: "
                                f"invalid character {_go_char(text[err.pos])} {context}") from None
        out.append(_jsonable(value))


def _in_array(text: str, pos: int) -> bool:
    """Whether ``pos`` is directly inside ``[...]`` (ignores brackets within strings)."""
    stack, in_str, esc = [], False, False
    for ch in text[:pos]:
        if in_str:
            esc, in_str = (False, in_str) if esc else (ch == "\\", ch != '"')
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            stack.append(ch)
        elif ch in "]}" and stack:
            stack.pop()
    return bool(stack) and stack[-1] == "["


def _go_char(ch: str) -> str:
    return "'\\''" if ch == "'" else f"'{ch}'"


def _go_type(value: Any) -> str:
    return ("array" if isinstance(value, list) else "string" if isinstance(value, str)
            else "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float))
            else "object")


def _expand(doc: dict, source: str) -> list[dict]:
    """unstructuredJSONScheme: anything with ``items`` is a list; items lacking both kind
    and apiVersion take them from the list (``ConfigMapList`` -> ``ConfigMap``)."""
    items = doc.get("items")
    if items is None:
        return [doc]
    out = []
    item_kind = str(doc.get("kind", "")).removesuffix("List")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and not item.get("kind") and not item.get("apiVersion") and item_kind:
            item = {**item, "apiVersion": doc.get("apiVersion", ""), "kind": item_kind}
        if not isinstance(item, dict) or not item.get("kind"):
            raise ManifestError('unable to get type info from the object "*unstructured.Unstructured": '
                                "Object 'Kind' is missing in 'object has no kind field '")
        out.extend(_expand(item, source))
    return out


def mapping_error(doc: dict, source: str,
                  known: Callable[[str, str], bool] | None = None) -> str | None:
    """kubectl's RESTMapper answer for an object whose kind the server does not serve.
    An empty apiVersion maps if any version serves the kind."""
    api_version, kind = doc.get("apiVersion", ""), doc.get("kind", "")
    if known is None:
        def known(av: str, k: str) -> bool:
            if not av:
                return bool(resources.by_kind_any_version(k))
            return resources.by_kind(av, k) is not None
    if known(api_version, kind):
        return None
    md = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    return (f'error: resource mapping not found for name: "{md.get("name", "")}" namespace: '
            f'"{md.get("namespace", "")}" from "{source}": no matches for kind "{kind}" in version '
            f'"{api_version}"\nensure CRDs are installed first')


def load_documents(text: str, source: str, *, strict: bool = False, check_kinds: bool = True,
                   known: Callable[[str, str], bool] | None = None, keep_errors: bool = False) -> list:
    """The objects kubectl would send for ``-f source`` holding ``text``.

    ``strict=True`` rejects duplicate keys as go-yaml's UnmarshalStrict does
    (kubectl itself does not: the last value silently wins).  ``check_kinds``
    applies the RESTMapper check; ``known(apiVersion, kind)`` overrides the
    built-in kind registry (e.g. to include CRDs).  ``keep_errors=True``: a document
    that does not decode or map is not the end (kubectl's builder with ContinueOnError
    goes on to the next): its ManifestError takes its place in the list."""
    if text.lstrip().startswith("{"):
        values = [(v, []) for v in _json_stream(text, source)]
    else:
        try:
            chunks = split_documents(text)
        except ValueError as err:
            raise ManifestError(f"error: error parsing {source}: {err}") from None
        values = []
        for start, chunk in chunks:
            try:
                value, dups = yaml_to_json(chunk, start)
            except ValueError as err:
                raise ManifestError(f"error: error parsing {source}: error converting YAML to JSON: {err}",
                                    _flatten(values, source, check_kinds, known, partial=True)) from None
            if strict and dups:
                lines = "\n".join(f'  line {d.value_line}: key "{d.key}" already set in map' for d in dups)
                raise ManifestError(f"error: error parsing {source}: error converting YAML to JSON: "
                                    f"yaml: unmarshal errors:\n{lines}",
                                    _flatten(values, source, check_kinds, known, partial=True))
            values.append((value, dups))
    return _flatten(values, source, check_kinds, known, keep_errors=keep_errors)


_META_STRINGS = ("name", "generateName", "namespace", "uid", "resourceVersion")


def _metadata_problem(doc: dict, source: str) -> str | None:
    """The builder decodes each object's metadata into a typed ObjectMeta (infoForData):
    a name that YAML read as a number or a bool, a label value like ``1.0``, do not
    decode, and kubectl says so before it sends anything."""
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        return None
    def refuse(field: str, value: Any, go_type: str) -> str:
        return (f'error: unable to decode "{source}": json: cannot unmarshal {_go_type(value)} into Go struct '
                f'field ObjectMeta.metadata.{field} of type {go_type}')
    for field in _META_STRINGS:
        value = meta.get(field)
        if value is not None and not isinstance(value, str):
            return refuse(field, value, "string")
    for field in ("labels", "annotations"):
        value = meta.get(field)
        if value is None:
            continue
        if not isinstance(value, dict):
            return refuse(field, value, "map[string]string")
        for v in value.values():
            if v is not None and not isinstance(v, str):
                return refuse(field, v, "string")
    return None


def _flatten(values: list[tuple[Any, list]], source: str, check_kinds: bool,
             known: Callable[[str, str], bool] | None, partial: bool = False, keep_errors: bool = False) -> list:
    docs: list = []
    for value, _ in values:
        if value is None:
            continue     # empty or comment-only document ("null")
        try:
            if not isinstance(value, dict):
                raise ManifestError(f'error: unable to decode "{source}": json: cannot unmarshal '
                                    f"{_go_type(value)} into Go value of type unstructured.detector")
            if not value.get("kind"):
                raise ManifestError(f'error: unable to decode "{source}": '
                                    f"Object 'Kind' is missing in '{go_json(value)}'")
            for doc in _expand(value, source):
                problem = _metadata_problem(doc, source) or (mapping_error(doc, source, known) if check_kinds else None)
                if problem:
                    raise ManifestError(problem)
                docs.append(doc)
        except ManifestError as err:
            if keep_errors and not partial:
                docs.append(err)
                continue
            if partial:
                return [d for d in docs if isinstance(d, dict)]
            err.documents = docs
            raise
    return docs


def duplicate_keys(text: str) -> list[DuplicateKey]:
    """Every key given twice in one YAML mapping (lines 1-based in the whole text);
    empty for JSON or unreadable text.  kubectl keeps the last value silently."""
    if text.lstrip().startswith("{"):
        return []
    try:
        chunks = split_documents(text)
    except ValueError:
        return []
    found: list[DuplicateKey] = []
    for start, chunk in chunks:
        try:
            found.extend(yaml_to_json(chunk, start)[1])
        except ValueError:
            break
    return found
