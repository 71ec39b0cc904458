"""The Chinese edition (中文版): keep its sources in step with the English ones.

Where it lives. Each English source has its Chinese twin beside it, under ``zh/``:

    notebooks/src/06-configmaps-and-secrets.py  →  notebooks/zh/src/06-configmaps-and-secrets.py
    widgets/src/traffic.py                      →  widgets/zh/src/traffic.py

built by the same builder into ``notebooks/zh/*.ipynb`` / ``widgets/zh/*.ipynb``
(``python notebooks/build.py notebooks/zh/src/06-….py``), run by nbval like the English ones.

What may differ. Code cells are the English ones, copied by this script and checked by
``tests/test_zh_edition.py``; the only difference allowed is ``LANG_LINE``, the first line of
the first code cell, which sets the kit's own words (verdicts, hints, labels, pictures) to
Chinese. Markdown cells are translations: each records in its metadata the short hash of the
English cell it translates (``en="1a2b3c4d"``).

How translations survive English edits. ``python scripts/zh_sync.py`` rebuilds every Chinese
source from the current English source. A translation whose English cell is unchanged is kept;
a new English cell comes in untranslated, marked ``zh="todo"`` (its English text as content);
a changed English cell keeps its old translation, marked ``zh="stale"``, with the new English
text below the line ``STALE_MARK``. Cells are paired by aligning the two cell sequences, so
inserted, removed and moved cells land where they belong.

A translator's loop:

    python scripts/zh_sync.py                 # sync every existing Chinese source
    python scripts/zh_sync.py --add 09        # start the Chinese source of chapter 09 (or "traffic")
    # translate each cell marked zh="todo" / zh="stale"; drop the mark and the English text
    python scripts/zh_sync.py --check         # lists what is left (exit 1 if anything is)
    python notebooks/build.py notebooks/zh/src/09-architecture.py

Terms: ``notebooks/zh/glossary.md`` (after the official Chinese Kubernetes documentation,
kubernetes.io/zh-cn); the kit's own words: ``kubelab/i18n/zh.py``.
"""
from __future__ import annotations

import argparse
import copy
import difflib
import hashlib
import sys
from pathlib import Path
from typing import NamedTuple

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = [(ROOT / "notebooks" / "src", ROOT / "notebooks" / "zh" / "src"),
            (ROOT / "widgets" / "src", ROOT / "widgets" / "zh" / "src")]
LANG_LINE = 'import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文'
STALE_MARK = "<!-- zh-sync: the English cell changed; it now reads: -->"
FMT = {"extension": ".py", "format_name": "percent", "comment_magics": False}
MARKS = ("en", "zh")


def en_hash(source: str) -> str:
    """The short hash a translation records of the English cell it translates."""
    return hashlib.sha1(source.strip().encode("utf-8")).hexdigest()[:8]


def read(path: Path) -> nbformat.NotebookNode:
    return jupytext.reads(path.read_text(encoding="utf-8"), fmt="py:percent")


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(jupytext.writes(nb, fmt=FMT), encoding="utf-8")


def pairs() -> list[tuple[Path, Path]]:
    """(English source, Chinese source) for every English source, whether or not the
    Chinese one exists yet."""
    return [(en, zh_dir / en.name) for en_dir, zh_dir in EDITIONS for en in sorted(en_dir.glob("*.py"))]


def with_lang_line(code: str) -> str:
    return LANG_LINE + "\n" + code


def _key(cell) -> tuple:
    """What pairs an English cell with a Chinese one: the code itself, or the hash of the
    English text a translation was made from."""
    if cell.cell_type == "markdown":
        return ("markdown", cell.metadata.get("en") or en_hash(cell.source))
    return (cell.cell_type, cell.source)


