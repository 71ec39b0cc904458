"""``-o yaml``, ``-o json`` and ``-o name``, byte for byte as kubectl v1.32 writes them.

kubectl's YAML comes from sigs.k8s.io/yaml v1.4: the object is marshalled to JSON,
read back into generic maps, and written by its fork of go-yaml v2.  Three
consequences a learner can see:

* keys are always sorted (go-yaml's "natural" order: a digit run compares as a number,
  a non-letter sorts before a letter), whatever order the object was built in;
* a string that would read back as something else is double-quoted:
  ``"true"``, ``"8080"``, ``""``, ``"1.0"``, ``"null"``, ``"y"``, and every RFC 3339
  timestamp (``creationTimestamp: "2025-01-06T09:00:00Z"``);
* a string with a newline is a literal block (``|`` when it ends in one newline, ``|-``
  when it does not), and sequences are not indented under their key.

The emitter itself is libyaml's design; PyYAML's pure-Python emitter is a line-for-line
port of the same code (plain/single-quoted choice, 80-column folding of long plain
scalars), so we choose each scalar's style as go-yaml does and let it write the text.

>>> print(to_yaml({"kind": "ConfigMap", "apiVersion": "v1", "data": {"b": "8080", "a": "true"}}), end="")
apiVersion: v1
data:
  a: "true"
  b: "8080"
kind: ConfigMap
"""
from __future__ import annotations

import json
import math
import re
from operator import itemgetter
from typing import Any, Iterable

from yaml.emitter import Emitter
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                         MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent, StreamStartEvent)

from ...api.gofmt import yaml_float

__all__ = ["to_yaml", "to_json", "to_name", "as_list", "yaml_stream", "go_yaml_key_less"]


# ---------------------------------------------------------------- key order

def _go_key_cmp(a: str, b: str) -> int:
    """go-yaml v2 sorter.go keyList.Less for two string keys, as a cmp function."""
    if a == b:
        return 0
    return -1 if go_yaml_key_less(a, b) else 1


def go_yaml_key_less(a: str, b: str) -> bool:
    """``app10`` sorts after ``app9``; ``a-b`` before ``ab``; ``Z`` before ``a``."""
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _sorted_keys(d: dict) -> list[str]:
    import functools
    return sorted(d, key=functools.cmp_to_key(_go_key_cmp))


# ---------------------------------------------------------------- go-yaml resolve

