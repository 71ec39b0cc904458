"""-o yaml|json|name|wide|jsonpath for commands that print objects."""
from __future__ import annotations

from ..api.meta import Obj
from .cli import CommandError, Ctx
from .printers import as_list, to_json, to_name, to_yaml

FORMATS = ("json", "yaml", "name", "go-template", "go-template-file", "template", "templatefile",
           "jsonpath", "jsonpath-as-json", "jsonpath-file", "custom-columns", "custom-columns-file", "wide")
#: What kubectl's PrintFlags accept (genericclioptions: JSON/YAML, name, templates, JSONPath),
#: and with the human-readable printer of `get` (wide, custom columns) — sorted, as its error lists them.
GENERIC_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file",
                   "name", "template", "templatefile", "yaml")
HUMAN_FORMATS = tuple(sorted(GENERIC_FORMATS + ("custom-columns", "custom-columns-file", "wide")))


def check_format(fmt: str | None, allowed: tuple[str, ...] = FORMATS) -> None:
    """Refuse an output format as kubectl does (``allowed formats are: a,b,c``, the
    formats of its printer); one kubectl knows but the kit does not print says so."""
    if fmt is None or fmt == "":
        return
    base = fmt.split("=", 1)[0]
    known = HUMAN_FORMATS if "wide" in allowed else GENERIC_FORMATS
    if base not in known:
        raise CommandError(f'error: unable to match a printer suitable for the output format "{fmt}", '
                           f'allowed formats are: {",".join(known)}')
    if base not in allowed:
        raise CommandError(f'error: output format "{fmt}" is not supported by the simulated kubectl')


def print_objects(ctx: Ctx, objs: list[Obj], fmt: str, *, single: bool, operation: str = "") -> None:
    """Print in a machine format.  A single object prints as itself, several as a List."""
    base, _, arg = fmt.partition("=")
    if base == "name":
        for o in objs:
            ctx.print(to_name(o, operation))
        return
    if base in ("yaml", "json"):
        doc = objs[0] if single and len(objs) == 1 else as_list(objs)
        ctx.out.append(to_yaml(doc) if base == "yaml" else to_json(doc))      # to_json ends with its newline
        return
    if base in ("jsonpath", "jsonpath-as-json"):
        from .jsonpath import render
        doc = objs[0] if single and len(objs) == 1 else as_list(objs)
        ctx.out.append(render(arg, doc))
        return
    if base == "custom-columns":
        from .jsonpath import custom_columns
        ctx.out.append(custom_columns(arg, objs))
        return
    raise CommandError(f'error: output format "{fmt}" is not supported by the simulated kubectl')


def strip_for_output(obj: Obj) -> Obj:
    """kubectl hides managedFields unless --show-managed-fields."""
    obj["metadata"].pop("managedFields", None)
    return obj
