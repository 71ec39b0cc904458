"""kubectl get --sort-by (kubectl/pkg/cmd/get/sorter.go): order objects by the
first value a JSONPath finds in each — numbers by value, strings that are both
quantities by amount, other strings in natural order (``pod-2`` before ``pod-10``);
an object without the field sorts first.

>>> [o["n"] for o in sort_objects([{"n": "web-10"}, {"n": "web-9"}, {"n": "db"}], "{.n}")]
['db', 'web-9', 'web-10']
>>> [o["m"] for o in sort_objects([{"m": "1Gi"}, {"m": "512Mi"}], ".m")]
['512Mi', '1Gi']
"""
from __future__ import annotations

from typing import Any

from ..api.quantity import QuantityError, parse_quantity
from .cli import CommandError
from .jsonpath import evaluate, relaxed_path

_MISSING = object()


class Unsortable(Exception):
    pass


def natural_less(a: str, b: str) -> bool:
    """github.com/fvbommel/sortorder NaturalLess: digit runs compare as numbers."""
    s1, s2 = a.encode(), b.encode()
    i = j = 0
    while i < len(s1) and j < len(s2):
        c1, c2 = s1[i], s2[j]
        d1, d2 = 48 <= c1 <= 57, 48 <= c2 <= 57
        if d1 != d2:
            return d1                       # digits before other characters
        if not d1:
            if c1 != c2:
                return c1 < c2
            i += 1
            j += 1
            continue
        while i < len(s1) and s1[i] == 48:
            i += 1
        while j < len(s2) and s2[j] == 48:
            j += 1
        nz1, nz2 = i, j
        while i < len(s1) and 48 <= s1[i] <= 57:
            i += 1
        while j < len(s2) and 48 <= s2[j] <= 57:
            j += 1
        if i - nz1 != j - nz2:
            return i - nz1 < j - nz2
        if s1[nz1:i] != s2[nz2:j]:
            return s1[nz1:i] < s2[nz2:j]
        if nz1 != nz2:
            return nz1 < nz2
    return len(s1) < len(s2)


def _go_type(v: Any) -> str:
    from .gotemplate.gofmt import type_name
    return type_name(v)


def is_less(a: Any, b: Any) -> bool:
    """isLess for two values out of an unstructured object (interface{} kind)."""
    if a is None and b is None:
        return False
    if a is None:
        return True
    if b is None:
        return False
    for typ in (bool, int, float, str):
        if isinstance(a, typ) and (typ is not int or not isinstance(a, bool)):
            break
    else:
        raise Unsortable(f"unsortable type: {_go_type(a)}")
    if isinstance(a, bool):
        raise Unsortable("unsortable type: bool")
    if type(a) is not type(b):
        raise Unsortable("unsortable interface: interface")
    if isinstance(a, str):
        try:
            return parse_quantity(a).amount < parse_quantity(b).amount
        except QuantityError:
            return natural_less(a, b)
    return a < b


def _first(path: str, obj: dict) -> Any:
    vals = evaluate(path[1:-1], obj)
    return vals[0] if vals else _MISSING


def sort_objects(objs: list[dict], field_input: str, *, table: bool = False) -> list[dict]:
    """The objects in --sort-by order.  Go's sort.Sort, as an insertion sort (what
    it does for the short lists a learner has: equal values keep their order)."""
    if not objs or (table and len(objs) < 2):
        return list(objs)
    try:
        path = relaxed_path(field_input)
    except CommandError:
        if not table:
            raise
        path = field_input
    values = [_first(path, o) for o in objs]
    if all(v is _MISSING for v in values):
        raise CommandError(f'error: couldn\'t find any field with path "{path}" in the list of objects')
    order = list(range(len(objs)))

    def less(x: int, y: int) -> bool:
        vx, vy = values[order[x]], values[order[y]]
        if vx is _MISSING:
            return True
        if vy is _MISSING:
            return False
        try:
            return is_less(vx, vy)
        except Unsortable as err:
            where = "[][][]reflect.Value" if table else "*unstructured.Unstructured"
            raise CommandError(f"error: Field {path} in {where} is an unsortable type: interface, err: {err}") from None

    for i in range(1, len(order)):
        j = i
        while j > 0 and less(j, j - 1):
            order[j], order[j - 1] = order[j - 1], order[j]
            j -= 1
    return [objs[k] for k in order]
