"""``kubectl get`` tables: column layout exactly as kubectl's tabwriter does it.

kubectl writes each row as cells joined by tabs and lets a tabwriter align them
(cli-runtime printers/tabwriter.go: minwidth 6, padding 3, pad with spaces).  Every
cell but the last of a line is padded to its column's width, the widest cell plus 3,
and never less than 6; the last cell is written as it is, so lines carry no trailing
spaces unless a trailing cell is empty.

>>> print(tabwrite([["NAME", "READY", "AGE"], ["web", "1/1", "5s"]]), end="")
NAME   READY   AGE
web    1/1     5s
"""
from __future__ import annotations

from operator import itemgetter
from typing import Any, Iterable, Sequence

from kubelab.api.meta import Obj
from kubelab.heap import acyclic

from .columns import PrintContext, format_labels, printer_for

__all__ = ["tabwrite", "print_table", "print_tables", "table_rows",
           "no_resources_found", "kind_prefix"]


TAB_MINWIDTH = 6
TAB_PADDING = 3


def tabwrite(lines: Sequence[Sequence[str]], *, minwidth: int = TAB_MINWIDTH,
             padding: int = TAB_PADDING) -> str:
    """Go text/tabwriter with kubectl's settings, for lines already split into cells.

    As in Go, a column's width is decided per *block* of consecutive lines that have
    a cell in that column, and the last cell of each line is not aligned.
    """
    if lines and len(set(map(len, lines))) == 1:
        return _tabwrite_even(lines, minwidth, padding)
    lines = [list(line) for line in lines]
    out: list[str] = []

    def fmt(line0: int, line1: int, widths: list[int]) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this, widths)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            fmt(line0, this, widths + [width])
            line0 = this
        write_lines(line0, line1, widths)

    def write_lines(line0: int, line1: int, widths: list[int]) -> None:
        for line in lines[line0:line1]:
            parts = []
            for j, cell in enumerate(line):
                parts.append(cell.ljust(widths[j]) if j < len(widths) else cell)
            out.append("".join(parts) + "\n")

    fmt(0, len(lines), [])
    return "".join(out)


def _tabwrite_even(lines: Sequence[Sequence[str]], minwidth: int, padding: int) -> str:
    """tabwrite when every line has the same number of cells (every ``get`` table):
    each column but the last is then one block over all lines, so its width is
    one max, and a line is laid out by one %-format (the per-cell loop is most of
    the time of a 10,000-row table)."""
    columns = list(zip(*lines))[:-1]
    widths = [max(minwidth, max(map(len, column)) + padding) for column in columns]
    layout = "".join(f"%-{w}s" for w in widths) + "%s\n"
    return "".join([layout % tuple(line) for line in lines])


def _escape(cell: str) -> str:
    """printTable: cut a cell at its first line break (adding "..."), escape ESC and CR."""
    if "\n" not in cell and "\r" not in cell and "\f" not in cell and "\x1b" not in cell:
        return cell              # nearly every cell: four scans in C instead of a generator
    cut = min((i for i in (cell.find(c) for c in "\f\n\r") if i >= 0), default=-1)
    text = cell if cut < 0 else cell[:cut]
    text = text.replace("\x1b", "^[").replace("\r", "\\r")
    return text if cut < 0 else text + "..."


def kind_prefix(obj: Obj) -> str:
    """What ``kubectl get all`` puts before a name: ``pod``, ``deployment.apps``."""
    api_version = obj.get("apiVersion", "")
    group = api_version.split("/")[0] if "/" in api_version else ""
    kind = obj.get("kind", "").lower()
    return f"{kind}.{group}" if group else kind


