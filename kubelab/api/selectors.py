"""Label selectors: the ``-l`` syntax, matchLabels and matchExpressions.

>>> s = parse("app=web,tier in (front,back),!canary")
>>> s.matches({"app": "web", "tier": "front"}), s.matches({"app": "web", "tier": "db"})
(True, False)
>>> str(s)
'app=web,!canary,tier in (back,front)'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from . import errors


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str                  # "=", "!=", "in", "notin", "exists", "!"
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        has = self.key in labels
        if self.op in ("=", "==", "in"):
            return has and labels[self.key] in self.values
        if self.op in ("!=", "notin"):
            return not has or labels[self.key] not in self.values
        if self.op == "exists":
            return has
        if self.op == "!":
            return not has
        if self.op in ("gt", "lt"):
            if not has:
                return False
            try:
                have, want = int(labels[self.key]), int(self.values[0])
            except ValueError:
                return False
            return have > want if self.op == "gt" else have < want
        raise ValueError(self.op)

    def __str__(self) -> str:
        if self.op == "exists":
            return self.key
        if self.op == "!":
            return "!" + self.key
        if self.op in ("in", "notin"):
            return f"{self.key} {self.op} ({','.join(sorted(self.values))})"
        if self.op in ("gt", "lt"):
            return f"{self.key}{'>' if self.op == 'gt' else '<'}{self.values[0]}"
        return f"{self.key}{self.op}{self.values[0]}"


@dataclass(frozen=True)
class Selector:
    """A conjunction of requirements.  The empty selector matches everything;
    ``Selector(nothing=True)`` matches nothing (a null selector)."""
    requirements: tuple[Requirement, ...] = ()
    nothing: bool = False

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self.nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    def empty(self) -> bool:
        return not self.requirements and not self.nothing

    def equality_map(self) -> dict[str, str] | None:
        """The selector as a plain map when it is equality-only, else None."""
        out = {}
        for r in self.requirements:
            if r.op not in ("=", "==", "in") or len(r.values) != 1:
                return None
            out[r.key] = r.values[0]
        return out

    def __str__(self) -> str:
        return ",".join(str(r) for r in sorted(self.requirements, key=lambda r: r.key))


EVERYTHING = Selector()
NOTHING = Selector(nothing=True)

_QUALIFIED = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")


def from_map(labels: Mapping[str, str] | None) -> Selector:
    """A selector from matchLabels / a Service's or RC's selector map."""
    if not labels:
        return EVERYTHING
    return Selector(tuple(Requirement(k, "=", (v,)) for k, v in sorted(labels.items())))


def from_label_selector(ls: Mapping | None) -> Selector:
    """metav1.LabelSelector → Selector (null selects nothing, {} selects everything)."""
    if ls is None:
        return NOTHING
    reqs = [Requirement(k, "=", (v,)) for k, v in sorted((ls.get("matchLabels") or {}).items())]
    ops = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}
    for expr in ls.get("matchExpressions") or []:
        op = ops.get(expr.get("operator", ""))
        if op is None:
            raise errors.bad_request(f'"{expr.get("operator")}" is not a valid label selector operator')
        reqs.append(Requirement(expr["key"], op, tuple(expr.get("values") or ())))
    return Selector(tuple(reqs))


_TOKEN = re.compile(r"\s*(\(|\)|,|!=|==|=|!|[^\s(),!=<>]+|<|>)")


def parse(text: str) -> Selector:
    """Parse kubectl's ``-l`` syntax (labels.Parse).  Errors read as kubectl's do."""
    text = text.strip()
    if not text:
        return EVERYTHING
    tokens = _tokenize(text)
    reqs: list[Requirement] = []
    i = 0

    def fail(msg: str) -> errors.ApiError:
        return errors.ApiError(400, "BadRequest", f"unable to parse requirement: {msg}")

    while i < len(tokens):
        tok = tokens[i]
        if tok == "!":
            if i + 1 >= len(tokens) or tokens[i + 1] in ("(", ")", ",", "=", "==", "!=", "!"):
                raise fail("found '', expected: identifier")
            reqs.append(Requirement(tokens[i + 1], "!"))
            i += 2
        else:
            key = tok
            if key in ("(", ")", ",", "=", "==", "!="):
                raise fail(f"found '{key}', expected: !, identifier, or 'end of string'")
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt == ",":
                reqs.append(Requirement(key, "exists"))
                i += 1
            elif nxt in ("=", "==", "!="):
                if i + 2 >= len(tokens) or tokens[i + 2] in (",", "(", ")"):
                    value = ""
                    i += 2
                else:
                    value = tokens[i + 2]
                    i += 3
                reqs.append(Requirement(key, "!=" if nxt == "!=" else "=", (value,)))
            elif nxt in ("in", "notin"):
                if i + 2 >= len(tokens) or tokens[i + 2] != "(":
                    raise fail("found '', expected: '('")
                j = i + 3
                values = []
                while j < len(tokens) and tokens[j] != ")":
                    if tokens[j] != ",":
                        values.append(tokens[j])
                    j += 1
                if j >= len(tokens):
                    raise fail("found '', expected: ',' or ')'")
                reqs.append(Requirement(key, nxt, tuple(values)))
                i = j + 1
            elif nxt in ("<", ">"):
                reqs.append(Requirement(key, "lt" if nxt == "<" else "gt", (tokens[i + 2],)))
                i += 3
            else:
                raise fail(f"found '{nxt}', expected: in, notin, =, ==, !=, gt, lt")
        if i < len(tokens):
            if tokens[i] != ",":
                raise fail(f"found '{tokens[i]}', expected: ',' or 'end of string'")
            i += 1
    for r in reqs:
        if not _QUALIFIED.match(r.key.split("/")[-1]):
            raise errors.ApiError(400, "BadRequest", f"unable to parse requirement: invalid label key \"{r.key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
    return Selector(tuple(reqs))


def _tokenize(text: str) -> list[str]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            break
        out.append(m.group(1))
        pos = m.end()
        if pos < len(text) and text[pos:].strip() == "":
            break
    return out
