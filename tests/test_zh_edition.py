"""The Chinese edition (notebooks/zh, widgets/zh) against the English one.

Every Chinese source has the English code cells (the only difference allowed: the first line
of the first code cell sets ``lang`` to zh), every markdown cell translated from the English
cell as it is now, no English paragraph left, and a built notebook that matches its source.
How to fix a failure: ``python scripts/zh_sync.py``, translate the cells it marks, rebuild
(see scripts/zh_sync.py).
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

spec = importlib.util.spec_from_file_location("zh_sync", ROOT / "scripts" / "zh_sync.py")
zh_sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(zh_sync)

EDITION = [(en, zh) for en, zh in zh_sync.pairs() if zh.exists()]
ids = [str(zh.relative_to(ROOT)) for _, zh in EDITION]


def test_the_edition_exists():
    assert EDITION, "no Chinese source under notebooks/zh/src or widgets/zh/src"


@pytest.mark.parametrize("en,zh", EDITION, ids=ids)
def test_same_code_and_every_cell_translated_from_the_current_english(en, zh):
    found = zh_sync.problems(en, zh)
    assert not found, "\n".join(map(str, found))


# --- English left in a translation ----------------------------------------------------------

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
STOPWORDS = set("""a an the is are was be been it its this that these those of to in on for from by with
and or not no you your we our can will what when where which who how why as at if then than
there here does do has have into out only also more most each every all any one""".split())


def english_runs(markdown: str) -> list[str]:
    """Stretches of English prose in a translated cell: code (fenced and inline), link targets,
    HTML comments, kubectl output, titles in 《》 and the notes' quoted lines are left out; what remains is split at every Chinese
    character, and a stretch counts as prose when it has eight words, or four with one of the
    little words prose cannot do without ("the", "is", "of", …). An English term beside its
    Chinese one ("控制平面（Control Plane）") is not prose."""
    # the notes' own lines are quoted as they are (blockquotes); a 勘误 note is checked
    text = "\n".join(line for line in markdown.split("\n") if not line.startswith(">") or "勘误" in line)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"《[^》]*》", " ", text)      # the title of an English work, quoted as a title
    runs = []
    for run in re.split(f"[{CJK}]+", text):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", run)
        if len(words) >= 8 or (len(words) >= 4 and STOPWORDS & {w.lower() for w in words}):
            runs.append(" ".join(run.split()))
    return runs


@pytest.mark.parametrize("en,zh", EDITION, ids=ids)
def test_no_english_prose_left(en, zh):
    left = [(i, run) for i, c in enumerate(zh_sync.read(zh).cells, 1) if c.cell_type == "markdown"
            and c.metadata.get("zh") != "todo" for run in english_runs(c.source)]
    assert not left, "\n".join(f"cell {i}: {run}" for i, run in left)


def test_english_prose_is_found_and_terms_are_not():
    assert english_runs("A Deployment tells Kubernetes how many pods to run.")
    assert english_runs("部署之后 the pods are created by the ReplicaSet controller")
    assert not english_runs("控制平面（Control Plane）管理集群；持久卷申领（PersistentVolumeClaim）")
    assert not english_runs("运行 `kubectl get pods -o wide --show-labels all of the pods`：")
    assert not english_runs("见[官方文档](https://kubernetes.io/zh-cn/docs/concepts/workloads/pods/)")
    assert not english_runs("```\nNAME READY STATUS RESTARTS AGE and the rest of it\n```")


@pytest.mark.parametrize("en,zh", EDITION, ids=ids)
def test_the_built_notebook_is_built_from_the_current_source(en, zh):
    built = zh.parent.parent / (zh.stem + ".ipynb")
    assert built.is_file(), f"not built: python notebooks/build.py {zh.relative_to(ROOT)}"
    cells = json.loads(built.read_text(encoding="utf-8"))["cells"]
    want = [(c.cell_type, c.source) for c in zh_sync.read(zh).cells]
    have = [(c["cell_type"], "".join(c["source"])) for c in cells]
    assert have == want, f"rebuild it: python notebooks/build.py {zh.relative_to(ROOT)}"


# --- the sync itself, on small notebooks -----------------------------------------------------

def nb(*cells):
    out = []
    for c in cells:
        kind, text = c.split(":", 1)
        out.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    return nbformat.v4.new_notebook(cells=out)


def translated(zh_nb, *texts):
    """Translate the markdown cells of a freshly synced notebook, in order."""
    md = [c for c in zh_nb.cells if c.cell_type == "markdown"]
    for c, text in zip(md, texts):
        c.source = text
        c.metadata.pop("zh", None)
    return zh_nb


def test_sync_keeps_translations_of_unchanged_cells_and_marks_the_rest():
    en1 = nb("md:# Title", "code:x = 1", "md:Some text.", "code:print(x)", "md:Gone soon.")
    zh1, counts = zh_sync.sync(en1)
    assert counts == {"kept": 0, "todo": 3, "stale": 0}
    assert zh1.cells[1].source == zh_sync.LANG_LINE + "\nx = 1"
    zh1 = translated(zh1, "# 标题", "一些文字。", "很快删掉。")

    en2 = nb("md:# Title", "md:A new cell.", "code:x = 1", "md:Some text, changed.", "code:print(x)")
    zh2, counts = zh_sync.sync(en2, zh1)
    assert counts == {"kept": 1, "todo": 1, "stale": 1}
    kinds = [(c.cell_type, c.metadata.get("zh"), c.source) for c in zh2.cells]
    assert kinds[0] == ("markdown", None, "# 标题")
    assert kinds[1] == ("markdown", "todo", "A new cell.")
    assert kinds[2] == ("code", None, zh_sync.LANG_LINE + "\nx = 1")
    assert kinds[3][1] == "stale" and kinds[3][2].startswith("一些文字。") and kinds[3][2].endswith("Some text, changed.")
    assert kinds[4] == ("code", None, "print(x)")
    assert all(c.metadata["en"] == zh_sync.en_hash(e.source) for c, e in zip(zh2.cells, en2.cells)
               if c.cell_type == "markdown")


def test_a_second_sync_changes_nothing_and_keeps_the_marks():
    en = nb("md:One.", "code:pass", "md:Two.")
    zh1 = translated(zh_sync.sync(en)[0], "一。")
    zh2, counts = zh_sync.sync(en, zh1)
    assert counts == {"kept": 1, "todo": 1, "stale": 0}
    assert [c.source for c in zh2.cells] == [c.source for c in zh1.cells]


def test_problems_name_drifted_code_and_untranslated_cells(tmp_path):
    en_path, zh_path = tmp_path / "en.py", tmp_path / "zh" / "en.py"
    en = nb("md:Hello.", "code:x = 1")
    zh_sync.write(en, en_path)
    zh = translated(zh_sync.sync(en)[0], "你好。")
    zh.cells[1].source += "\nx = 2"
    zh_sync.write(zh, zh_path)
    assert [p.what for p in zh_sync.problems(en_path, zh_path)] == [
        "its cells are not the English ones (run scripts/zh_sync.py)"]
    zh.cells[1].source = zh_sync.LANG_LINE + "\nx = 1"
    zh.cells[0].metadata["zh"] = "todo"
    zh_sync.write(zh, zh_path)
    assert [p.what for p in zh_sync.problems(en_path, zh_path)] == ['marked zh="todo"']
    del zh.cells[0].metadata["zh"]
    zh_sync.write(zh, zh_path)
    assert zh_sync.problems(en_path, zh_path) == []