_GO_BOOL_NULL = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    "", "~", "null", "Null", "NULL",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
    "-.inf", "-.Inf", "-.INF", "<<",
}
_YAML_STYLE_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
# Go's strconv.ParseInt(s, 0, 64) syntax after underscores are removed.
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_GO_UINT = re.compile(r"^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_DOT_FLOAT = re.compile(r"^\.[0-9]+([eE][-+]?[0-9]+)?$")
# allowedTimestampFormats, checked the way Go's time.Parse would accept them.
_TIMESTAMPS = [
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"),
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$"),
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"),
]


def _int_fits(text: str, unsigned: bool) -> bool:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if len(body) > 1 and body[0] == "0" and body[1] in "xXoObB":
        base = {"x": 16, "o": 8, "b": 2}[body[1].lower()]
        value = int(body[2:], base)
    elif len(body) > 1 and body[0] == "0":
        value = int(body, 8)
    else:
        value = int(body)
    value *= sign
    return 0 <= value < 2**64 if unsigned else -(2**63) <= value < 2**63


def _go_parse_float_ok(text: str) -> bool:
    """strconv.ParseFloat fails on overflow, where Python quietly gives inf."""
    return not math.isinf(float(text))


def _resolves_to_string(s: str) -> bool:
    """True if go-yaml v2 reads ``s``, written plain, back as a string (resolve.go)."""
    hint = s[:1]
    if s == "" or hint in "yYnNtTfFoO~+-.0123456789":
        if s in _GO_BOOL_NULL:   # looked up only for these first characters, so "<<" is a string
            return False
    if hint == ".":
        return not (_DOT_FLOAT.match(s) and _go_parse_float_ok(s))
    if hint in "+-0123456789":
        if any(p.match(s) for p in _TIMESTAMPS):
            return False
        plain = s.replace("_", "")
        if _GO_INT.match(plain) and _int_fits(plain, False):
            return False
        if _GO_UINT.match(plain) and _int_fits(plain, True):
            return False
        if _YAML_STYLE_FLOAT.match(plain) and _go_parse_float_ok(plain):
            return False
        if plain.startswith("0b") and re.fullmatch(r"[01]+", plain[2:]) and _int_fits(plain, True):
            return False
        if plain.startswith("-0b") and re.fullmatch(r"[01]+", plain[3:]):
            return False
    return True


def _go_printable(ch: str) -> bool:
    """emitterc.go is_printable: note that tabs and characters beyond U+FFFF are not."""
    return (ch == "\n" or "\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff"
            or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff"))


def _string_style(s: str) -> str | None:
    """encode.go stringv: literal block for newlines, plain if it reads back as a string.

    A character go-yaml cannot print forces double quotes whatever was asked for.
    """
    if not all(map(_go_printable, s)):
        return '"'
    if "\n" in s:
        return "|"
    if _resolves_to_string(s) and not (s[:1] in "+-0123456789" and ":" in s and _BASE60_FLOAT.match(s)):
        return None
    return '"'


# ---------------------------------------------------------------- events

def _scalar(value: str, style: str | None) -> ScalarEvent:
    return ScalarEvent(None, None, (True, True), value, style=style)


def _events(value: Any) -> Iterable:
    if isinstance(value, dict):
        yield MappingStartEvent(None, None, True, flow_style=None)
        for k in _sorted_keys(value):
            yield _scalar(str(k), _string_style(str(k)))
            yield from _events(value[k])
        yield MappingEndEvent()
    elif isinstance(value, (list, tuple)):
        yield SequenceStartEvent(None, None, True, flow_style=None)
        for item in value:
            yield from _events(item)
        yield SequenceEndEvent()
    elif value is None:
        yield _scalar("null", None)
    elif value is True or value is False:
        yield _scalar("true" if value else "false", None)
    elif isinstance(value, int):
        yield _scalar(str(value), None)
    elif isinstance(value, float):
        yield _scalar(yaml_float(value), None)
    else:
        s = str(value)
        yield _scalar(s, _string_style(s))


_GO_ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f",
               "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
               "\u2028": "L", "\u2029": "P"}


# Escaped even though printable: quotes, backslash, line breaks and the BOM.
_GO_ESCAPE_ALWAYS = frozenset('"\\\n\r\x85\u2028\u2029\ufeff')


class _GoEmitter(Emitter):
    """PyYAML's emitter with go-yaml's double-quoted writer (escapes and line folding)."""

    def write_double_quoted(self, text, split=True):
        self.write_indicator('"', True)
        spaces = False
        i = 0
        while i < len(text):
            ch = text[i]
            if not _go_printable(ch) or ch in _GO_ESCAPE_ALWAYS:
                code = ord(ch)
                if ch in _GO_ESCAPES:
                    data = "\\" + _GO_ESCAPES[ch]
                elif code <= 0xFF:
                    data = "\\x%02X" % code
                elif code <= 0xFFFF:
                    data = "\\u%04X" % code
                else:
                    data = "\\U%08X" % code
                self._put(data)
                spaces = False
            elif ch == " ":
                if split and not spaces and self.column > self.best_width and 0 < i < len(text) - 1:
                    self.write_indent()
                    if text[i + 1] == " ":
                        self._put("\\")
                else:
                    self._put(ch)
                spaces = True
            else:
                self._put(ch)
                spaces = False
            i += 1
        self.write_indicator('"', False)
        self.whitespace = False
        self.indention = False

    def _put(self, data: str) -> None:
        self.column += len(data)
        self.stream.write(data)


class _Sink:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        pass


def to_yaml(obj: Any) -> str:
    """One object as ``kubectl get -o yaml`` prints it (ends with a newline)."""
    sink = _Sink()
    emitter = _GoEmitter(sink, canonical=False, indent=2, width=80, allow_unicode=True, line_break="\n")
    for event in [StreamStartEvent(encoding=None), DocumentStartEvent(explicit=False),
                  *_events(obj), DocumentEndEvent(explicit=False), StreamEndEvent()]:
        emitter.emit(event)
    return "".join(sink.parts)


def yaml_stream(objs: Iterable[Any]) -> str:
    """Several objects as the YAML printer writes them when called repeatedly: ``---`` between."""
    return "---\n".join(to_yaml(o) for o in objs)


# ---------------------------------------------------------------- json

_GO_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                    "\u2028": "\\u2028", "\u2029": "\\u2029"}