def sync(en_nb, zh_nb=None):
    """The Chinese notebook for `en_nb`, keeping what `zh_nb` (the current Chinese source,
    if any) has translated. Returns (notebook, counts of kept / todo / stale cells)."""
    en_cells = list(en_nb.cells)
    old = [_copy(c) for c in zh_nb.cells] if zh_nb is not None else []
    _strip_lang_line(old)
    new_keys = [_key(c) for c in en_cells]
    old_keys = [_key(c) for c in old]
    paired: dict[int, tuple[str, object]] = {}
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(a0, a1), range(b0, b1)):
                paired[j] = ("kept", old[i])
        elif op == "replace":
            # changed cells: pair the markdown cells of both sides in order
            old_md = [old[i] for i in range(a0, a1) if old[i].cell_type == "markdown"]
            for j in range(b0, b1):
                if en_cells[j].cell_type == "markdown" and old_md:
                    paired[j] = ("stale", old_md.pop(0))
    counts = {"kept": 0, "todo": 0, "stale": 0}
    cells = []
    for j, en in enumerate(en_cells):
        if en.cell_type != "markdown":
            cells.append(_copy(en))
            continue
        how, prev = paired.get(j, ("todo", None))
        meta = {k: v for k, v in en.metadata.items() if k not in MARKS and k != "lines_to_next_cell"}
        meta["en"] = en_hash(en.source)
        if how == "kept" and prev.metadata.get("zh") != "todo":
            source = prev.source
            if prev.metadata.get("zh") == "stale":
                meta["zh"] = "stale"
                how = "stale"
        elif how in ("kept", "stale") and prev.metadata.get("zh") != "todo":
            how = "stale"
            source = prev.source.split(STALE_MARK)[0].rstrip() + "\n\n" + STALE_MARK + "\n" + en.source
            meta["zh"] = "stale"
        else:
            how, source = "todo", en.source
            meta["zh"] = "todo"
        counts[how] += 1
        cells.append(nbformat.v4.new_markdown_cell(source, metadata=meta))
    first = next((c for c in cells if c.cell_type == "code"), None)
    if first is not None:
        first.source = with_lang_line(first.source)
    meta = dict(en_nb.metadata)
    jt = dict(meta.get("jupytext") or {})
    # keep the translation marks (and everything the English source keeps) in the .py file
    jt["cell_metadata_filter"] = ",".join(MARKS) + "," + jt.get("cell_metadata_filter", "-all")
    jt.setdefault("notebook_metadata_filter", "-all")
    meta["jupytext"] = jt
    out = nbformat.v4.new_notebook(cells=cells, metadata=meta)
    return out, counts


def _strip_lang_line(cells) -> None:
    for c in cells:
        if c.cell_type == "code":
            if c.source.startswith(LANG_LINE):
                c.source = c.source[len(LANG_LINE):].lstrip("\n")
            return


def _copy(cell):
    return nbformat.from_dict(copy.deepcopy(dict(cell)))


class Problem(NamedTuple):
    path: Path
    cell: int
    what: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}: cell {self.cell}: {self.what}"


def problems(en_path: Path, zh_path: Path) -> list[Problem]:
    """Everything that keeps a Chinese source from matching its English one: code that
    differs, cells untranslated or stale, a translation of an English cell that no longer
    exists. (English prose left in a translation is checked by tests/test_zh_edition.py.)"""
    en, zh = read(en_path), read(zh_path)
    found = []
    en_code = [c.source for c in en.cells if c.cell_type != "markdown"]
    zh_code = [c.source for c in zh.cells if c.cell_type != "markdown"]
    if en_code:
        en_code[0] = with_lang_line(en_code[0])
    if en_code != zh_code or [c.cell_type for c in en.cells] != [c.cell_type for c in zh.cells]:
        found.append(Problem(zh_path, 0, "its cells are not the English ones (run scripts/zh_sync.py)"))
    en_hashes = [en_hash(c.source) for c in en.cells if c.cell_type == "markdown"]
    md = [(i, c) for i, c in enumerate(zh.cells, 1) if c.cell_type == "markdown"]
    for (i, c), want in zip(md, en_hashes):
        if c.metadata.get("zh") in ("todo", "stale"):
            found.append(Problem(zh_path, i, f'marked zh="{c.metadata["zh"]}"'))
        elif c.metadata.get("en") != want:
            found.append(Problem(zh_path, i, "translates an older English cell (run scripts/zh_sync.py)"))
    return found


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--add", nargs="*", default=[], metavar="CHAPTER",
                    help="start the Chinese source of these chapters/playgrounds (06, traffic, all)")
    ap.add_argument("--check", action="store_true", help="only report what is untranslated or stale")
    args = ap.parse_args(argv)
    status = 0
    for en_path, zh_path in pairs():
        wanted = any(a == "all" or en_path.stem.startswith(a) for a in args.add)
        if not zh_path.exists() and not wanted:
            continue
        if args.check:
            found = problems(en_path, zh_path)
            for p in found:
                print(p)
            status |= bool(found)
            continue
        nb, counts = sync(read(en_path), read(zh_path) if zh_path.exists() else None)
        write(nb, zh_path)
        print(f"{zh_path.relative_to(ROOT)}: {counts['kept']} translated, "
              f"{counts['todo']} to translate, {counts['stale']} stale")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
