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
    fast = _sorted_by_key(objs, values)
    if fast is not None:
        return fast
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


def _sorted_by_key(objs: list[dict], values: list[Any]) -> list[dict] | None:
    """The insertion sort's very result in O(n log n), when the values are of one
    kind that isLess orders totally (all numbers of one type, all quantities, all
    other strings; None anywhere): an object without the field moves in front of
    every one before it (the last of them ends up first), the others sort stably.
    None when the values are mixed (the insertion sort then meets isLess's errors
    where it meets them)."""
    present = [(v, o) for v, o in zip(values, objs) if v is not _MISSING]
    kinds = {type(v) for v, _ in present if v is not None}
    if len(kinds) > 1 or kinds & {bool} or not kinds <= {int, float, str}:
        return None
    key: Any = None
    if kinds == {str}:
        strings = [v for v, _ in present if v is not None]
        amounts = []
        for text in strings:
            try:
                amounts.append(parse_quantity(text).amount)
            except QuantityError:
                pass
        if len(amounts) == len(strings):
            by_amount = dict(zip(strings, amounts))
            key = lambda v: (0,) if v is None else (1, by_amount[v])      # noqa: E731
        elif not amounts:
            key = lambda v: (0,) if v is None else (1, v.encode())        # noqa: E731
        else:
            return None               # quantities beside other strings: not one order
    else:
        key = lambda v: (0,) if v is None else (1, v)                     # noqa: E731
    missing = [o for v, o in zip(values, objs) if v is _MISSING]
    return missing[::-1] + [o for _, o in sorted(present, key=lambda p: key(p[0]))]