def to_json(obj: Any, *, sort_keys: bool = True) -> str:
    """``kubectl get -o json``: Go's json.MarshalIndent with 4 spaces, then a newline.

    Objects kubectl reads from the server are generic maps, so their keys come out
    sorted.  ``sort_keys=False`` keeps the dict's own order, which is what
    ``create --dry-run=client -o json`` shows (Go struct field order) when the caller
    built the dict in that order.  Go escapes ``<``, ``>`` and ``&`` for HTML safety.
    """
    text = json.dumps(obj, indent=4, sort_keys=sort_keys, ensure_ascii=False,
                      separators=(",", ": "))
    text = re.sub("[<>&\u2028\u2029]", lambda m: _GO_JSON_ESCAPES[m.group()], text)
    return text + "\n"


def as_list(items: list[Any]) -> dict:
    """The ``kind: List`` wrapper kubectl prints for several objects (or a list query)."""
    return {"apiVersion": "v1", "items": list(items), "kind": "List",
            "metadata": {"resourceVersion": ""}}


# ---------------------------------------------------------------- name

def to_names(objs: list[dict], operation: str = "") -> str:
    """``-o name`` of a list: :func:`to_name` of each, a line each; the ``kind.group/``
    prefix worked out once per apiVersion and kind (a list has one or a few)."""
    suffix = f" {operation}\n" if operation else "\n"
    try:
        text = _names_of_one_kind(objs, suffix)
    except (KeyError, TypeError):          # a part missing or null, a name not a string
        text = None
    if text is not None:
        return text
    prefixes: dict[tuple[str, str], str] = {}
    lines = []
    for obj in objs:
        key = (obj.get("apiVersion", ""), obj.get("kind", ""))
        prefix = prefixes.get(key)
        if prefix is None:
            prefix = prefixes[key] = _name_prefix(*key)
        lines.append(prefix + ((obj.get("metadata") or {}).get("name") or "<unknown>") + suffix)
    return "".join(lines)


def _names_of_one_kind(objs: list[dict], suffix: str) -> str | None:
    """:func:`to_names` of objects that all have one apiVersion, one kind and a name
    (``kubectl get pods -o name``), their names read by C loops and joined once: at
    150,000 pods the loop of to_names is some 0.5 s, nearly all reading the objects.
    None when they do not (then to_names' own loop says what each line is)."""
    versions, kinds = set(map(_API_VERSION, objs)), set(map(_KIND, objs))
    names = list(map(_NAME, map(_METADATA, objs)))
    if len(versions) != 1 or len(kinds) != 1 or not all(names):
        return None
    prefix = _name_prefix(versions.pop(), kinds.pop())
    return prefix + (suffix + prefix).join(names) + suffix


_API_VERSION, _KIND, _METADATA, _NAME = (itemgetter(key) for key in ("apiVersion", "kind", "metadata", "name"))


def to_name(obj: dict, operation: str = "") -> str:
    """``-o name`` (NamePrinter): ``deployment.apps/hello-node``, ``pod/x``.

    The group comes from the object's apiVersion; the kind is lower-cased.  With an
    ``operation`` it is the line ``kubectl create`` prints: ``deployment.apps/x created``.

    >>> to_name({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}, "created")
    'deployment.apps/web created'
    """
    name = (obj.get("metadata") or {}).get("name") or "<unknown>"
    suffix = f" {operation}" if operation else ""
    return f"{_name_prefix(obj.get('apiVersion', ''), obj.get('kind', ''))}{name}{suffix}"


def _name_prefix(api_version: str, kind: str) -> str:
    """``deployment.apps/``, ``pod/``: the lower-cased kind, and the group when there is one."""
    group = api_version.split("/")[0] if "/" in api_version else ""
    return f"{kind.lower()}.{group}/" if group else f"{kind.lower()}/"
