"""The English templates of the messages a module makes, read from its source: the strings
and f-strings passed to the given functions (``ok``/``not_yet``/``_quiz`` for the exercise
checks) and tables of hints (dicts of sentences), each
variable part written ``{name}`` (the variable's name, or ``x1``, ``x2``… for an expression).
``tests/test_i18n.py`` checks that the Chinese catalogue has every one of them.
"""
from __future__ import annotations

import ast
from pathlib import Path


def template(node: ast.AST) -> str | None:
    """The template of a string expression, or None when it is not made of literals."""
    counter = iter(range(1, 100))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
            else:
                expr = part.value
                out.append("{%s}" % (expr.id if isinstance(expr, ast.Name) else f"x{next(counter)}"))
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        text = str(node.left.value)
        while "%s" in text or "%d" in text:
            at = min(i for i in (text.find("%s"), text.find("%d")) if i >= 0)
            text = text[:at] + "{x%d}" % next(counter) + text[at + 2:]
        return text
    return None


def templates(path: Path, functions: tuple[str, ...] = ("ok", "not_yet", "_quiz")) -> list[str]:
    """Every template a check can say: the string arguments of `functions` (and the values of a
    dict written among them), and the values of any dict of sentences (a table of hints)."""
    found = []

    def add(node) -> None:
        if isinstance(node, ast.Dict):
            for v in node.values:
                add(v)
            return
        t = template(node)
        if t is not None and " " in t:
            found.append(t)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            for arg in node.args:
                add(arg)
        elif isinstance(node, ast.Dict) and node.values and all(
                isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values):
            if any(v.value.rstrip().endswith((".", "?")) and " " in v.value for v in node.values):
                for v in node.values:
                    add(v)
    return list(dict.fromkeys(found))
