"""kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath), for what people
write: ``{.metadata.name}``, ``{.items[0].spec.nodeName}``, ``{.items[*].metadata.name}``,
``{.data.password}``, ``{range .items[*]}{.metadata.name}{"\\n"}{end}``,
``{.spec.ports[?(@.name=="http")].nodePort}``, ``{['metadata']['name']}``.

>>> render('{.metadata.name}{"\\n"}', {"metadata": {"name": "web"}})
'web\\n'
>>> render('{.items[*].metadata.name}', {"items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]})
'a b'
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..api.gofmt import go_json

from .cli import CommandError


def _tokens(template: str) -> list[tuple[str, str]]:
    """('text', ...) and ('expr', ...) pieces."""
    out, i = [], 0
    while i < len(template):
        j = template.find("{", i)
        if j < 0:
            out.append(("text", template[i:]))
            break
        if j > i:
            out.append(("text", template[i:j]))
        depth, k, quote = 0, j, None
        while k < len(template):
            ch = template[k]
            if quote:
                if ch == "\\":
                    k += 1
                elif ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if k >= len(template):
            raise CommandError(f"error: error parsing jsonpath {template}, unclosed action")
        out.append(("expr", template[j + 1:k].strip()))
        i = k + 1
    return out


_STEP = re.compile(r"""\.\.?[A-Za-z0-9_\-/$]+|\[[^\]]*\]|\.\*""")


def _steps(path: str) -> list[str]:
    path = path.strip()
    if path.startswith(("$", "@")):        # the root, or the current item inside a range
        path = path[1:]
    if path and not path.startswith((".", "[")):
        path = "." + path
    steps = _STEP.findall(path)
    if "".join(steps) != path:
        raise CommandError(f"error: error parsing jsonpath {{{path}}}, unrecognized character in action: {path!r}")
    return steps


def _filter(cond: str, item: Any) -> bool:
    m = re.match(r"""\?\(@\.([\w.\-/]+)\s*(==|!=|>|<|>=|<=)?\s*(.*)\)$""", cond)
    if not m:
        return False
    value = item
    for part in m.group(1).split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if m.group(2) is None:
        return value is not None
    want = m.group(3).strip()
    if want[:1] in "\"'":
        want_v: Any = want[1:-1]
    else:
        try:
            want_v = json.loads(want)
        except ValueError:
            want_v = want
    ops = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, ">": lambda a, b: a > b,
           "<": lambda a, b: a < b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
    try:
        return ops[m.group(2)](value, want_v)
    except TypeError:
        return False


def evaluate(path: str, data: Any) -> list[Any]:
    current = [data]
    for step in _steps(path):
        nxt: list[Any] = []
        for value in current:
            if step == ".*" or step == "[*]":
                if isinstance(value, dict):
                    nxt.extend(value.values())
                elif isinstance(value, list):
                    nxt.extend(value)
            elif step.startswith(".."):
                key = step[2:]
                nxt.extend(_recursive(value, key))
            elif step.startswith("."):
                if isinstance(value, dict) and step[1:] in value:
                    nxt.append(value[step[1:]])
            else:
                inner = step[1:-1].strip()
                if inner.startswith("?"):
                    if isinstance(value, list):
                        nxt.extend(v for v in value if _filter(inner, v))
                elif inner[:1] in "'\"":
                    key = inner[1:-1]
                    if isinstance(value, dict) and key in value:
                        nxt.append(value[key])
                elif ":" in inner and isinstance(value, list):
                    a, _, b = inner.partition(":")
                    nxt.extend(value[int(a) if a else None:int(b) if b else None])
                elif isinstance(value, list):
                    try:
                        nxt.append(value[int(inner)])
                    except (IndexError, ValueError):
                        raise CommandError(f"error: error executing jsonpath \"{{{path}}}\": array index out of bounds: index {inner}, length {len(value)}")
        current = nxt
    return current


def _recursive(value: Any, key: str) -> list[Any]:
    out = []
    if isinstance(value, dict):
        if key in value:
            out.append(value[key])
        for v in value.values():
            out.extend(_recursive(v, key))
    elif isinstance(value, list):
        for v in value:
            out.extend(_recursive(v, key))
    return out


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):     # PrintResults: json.Marshal, which escapes <>& and keeps UTF-8
        return go_json(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def _literal(expr: str) -> str | None:
    if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "\"'":
        return expr[1:-1].encode().decode("unicode_escape")
    return None


def render(template: str, data: Any) -> str:
    tokens = _tokens(template)
    out, _ = _render(tokens, 0, data)
    return out


def _render(tokens: list[tuple[str, str]], i: int, data: Any, stop_at_end: bool = False) -> tuple[str, int]:
    out = []
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "text":
            out.append(value)
            i += 1
            continue
        if value == "end":
            if stop_at_end:
                return "".join(out), i + 1
            raise CommandError("error: error parsing jsonpath, not in range, nothing to end")
        if value.startswith("range "):
            items = evaluate(value[6:], data)
            body_start = i + 1
            end = body_start
            parts = []
            for item in items:
                text, end = _render(tokens, body_start, item, stop_at_end=True)
                parts.append(text)
            if not items:
                _, end = _render(tokens, body_start, {}, stop_at_end=True)
            out.append("".join(parts))
            i = end
            continue
        lit = _literal(value)
        if lit is not None:
            out.append(lit)
        else:
            out.append(" ".join(_text(v) for v in evaluate(value, data)))
        i += 1
    return "".join(out), i


_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


def relaxed_path(expr: str) -> str:
    """kubectl's RelaxedJSONPathExpression: ``metadata.name``, ``.metadata.name``,
    ``{metadata.name}`` and ``{.metadata.name}`` all mean ``{.metadata.name}``."""
    if not expr:
        return expr
    m = _RELAXED.match(expr)
    if not m:
        raise CommandError("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                           "'{name1.name2}' or '{.name1.name2}'")
    return "{." + (m.group(1) or m.group(2)) + "}"


def columns_from_spec(spec: str) -> list[tuple[str, str]]:
    """-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image"""
    if not spec:
        raise CommandError("error: custom-columns format specified but no custom columns given")
    cols = []
    for part in spec.split(","):
        header, colon, path = part.partition(":")
        if not colon:
            raise CommandError(f"error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        cols.append((header, relaxed_path(path)))
    return cols


def columns_from_file(text: str) -> list[tuple[str, str]]:
    """-o custom-columns-file: a line of headers, a line of paths, whitespace separated."""
    lines = text.splitlines()
    tail = " Expected format is one line of space separated headers, one line of space separated column specs."
    if not lines:
        raise CommandError("error: invalid template, missing header line." + tail)
    if len(lines) < 2:
        raise CommandError("error: invalid template, missing spec line." + tail)
    headers, specs = lines[0].split(), lines[1].split()
    if len(headers) != len(specs):
        raise CommandError(f"error: number of headers ({len(headers)}) and field specifications ({len(specs)}) don't match")
    return [(h, relaxed_path(p)) for h, p in zip(headers, specs)]


def custom_columns(cols: list[tuple[str, str]], objs: list[dict], *, no_headers: bool = False) -> str:
    """kubectl's CustomColumnsPrinter: each value as Go's fmt.Sprint prints it
    (``map[app:web]``), several joined by commas, ``<none>`` when there is none."""
    from .gotemplate.gofmt import sprint
    from .printers import tabwrite
    lines = [] if no_headers else [[h for h, _ in cols]]
    for o in objs:
        row = []
        for _, path in cols:
            vals = [v for expr in (path[1:-1],) for v in evaluate(expr, o)] if path else []
            row.append(",".join(_escape_terminal(sprint(v)) for v in vals) if vals else "<none>")
        lines.append(row)
    return tabwrite(lines) if lines else ""


def _escape_terminal(text: str) -> str:
    """printers.EscapeTerminal: ESC and CR are shown, not sent to the terminal."""
    return text.replace("\x1b", "^[").replace("\r", "\\r")
