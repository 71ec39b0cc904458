"""How a field.Error reads (k8s.io/apimachinery/pkg/util/validation/field): ``Invalid value:
"X": ...``, ``Required value``, ``Unsupported value: ...: supported values: ...``,
``Duplicate value: ...``, ``Forbidden: ...``; a bad value printed as Go's %q or %v."""
from __future__ import annotations

import json
from typing import Any

__all__ = ["Raw", "gostr", "go_map", "invalid", "required", "not_supported", "duplicate", "forbidden"]


def gostr(value: Any) -> str:
    """A BadValue as field.Error prints it: %q for strings, %v for numbers and bools."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return '"null"'
    return str(value)


def go_map(m: dict) -> str:
    """%#v of a map[string]string: keys sorted."""
    return "map[string]string{" + ", ".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in sorted(m.items())) + "}"


def invalid(value: Any, detail: str) -> str:
    return f"Invalid value: {value if isinstance(value, Raw) else gostr(value)}: {detail}"


class Raw(str):
    """A BadValue already formatted (maps, structs)."""


def required(detail: str = "") -> str:
    return "Required value" + (f": {detail}" if detail else "")


def not_supported(value: Any, supported: list[str]) -> str:
    return f"Unsupported value: {gostr(value)}: supported values: " + ", ".join(json.dumps(s) for s in supported)


def duplicate(value: Any) -> str:
    return f"Duplicate value: {value if isinstance(value, Raw) else gostr(value)}"


def forbidden(detail: str) -> str:
    return f"Forbidden: {detail}"
