"""kubectl get --sort-by (kubectl/pkg/cmd/get/sorter.go): order objects by the
first value a JSONPath finds in each — numbers by value, strings that are both
quantities by amount, other strings byte by byte (``web-10`` before ``web-9``, as
the real kubectl v1.32.4 orders them); an object without the field sorts first.

>>> [o["n"] for o in sort_objects([{"n": "web-9"}, {"n": "web-10"}, {"n": "db"}], "{.n}")]
['db', 'web-10', 'web-9']
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
    """kubectl exits through klog.Exitf (a fatal log line) on values it cannot order."""


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
            return a.encode() < b.encode()     # Go's string <, byte by byte
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
            raise Unsortable(f"Field {path} in {where} is an unsortable type: interface, err: {err}") from None

    for i in range(1, len(order)):
        j = i
        while j > 0 and less(j, j - 1):
            order[j], order[j - 1] = order[j - 1], order[j]
            j -= 1
    return [objs[k] for k in order]
