"""What counts as a broken notebook after JupyterLab ran it: pure checks on the notebook
JSON the browser holds (``NotebookModel.toJSON()``), so they are unit-tested without a
browser (tests/browser/test_checks.py) and the browser run only gathers data.

Chapters show kubectl's own errors on purpose: they go to stderr, exactly as a terminal
shows them (``Error from server (NotFound): ...``). Those are course content. What fails is
a *Python* error: an ``error`` output (an exception reached the kernel), or stderr text
that carries a traceback or an internal error.

>>> nb = {"cells": [{"cell_type": "code", "source": "%kubectl get pod x", "execution_count": 1,
...       "outputs": [{"output_type": "stream", "name": "stderr",
...                    "text": 'Error from server (NotFound): pods "x" not found\\n'}]}]}
>>> output_errors(nb)
[]
>>> nb["cells"][0]["outputs"].append({"output_type": "error", "ename": "KeyError",
...                                    "evalue": "'spec'", "traceback": []})
>>> output_errors(nb)
["cell 1: KeyError: 'spec'"]
"""
from __future__ import annotations

# stderr text that means Python (or kubelab itself) broke, not kubectl reporting an error.
BROKEN_STDERR = ("Traceback", "internal error")

# Text a widget output shows when the front end could not render it. "Loading widget..." is
# transient; it still being there once the kernel is idle means the model never arrived.
WIDGET_FAILURES = ("Error displaying widget", "Loading widget", "model not found")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def code_cells(nb: dict) -> list[tuple[int, dict]]:
    """(1-based index among all cells, cell) for every non-empty code cell."""
    return [(i, c) for i, c in enumerate(nb.get("cells", []), 1)
            if c.get("cell_type") == "code" and _text(c.get("source")).strip()]


def output_errors(nb: dict) -> list[str]:
    """One line per Python error in the outputs: error outputs and broken stderr."""
    problems = []
    for i, cell in code_cells(nb):
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = _text(out.get("text"))
                if any(marker in text for marker in BROKEN_STDERR):
                    first = next((ln for ln in text.splitlines() if ln.strip()), "")
                    problems.append(f"cell {i}: stderr: {first[:200]}")
    return problems


def unexecuted_cells(nb: dict) -> list[int]:
    """Code cells that Run All did not reach (no execution count): an earlier cell failed
    or the run was cut short."""
    return [i for i, cell in code_cells(nb) if cell.get("execution_count") is None]


def widget_views(nb: dict) -> int:
    """How many widget views the outputs ask the front end to render."""
    return sum(1 for _, cell in code_cells(nb) for out in cell.get("outputs", [])
               if WIDGET_VIEW in (out.get("data") or {}))


def widget_failures(text: str) -> list[str]:
    """The widget failure messages present in the notebook's rendered text."""
    return [m for m in WIDGET_FAILURES if m in text]
