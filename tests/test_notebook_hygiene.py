"""Notebook hygiene: stored outputs that do not churn.

A chapter is built from its jupytext source by notebooks/build.py; two builds of the same
source must give the same file (simulated time and seeded randomness), and no notebook may
carry widget state or execution timings (random ids and wall-clock times churn diffs).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "widgets").glob("*.ipynb"))
GUARD_CHAPTER = ROOT / "notebooks" / "src" / "03-deployments.py"


def load_builder():
    spec = importlib.util.spec_from_file_location("kubelab_notebook_build", ROOT / "notebooks" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_stores_no_widget_state_or_timings(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb.get("metadata", {}), "widget state stored (build with store_widget_state=False)"
    timed = [i for i, c in enumerate(nb["cells"], 1) if "execution" in c.get("metadata", {})]
    assert not timed, f"cells {timed} store execution timings"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_live_controls_say_run_me_instead_of_a_missing_model(path):
    """Without stored widget state a widget output could only render "model not found"."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    views = [i for i, c in enumerate(nb["cells"], 1) for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in (o.get("data") or {})]
    assert not views, f"cells {views} store a widget view (rebuild with notebooks/build.py)"


def test_every_notebook_has_its_source():
    """`make execute` rebuilds from notebooks/src and widgets/src: a notebook without a
    source would silently keep stale outputs."""
    orphans = [str(p.relative_to(ROOT)) for p in NOTEBOOKS if not (p.parent / "src" / (p.stem + ".py")).is_file()]
    assert not orphans


@pytest.mark.skipif(not GUARD_CHAPTER.is_file(), reason="chapter 03's source is not there")
def test_building_a_chapter_twice_gives_the_same_notebook(tmp_path):
    build = load_builder().build
    builds = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        builds.append(json.loads(build(GUARD_CHAPTER, tmp_path / name).read_text(encoding="utf-8")))
    first, second = builds
    changed = [i for i, (a, b) in enumerate(zip(first["cells"], second["cells"]), 1) if a != b]
    assert not changed, f"cells {changed} differ between two builds"
    assert first == second