def table_rows(objs: Iterable[Obj], *, kind: str, now: float = 0.0, wide: bool = False,
               no_headers: bool = False, with_namespace: bool = False, with_kind: bool = False,
               show_labels: bool = False, label_columns: Sequence[str] = (),
               ctx: PrintContext | None = None, escape: bool = True) -> list[list[str]]:
    """The header and rows (lists of cells) that print_table lays out.  ``escape=False``:
    the cells as the printers made them, for a caller that checks the text itself."""
    ctx = ctx or PrintContext(now=now)
    printer = printer_for(kind)
    keep = [i for i, col in enumerate(printer.columns) if wide or col.priority == 0]
    name_index = next((i for i, col in enumerate(printer.columns) if col.is_name), None)
    objs = list(objs)
    lines: list[list[str]] = []
    if not no_headers:
        if not objs:
            return []
        header = [printer.columns[i].name.upper() for i in keep]
        if with_namespace:
            header.insert(0, "NAMESPACE")
        header += [key.split("/")[-1].upper() for key in label_columns]
        if show_labels:
            header.append("LABELS")
        lines.append(header)
    if ctx.memo is not None and printer.facts is not None:
        full = ctx.memo.rows(kind, printer, objs, ctx.now)
    else:
        row_of = printer.row
        full = [row_of(obj, ctx) for obj in objs]
    if keep == list(range(len(keep))):          # the columns shown lead: a slice
        shown = len(keep)
        rows = [list(cells[:shown]) for cells in full]
    else:
        rows = [[cells[i] for i in keep if i < len(cells)] for cells in full]
    if with_kind and name_index is not None and name_index in keep:
        at = keep.index(name_index)
        for obj, row in zip(objs, rows):
            if at < len(row):
                row[at] = f"{kind_prefix(obj)}/{row[at]}"
    if escape and _has_escapes(rows):
        rows = [[_escape(cell) for cell in row] for row in rows]
    if with_namespace or label_columns or show_labels:
        for obj, row in zip(objs, rows):
            labels = (obj.get("metadata") or {}).get("labels") or {}
            if with_namespace:
                row.insert(0, (obj.get("metadata") or {}).get("namespace", ""))
            row += [labels.get(key, "") for key in label_columns]
            if show_labels:
                row.append(format_labels(labels))
    lines += rows
    return lines


def _has_escapes(rows: list[list[str]]) -> bool:
    """Whether any cell has what printTable escapes or cuts; one scan of all the
    cells in C instead of a check per cell."""
    text = "".join(["".join(row) for row in rows])
    return "\n" in text or "\r" in text or "\f" in text or "\x1b" in text


def print_table(objs: Iterable[Obj], *, kind: str, now: float = 0.0, wide: bool = False,
                no_headers: bool = False, with_namespace: bool = False, with_kind: bool = False,
                show_labels: bool = False, label_columns: Sequence[str] = (),
                ctx: PrintContext | None = None) -> str:
    """``kubectl get`` output (stdout) for objects of one kind; "" when there are none.

    ``with_namespace`` is ``-A``; ``with_kind`` prefixes names as ``kubectl get all``
    does (``pod/web``); ``label_columns`` is ``-L key``; ``now`` the simulated time.
    """
    objs = list(objs)
    options = dict(kind=kind, now=now, wide=wide, no_headers=no_headers, with_namespace=with_namespace,
                   with_kind=with_kind, show_labels=show_labels, label_columns=label_columns, ctx=ctx)
    if ctx is not None and ctx.memo is not None:
        # Stored objects: the same objects at the same instant print the same table, and
        # for a kind whose rows the memo keeps, the same objects in the same cells (the
        # memo's list of them, the same at a later instant when no AGE moved).
        printer = printer_for(kind)
        with acyclic():                  # the rows of a new listing: see _print_table
            made = ctx.memo.rows(kind, printer, objs, ctx.now) if printer.facts is not None and objs else ctx.now
            key = (made, wide, no_headers, with_namespace, with_kind, show_labels, tuple(label_columns))
            return ctx.memo.text(kind, key, objs, lambda: _print_table(objs, options))
    return _print_table(objs, options)


