"""The functions a kubectl v1.32 go-template can call: Go's builtins
(text/template/funcs.go) and kubectl's ``exists`` and ``base64decode``
(cli-runtime/pkg/printers; sprig's functions came after v1.32).  Each function declares its Go
parameter types so arguments are checked, and refused, as Go's reflection does."""
from __future__ import annotations

import base64
import binascii
import html
import json
import urllib.parse
from dataclasses import dataclass
from typing import Any, Callable

from .gofmt import MISSING, LitInt, format_verb, sprint, sprintf, type_name
from .parse import Chain, Const, Field, Nil, Node, Variable

NO_FINAL = type("NoFinal", (), {"__repr__": lambda self: "NO_FINAL"})()   # Go's missingVal


class FuncError(Exception):
    """An error a function returns (``error calling NAME: ...``)."""


@dataclass(frozen=True)
class Func:
    impl: Callable[..., Any]
    params: tuple[str, ...]          # any (interface{}) | value (reflect.Value) | string | int | bool
    variadic: str | None = None      # the ...T parameter's element type
    lazy: bool = False               # and/or: arguments evaluated one by one


def truth(v: Any) -> bool:
    """Go's isTrue (after indirectInterface): empty, zero, false and nil are false."""
    if v is MISSING or v is None:
        return False
    if isinstance(v, (str, list, dict)):
        return len(v) > 0
    return bool(v)


# --- comparison (funcs.go: eq, lt, ...) --------------------------------------------------

def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "invalid" if v is MISSING or v is None else "other"


def _eq(a: Any, *rest: Any) -> bool:
    if not rest:
        raise FuncError("missing argument for comparison")
    ka = _kind(a)
    for b in rest:
        kb = _kind(b)
        if ka != kb:
            if ka != "invalid" and kb != "invalid":
                raise FuncError("incompatible types for comparison")
            continue
        if ka == "other":
            if type_name(a) != type_name(b):
                raise FuncError(f"non-comparable types {format_verb('s', '', None, a)}: {type_name(a)}, "
                                f"{type_name(b)}: {sprint(b)}")
            raise FuncError(f"non-comparable type {format_verb('s', '', None, b)}: {type_name(b)}")
        if ka == "invalid" or a == b:
            return True
    return False


def _lt(a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka in ("invalid", "other") or kb in ("invalid", "other"):
        raise FuncError("invalid type for comparison")
    if ka != kb:
        raise FuncError("incompatible types for comparison")
    if ka == "bool":
        raise FuncError("invalid type for comparison")
    return a < b


# --- index, len, slice --------------------------------------------------------------------

def _index_arg(i: Any, cap: int, wrapped: bool = False) -> int:
    if wrapped and i is not MISSING:      # slice does not look inside interface{} (index does)
        raise FuncError("cannot index slice/array with type interface {}")
    if isinstance(i, bool) or not isinstance(i, int):
        if i is MISSING or i is None:
            raise FuncError("cannot index slice/array with nil")
        raise FuncError(f"cannot index slice/array with type {type_name(i)}")
    if i < 0 or i > cap:
        raise FuncError(f"index out of range: {i}")
    return i


def _index(item: Any, *indexes: Any) -> Any:
    if item is MISSING or item is None:
        raise FuncError("index of untyped nil")
    for i in indexes:
        if item is None:
            raise FuncError("index of nil pointer")
        if isinstance(item, (list, str)):
            x = _index_arg(i, len(item))
            if x == len(item):
                raise FuncError(f"index out of range: {x}")
            item = item[x] if isinstance(item, list) else LitInt(item.encode()[x])
        elif isinstance(item, dict):
            if i is MISSING or i is None:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(i, str):
                raise FuncError(f"value has type {type_name(i)}; should be string")
            item = item.get(i)           # a missing key: the element type's zero value (nil)
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def _len(item: Any) -> int:
    if item is None:
        raise FuncError("len of nil pointer")
    if item is MISSING:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, (str, list, dict)):
        return LitInt(len(item.encode()) if isinstance(item, str) else len(item))
    raise FuncError(f"len of type {type_name(item)}")


