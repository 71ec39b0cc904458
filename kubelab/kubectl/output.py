"""-o yaml|json|name|wide|jsonpath for commands that print objects."""
from __future__ import annotations

from ..api.meta import Obj
from .cli import CommandError, Ctx
from .printers import as_list, to_json, to_yaml
from .printers.gofields import in_go_order
from .printers.yamljson import to_names

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


TEMPLATE_FORMATS = ("go-template", "go-template-file", "jsonpath", "jsonpath-as-json", "jsonpath-file",
                    "template", "templatefile")


def with_template(fmt: str | None, template: str, *, human: bool) -> str:
    """--template TEXT: the template of a template format (``-o jsonpath --template
    '{.x}'``); with no -o, kubectl prints a go-template (PrintFlags.ToPrinter)."""
    fmt = fmt or "go-template"
    takes = TEMPLATE_FORMATS + (("custom-columns", "custom-columns-file") if human else ())
    if fmt in takes:
        return f"{fmt}={template}"
    if fmt.partition("=")[0] in takes:                   # -o go-template=X --template Y: no printer matches
        known = HUMAN_FORMATS if human else GENERIC_FORMATS
        raise CommandError(f'error: unable to match a printer suitable for the output format "{fmt}", '
                           f'allowed formats are: {",".join(known)}')
    return fmt                                           # -o yaml --template X: the yaml printer matches first


def print_objects(ctx: Ctx, objs: list[Obj], fmt: str, *, single: bool, operation: str = "",
                  typed: bool = False) -> None:
    """Print in a machine format.  A single object prints as itself, several as a List.

    ``typed``: kubectl holds the object as a Go struct (what ``create deployment``,
    ``run``, ``expose``, ``autoscale`` build or get back from a typed client), so
    ``-o json`` writes its keys in struct field order, not sorted."""
    base, _, arg = fmt.partition("=")
    opts = ctx.global_opts
    if base == "name":
        if objs:                  # one piece of output: 150,000 lines are one write
            ctx.out.append(to_names(objs, operation))
        return
    doc = objs[0] if single and len(objs) == 1 else as_list(objs)
    if base in ("yaml", "json"):
        if base == "yaml":
            ctx.out.append(to_yaml(doc))
        elif typed and doc is objs[0]:
            ctx.out.append(to_json(in_go_order(doc), sort_keys=False))
        else:
            ctx.out.append(to_json(doc))      # to_json ends with its newline
        return
    if base in TEMPLATE_FORMATS:
        if not arg:
            raise CommandError("error: template format specified but no template given")
        text = read_template_file(ctx, arg) if base.endswith("file") else arg
        if base.startswith("jsonpath"):
            from .jsonpath import render
            ctx.out.append(render(text, doc))
        else:
            go_template(ctx, text, doc, missing_error=opts.get("allow-missing-template-keys") is False)
        return
    if base in ("custom-columns", "custom-columns-file"):
        from .jsonpath import columns_from_file, columns_from_spec, custom_columns
        if base == "custom-columns-file":
            cols = columns_from_file(read_template_file(ctx, arg, flag="custom-columns-file"))
        else:
            cols = columns_from_spec(arg)
        ctx.out.append(custom_columns(cols, objs, no_headers=bool(opts.get("no-headers"))))
        return
    raise CommandError(f'error: output format "{fmt}" is not supported by the simulated kubectl')


def read_template_file(ctx: Ctx, path: str, flag: str = "--template") -> str:
    """-o go-template-file=PATH, jsonpath-file, custom-columns-file: the file's text."""
    import os
    full = path if os.path.isabs(path) else os.path.join(ctx.cwd, path)
    try:
        with open(full, encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        if flag != "--template":
            raise CommandError(f"error: error reading template {path}, open {path}: no such file or directory") from None
        raise CommandError(f"error: error reading --template {path}, open {path}: no such file or directory") from None


def strip_for_output(obj: Obj) -> Obj:
    """kubectl hides managedFields unless --show-managed-fields."""
    obj["metadata"].pop("managedFields", None)
    return obj


def go_template(ctx: Ctx, text: str, doc, *, missing_error: bool = False) -> None:
    """Print ``doc`` through a Go template as kubectl's GoTemplatePrinter does: a parse
    error refuses the command; an execution error prints what the template wrote,
    then kubectl's debugging help on stdout, and the error on stderr."""
    import json

    from .gotemplate import PartialOutput, TemplateError, compile, run
    from .gotemplate.gofmt import go_quote, sprint
    try:
        tree = compile(text)
    except TemplateError as err:
        raise CommandError(f"error: error parsing template {text}, {err}\n") from None
    try:
        ctx.out.append(run(tree, doc, missing_error=missing_error))
    except PartialOutput as err:
        raw = json.dumps(doc, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        ctx.out.append(err.written)
        ctx.out.append(f"Error executing template: {err}. Printing more information for debugging the template:\n"
                       f"\ttemplate was:\n\t\t{text}\n\traw data was:\n\t\t{raw}\n"
                       f"\tobject given to template engine was:\n\t\t{sprint(doc)}\n\n")
        raise CommandError(f"error: error executing template {go_quote(text)}: {err}") from None