def _print_table(objs: list[Obj], options: dict) -> str:
    # A table of 150,000 rows allocates a million lists and tuples of strings, none
    # in a reference cycle: the cyclic collector would walk them a dozen times for
    # nothing (a third of the time of a table printed again), so it waits; and while
    # the cluster runs, what the row memo keeps of them is frozen rather than walked
    # by the next young pass (0.3 s of the first `get pods` of 150,000).
    with acyclic():
        text = _stored_table(objs, **options)
        if text is None:
            lines = table_rows(objs, **options, escape=False)
            text = tabwrite(lines)
            count = len(lines)
        else:
            count = len(objs) + (not options["no_headers"])
        # A cell with a line break or an ESC/CR/FF shows in the text as a line too many or
        # as that character: only then are the cells escaped (one scan of the text in C).
        if text.count("\n") != count or "\r" in text or "\f" in text or "\x1b" in text:
            text = tabwrite(table_rows(objs, **options))
        return text


def _stored_table(objs: list[Obj], *, kind: str, now: float, wide: bool, no_headers: bool,
                  with_namespace: bool, with_kind: bool, show_labels: bool, label_columns: Sequence[str],
                  ctx: PrintContext | None) -> str | None:
    """The text of ``table_rows`` through ``tabwrite`` (unescaped), for stored objects of
    a kind whose rows the memo keeps (pods, events) printed with no option that adds
    or changes cells (``-A``, ``-L``, ``--show-labels``, kind prefixes); else None.

    The memo's rows are laid out as they are (see _layout) instead of first copied
    into lines of the cells shown, then turned into tuples to be formatted (for
    30,000 pods: 15 ms where the copies and tabwrite took 41)."""
    printer = printer_for(kind)
    if (ctx is None or ctx.memo is None or printer.facts is None or not objs
            or with_namespace or with_kind or show_labels or label_columns):
        return None
    columns = printer.columns
    rows = ctx.memo.rows(kind, printer, objs, ctx.now)
    if set(map(len, rows)) != {len(columns)}:
        return None
    shown = [i for i, col in enumerate(columns) if wide or col.priority == 0]
    header = None if no_headers else [columns[i].name.upper() for i in shown]
    return _layout(header, rows, shown)


def _layout(header: list[str] | None, rows: list[tuple[str, ...]], shown: list[int],
            minwidth: int = TAB_MINWIDTH, padding: int = TAB_PADDING) -> str:
    """``tabwrite`` of the header and the cells ``shown`` of each row (tuples of the
    same length): every column but the last shown is one block of lines, padded to
    its widest cell plus ``padding``.  A row is written by one %-format of its cells
    up to the last shown, in which a cell not shown is ``%.0s`` (printed as nothing)."""
    widths = {}
    for at, i in enumerate(shown[:-1]):
        width = max(map(len, map(itemgetter(i), rows)))
        if header is not None:
            width = max(width, len(header[at]))
        widths[i] = max(minwidth, width + padding)
    end = shown[-1] + 1
    layout = "".join(f"%-{widths[i]}s" if i in widths else "%s" if i == end - 1 else "%.0s"
                     for i in range(end)) + "\n"
    head = ""
    if header is not None:
        head = "".join(f"%-{widths[i]}s" for i in shown[:-1]) % tuple(header[:-1]) + header[-1] + "\n"
    if end == len(rows[0]):
        return head + "".join([layout % cells for cells in rows])
    return head + "".join([layout % cells[:end] for cells in rows])     # the wide-only cells that end a row: cut


def print_tables(groups: Iterable[tuple[str, Iterable[Obj]]], **options: Any) -> str:
    """Several kinds, one table each, separated by a blank line (``kubectl get all``).

    Kinds with no objects print nothing and add no separator, as kubectl's
    separatorWriter only inserts the blank line once something was written.
    """
    parts = [print_table(objs, kind=kind, **options) for kind, objs in groups]
    separator = "" if options.get("no_headers") else "\n"
    return separator.join(p for p in parts if p)


def no_resources_found(namespace: str | None = "default", all_namespaces: bool = False) -> str:
    """The line kubectl get writes to *stderr* when nothing matched.

    ``namespace=None`` is for when a cluster-scoped kind was asked for.
    """
    if all_namespaces or namespace is None:
        return "No resources found\n"
    return f"No resources found in {namespace} namespace.\n"
