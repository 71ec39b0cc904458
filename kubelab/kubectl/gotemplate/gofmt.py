"""Go's fmt for the values a template sees (decoded JSON): ``%v`` (what ``{{.x}}``
prints: ``map[a:1 b:x]``, ``[a b]``, ``<nil>``, ``0.5``, ``1e+06``) and ``printf``'s verbs.

>>> sprint({"b": [1, None], "a": True})
'map[a:true b:[1 <nil>]]'
>>> sprintf("%-6s|%3d|%q|%.2f|%v", ["ab", 7, "x", 0.5, 1000000.0])
'ab    |  7|"x"|0.50|1e+06'
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any


class LitInt(int):
    """An integer constant written in the template (Go type ``int``; JSON numbers are ``int64``)."""


MISSING = type("Missing", (), {"__repr__": lambda self: "MISSING"})()   # Go's invalid reflect.Value


def type_name(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, LitInt):
        return "int"
    if isinstance(v, int):
        return "int64"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, list):
        return "[]interface {}"
    return "interface {}"


def go_float(f: float, verb: str = "g", prec: int = -1) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64) as %v prints it."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    if verb == "f":
        return f"{f:.{6 if prec < 0 else prec}f}"
    if verb == "e":
        text = f"{f:.{6 if prec < 0 else prec}e}"
        return re.sub(r"e([+-])(\d)$", r"e\g<1>0\2", text)
    if prec >= 0:
        text = f"{f:.{max(prec, 1)}g}"
        return re.sub(r"e([+-])(\d)$", r"e\g<1>0\2", text)
    d = Decimal(repr(f))
    sign, digits, exp = d.as_tuple()
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    x = len(digits) + exp - 1                      # the decimal exponent
    if f == 0:
        return "-0" if sign else "0"
    if x < -4 or x >= 6:                           # shortest %v: exponent form from 1e+06 on
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return f"{'-' if sign else ''}{mant}e{'-' if x < 0 else '+'}{abs(x):02d}"
    text = format(abs(d).normalize(), "f")
    return ("-" if sign else "") + text


def sprint(v: Any, verb: str = "v") -> str:
    """fmt.Sprint of one value (%v); nested values of a map or slice print the same way."""
    if v is MISSING:
        return "<no value>" if verb == "top" else "<invalid reflect.Value>"
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return go_float(v)
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{sprint(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(sprint(x) for x in v) + "]"
    return str(v)


def go_quote(s: str) -> str:
    """strconv.Quote."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}[ch])
        elif o < 0x20 or o == 0x7f:
            out.append(f"\\x{o:02x}")
        elif not ch.isprintable():
            out.append(f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


_VERB = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d+)?)?(.)", re.S)     # Go: any rune is a verb


def _bad(verb: str, v: Any) -> str:
    if v is None or v is MISSING:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({type_name(v)}={sprint(v)})"


def format_verb(verb: str, flags: str, prec: int | None, v: Any) -> str:
    if verb == "v":
        if isinstance(v, float) and prec is not None:
            return go_float(v, "g", prec)
        return sprint(v) if v is not MISSING else "<nil>"
    if verb == "T":
        return "<nil>" if v is None or v is MISSING else type_name(v)
    if isinstance(v, dict) and verb in "sdqxXtfeg":
        return "map[" + " ".join(f"{format_verb(verb, flags, prec, k)}:{format_verb(verb, flags, prec, v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list) and verb in "sdqxXtfeg":
        return "[" + " ".join(format_verb(verb, flags, prec, x) for x in v) + "]"
    if verb == "s":
        if isinstance(v, str):
            return v if prec is None else v[:prec]
        return _bad(verb, v)
    if verb == "q":
        if isinstance(v, str):
            return go_quote(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return "'" + chr(v) + "'"
        return _bad(verb, v)
    if verb == "t":
        return ("true" if v else "false") if isinstance(v, bool) else _bad(verb, v)
    if verb in "dbo" and isinstance(v, int) and not isinstance(v, bool):
        text = {"d": str(abs(v)), "b": format(abs(v), "b"), "o": format(abs(v), "o")}[verb]
        return ("-" if v < 0 else "+" if "+" in flags else "") + text
    if verb in "xX":
        if isinstance(v, int) and not isinstance(v, bool):
            text = format(abs(v), verb)
            return ("-" if v < 0 else "") + ("0x" if "#" in flags else "") + text
        if isinstance(v, str):
            text = v.encode().hex()
            return text.upper() if verb == "X" else text
        return _bad(verb, v)
    if verb == "c" and isinstance(v, int) and not isinstance(v, bool):
        return chr(v)
    if verb in "feEgG" and isinstance(v, float):
        text = go_float(v, verb.lower() if verb.lower() != "g" else "g", -1 if prec is None else prec)
        return ("+" if "+" in flags and v >= 0 else "") + (text.upper() if verb.isupper() else text)
    return _bad(verb, v)


def sprintf(fmt: str, args: list[Any]) -> str:
    out, i, argi = [], 0, 0
    for m in _VERB.finditer(fmt):
        out.append(fmt[i:m.start()])
        i = m.end()
        flags, width, prec, verb = m.group(1), m.group(2), m.group(3), m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if width == "*":
            width = str(args[argi]) if argi < len(args) else "0"
            argi += 1
        if argi >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        v = args[argi]
        argi += 1
        has_prec = m.group(0).find(".") >= 0
        text = format_verb(verb, flags, (int(prec) if prec and prec != "*" else 0) if has_prec else None, v)
        if width:
            w = int(width)
            if "-" in flags:
                text = text.ljust(w)
            elif "0" in flags and verb in "dfeEgGxXbo" and not text.startswith("%!"):
                neg = text[:1] in "-+"
                text = text[:1] + text[1:].rjust(w - 1, "0") if neg else text.rjust(w, "0")
            else:
                text = text.rjust(w)
        out.append(text)
    out.append(fmt[i:])
    if argi < len(args):
        extra = ", ".join(f"{type_name(a)}={sprint(a)}" if a is not None and a is not MISSING else "<nil>"
                          for a in args[argi:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)