class _Wrapped:
    """An argument that came out of a map or a slice (Go keeps its interface{} type)."""

    def __init__(self, value: Any):
        self.value = value


def _slice(item: Any, *idx: Any) -> Any:
    wrapped = [isinstance(i, _Wrapped) for i in idx]
    idx = tuple(i.value if isinstance(i, _Wrapped) else i for i in idx)
    if item is MISSING or item is None:
        raise FuncError("slice of untyped nil")
    if len(idx) > 3:
        raise FuncError(f"too many slice indexes: {len(idx)}")
    if not isinstance(item, (str, list)):
        raise FuncError(f"can't slice item of type {type_name(item)}")
    if isinstance(item, str) and len(idx) == 3:
        raise FuncError("cannot 3-index slice a string")
    n = len(item)
    bounds = [_index_arg(i, n, w) for i, w in zip(idx, wrapped)]
    if len(bounds) >= 2 and bounds[0] > bounds[1]:
        raise FuncError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    start = bounds[0] if bounds else 0
    end = bounds[1] if len(bounds) > 1 else n
    return item[start:end]


# --- printing -----------------------------------------------------------------------------

def _sprint_args(*args: Any) -> str:
    """fmt.Sprint: a space between operands when neither side is a string."""
    out = []
    for i, a in enumerate(args):
        if i and not isinstance(a, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(sprint(a))
    return "".join(out)


def _b64decode(v: str) -> str:
    try:
        return base64.b64decode(v.encode(), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        bad = next((i for i, c in enumerate(v) if not (c.isalnum() or c in "+/=")), len(v) - len(v) % 4)
        raise FuncError(f"base64 decode failed: illegal base64 data at input byte {bad}") from None


def _exists(item: Any, *indices: Any) -> bool:
    v = item
    for i in indices:
        if isinstance(v, (list, str)):
            if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(v):
                return False
            v = v[i]
        elif isinstance(v, dict):
            if not isinstance(i, str) or i not in v:
                return False
            v = v[i]
        else:
            return False
    return True


def _escaper_args(*args: Any) -> str:
    """evalArgs of html/js/urlquery: a nil argument prints as <no value> (printableValue)."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return _sprint_args(*("<no value>" if a is None else a for a in args))


def _js(*args: Any) -> str:
    text = _escaper_args(*args)
    rep = {"\\": "\\\\", "'": "\\'", '"': "\\\"", "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}
    return "".join(rep.get(c) or (c if c.isprintable() else f"\\u{ord(c):04X}") for c in text)


BUILTINS: dict[str, Func] = {
    "and": Func(None, ("value",), "value", lazy=True),
    "or": Func(None, ("value",), "value", lazy=True),
    "not": Func(lambda v: not truth(v), ("value",)),
    "len": Func(_len, ("value",)),
    "index": Func(_index, ("value",), "value"),
    "slice": Func(_slice, ("value",), "value"),
    "print": Func(_sprint_args, (), "any"),
    "println": Func(lambda *a: " ".join(sprint(x) for x in a) + "\n", (), "any"),
    "printf": Func(lambda f, *a: sprintf(f, list(a)), ("string",), "any"),
    "eq": Func(_eq, ("value",), "value"),
    "ne": Func(lambda a, b: not _eq(a, b), ("value", "value")),
    "lt": Func(_lt, ("value", "value")),
    "le": Func(lambda a, b: _lt(a, b) or _eq(a, b), ("value", "value")),
    "gt": Func(lambda a, b: not (_lt(a, b) or _eq(a, b)), ("value", "value")),
    "ge": Func(lambda a, b: not _lt(a, b), ("value", "value")),
    "html": Func(lambda *a: html.escape(_escaper_args(*a)).replace("&#x27;", "&#39;").replace("&quot;", "&#34;"),
                 (), "any"),
    "js": Func(_js, (), "any"),
    "urlquery": Func(lambda *a: urllib.parse.quote_plus(_escaper_args(*a)), (), "any"),
    # kubectl's own (cli-runtime/pkg/printers/template.go)
    "exists": Func(_exists, ("any",), "any"),
    "base64decode": Func(_b64decode, ("string",)),
}

FUNCS: dict[str, Func] = BUILTINS
NAMES = set(FUNCS)


def _go_type(kind: str) -> str:
    return {"value": "reflect.Value", "any": "interface {}"}.get(kind, kind)


def _convert(state, kind: str, value: Any) -> Any:
    """validateType: a value for a parameter of Go type ``kind``."""
    if kind == "value":
        return value
    if kind == "any":
        return None if value is MISSING else value
    if value is MISSING:
        raise state.error(f"invalid value; expected {kind}")
    ok = {"string": lambda v: isinstance(v, str),
          "int": lambda v: isinstance(v, LitInt),
          "bool": lambda v: isinstance(v, bool)}[kind](value)
    if not ok:
        raise state.error(f"wrong type for value; expected {kind}; got {type_name(value) if value is not None else 'interface {}'}")
    return value


def _eval_arg(state, dot: Any, kind: str, node: Node) -> Any:
    if isinstance(node, Nil):
        state.at(node)
        if kind == "value":
            return MISSING          # reflect.Zero(reflect.Value): the zero Value
        if kind == "any":
            return None
        raise state.error(f"cannot assign nil to {kind}")
    if isinstance(node, Const) and kind in ("string", "int", "bool"):
        state.at(node)
        v = node.value
        good = {"string": isinstance(v, str), "int": isinstance(v, int) and not isinstance(v, bool)
                and not (node.text.startswith("'")) or isinstance(v, int) and node.text.startswith("'"),
                "bool": isinstance(v, bool)}[kind]
        if not good:
            what = {"string": "string", "int": "integer", "bool": "bool"}[kind]
            raise state.error(f"expected {what}; found {node}")
        return LitInt(v) if kind == "int" else v
    return _convert(state, kind, state.arg(dot, node))


def _from_container(node: Node) -> bool:
    return isinstance(node, (Field, Chain)) or isinstance(node, Variable) and len(node.idents) > 1


def call(state, dot: Any, name: str, node: Node, args: list[Node], final: Any) -> Any:
    fn = FUNCS[name]
    n_in = len(args) + (final is not NO_FINAL)
    fixed = len(fn.params)
    if fn.variadic is not None:
        if n_in < fixed:
            raise state.error(f"wrong number of args for {name}: want at least {fixed} got {len(args)}")
    elif n_in != fixed:
        raise state.error(f"wrong number of args for {name}: want {fixed} got {n_in}")
    if fn.lazy:
        return _and_or(state, dot, name, args, final)
    values = []
    for i, a in enumerate(args):
        kind = fn.params[i] if i < fixed else fn.variadic
        v = _eval_arg(state, dot, kind, a)
        if name == "slice" and i > 0 and _from_container(a):
            v = _Wrapped(v)
        values.append(v)
    if final is not NO_FINAL:
        kind = fn.params[n_in - 1] if n_in - 1 < fixed else fn.variadic
        values.append(_convert(state, kind, final))
    try:
        result = fn.impl(*values)
    except FuncError as err:
        state.at(node)
        raise state.error(f"error calling {name}: {err}") from None
    return result


def _and_or(state, dot: Any, name: str, args: list[Node], final: Any) -> Any:
    """and/or stop at the first argument that decides (Go 1.18+), returning that value."""
    value = MISSING
    nodes = list(args)
    for i, a in enumerate(nodes):
        value = state.arg(dot, a)
        if truth(value) == (name == "or"):
            return value
    if final is not NO_FINAL:
        value = final
    return value
