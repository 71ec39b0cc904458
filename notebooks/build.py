"""Build chapters: notebooks/src/NN-name.py (jupytext percent format) →
notebooks/NN-name.ipynb, executed in a fresh kernel with outputs stored.

    python notebooks/build.py                 # every chapter, both editions
    python notebooks/build.py notebooks/src/03-deployments.py
    python notebooks/build.py notebooks/zh/src/03-deployments.py   # its Chinese edition

The Chinese edition (notebooks/zh/src → notebooks/zh, widgets/zh/src → widgets/zh) is built
the same way, executed in its own directory; scripts/zh_sync.py keeps its sources in step
with the English ones.

A cell tagged ``solution`` (``# %% tags=["solution"]``) is stored with its source
collapsed (JupyterLab's ``jupyter.source_hidden``): the learner opens it when they
want the worked answer.

Execution starts in notebooks/ (the directory the learner opens), widget state
is not stored, and execution metadata is dropped, so a rebuild of an unchanged
chapter gives a byte-identical file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def build(src: Path, out_dir: Path | None = None) -> Path:
    nb = jupytext.read(src)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    out_dir = out_dir or (HERE if src.parent.name == "src" and src.parent.parent == HERE else src.parent.parent)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(out_dir)}},
                            store_widget_state=False, record_timing=False)
    client.execute()
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if "solution" in cell.metadata.get("tags", []):
            # a worked solution: run and stored (nbval holds it), shown collapsed until opened
            cell.metadata["jupyter"] = {"source_hidden": True}
        cell["id"] = f"c{i:03d}"
        if cell.cell_type == "code":
            for out in cell.outputs:
                out.get("metadata", {}).pop("execution", None)
            cell.outputs = [_placeholder(out, "zh" if out_dir.name == "zh" else "en")
                            for out in _merge_streams(cell.outputs)]
    nb.metadata.pop("widgets", None)
    target = out_dir / (src.stem + ".ipynb")
    nbformat.write(nb, target)
    return target


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What a stored live control shows until its cell runs: no widget state is stored, so
#: JupyterLab could only say "Error displaying widget: model not found" (and the model's
#: random id would change on every build).
PLACEHOLDER = {"en": "▶ A live control appears here when you run this cell (Shift+Enter): "
                     "a saved notebook keeps no widget state.",
               "zh": "▶ 运行这个单元（Shift+Enter）后，这里会出现一个实时控件：保存的笔记本不保存控件状态。"}


def _placeholder(out, lang: str = "en"):
    if WIDGET_VIEW in (out.get("data") or {}):
        out["data"] = {"text/plain": PLACEHOLDER[lang]}
    return out


def _merge_streams(outputs: list) -> list:
    """Join consecutive outputs of the same stream: how the kernel batches writes
    into messages varies from run to run, what was written does not."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (prev is not None and out.get("output_type") == "stream" and prev.get("output_type") == "stream"
                and prev.get("name") == out.get("name")):
            prev["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or (sorted((HERE / "src").glob("*.py"))
                                          + sorted((HERE / "zh" / "src").glob("*.py")))
    for src in sources:
        out = build(src.resolve(), HERE if src.resolve().parent == (HERE / "src") else None)
        print(f"built {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
