"""The real kubectl against the served cluster, beside the kit's own kubectl: every
``%kubectl`` command of every chapter, and every ``Cluster.kubectl`` call of the
scenario tests (tests/scenarios), replayed as tests/server/replay.py describes.
A difference fails unless ``differential_allowlist.yaml`` lists it with its reason.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from replay import CHAPTERS, KUBECTL, ROOT, allowed, has_kubectl, run_chapter  # noqa: E402

#: The replay runs every chapter again, with the real kubectl beside each command (~90 s
#: of CPU): CI runs it; locally, KUBELAB_DIFFERENTIAL=1 does.
WANTED = bool(os.environ.get("CI") or os.environ.get("KUBELAB_DIFFERENTIAL"))


@pytest.mark.skipif(not has_kubectl(), reason=f"no real kubectl at {KUBECTL}: the differential test needs it")
@pytest.mark.skipif(not WANTED, reason="the chapters' replay through the real kubectl runs in CI, or with KUBELAB_DIFFERENTIAL=1")
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_real_kubectl_against_the_served_chapter(chapter, monkeypatch, capsys):
    monkeypatch.chdir(ROOT / "notebooks")
    rec = run_chapter(chapter)
    capsys.readouterr()
    differ = rec.differ + rec.applied_differ
    unexplained = [(cmd, real, emu) for cmd, real, emu in differ if not allowed(rec.chapter, cmd, real)]
    summary = (f"{chapter.stem}: {len(rec.same)} identical, {len(rec.differ)} differ "
               f"({len(differ) - len(unexplained)} of all differences allowlisted), {len(rec.skipped)} not compared; "
               f"applied objects: {len(rec.applied_same)} identical, {len(rec.applied_differ)} differ; "
               f"{len(unexplained)} unexplained")
    print(summary)
    report = os.environ.get("KUBELAB_DIFFERENTIAL_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as fh:
            fh.write(summary + "\n")
            for cmd, real, emu in differ:
                fh.write(f"  DIFF {cmd}\n    real: {real!r}\n    emu:  {emu!r}\n")
    details = "\n".join(f"$ kubectl {cmd}\n--- real kubectl (rc {real[2]}):\n{real[0]}{real[1]}"
                        f"--- kubelab (rc {emu[2]}):\n{emu[0]}{emu[1]}" for cmd, real, emu in unexplained)
    assert not unexplained, summary + "\n" + details


@pytest.mark.skipif(not has_kubectl(), reason=f"no real kubectl at {KUBECTL}: the differential test needs it")
@pytest.mark.skipif(not WANTED, reason="the scenarios' replay through the real kubectl runs in CI, or with KUBELAB_DIFFERENTIAL=1")
def test_real_kubectl_against_the_served_scenarios(tmp_path):
    report = tmp_path / "replay.json"
    env = dict(os.environ, REPLAY_REPORT=str(report),
               PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])))
    run = subprocess.run([sys.executable, "-m", "pytest", "tests/scenarios", "-q", "-p", "replay", "-p", "no:cacheprovider",
                          "-p", "no:xdist"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    # The scenarios' own verdicts are theirs (they run in the suite anyway); here only the replay counts.
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    found = json.loads(report.read_text())
    differ = [tuple(d) for d in found["differ"] + found["applied_differ"]]
    unexplained = [(cmd, real, emu) for cmd, real, emu in differ if not allowed("scenarios", cmd, real)]
    summary = (f"scenarios: {len(found['same'])} identical, {len(found['differ'])} differ, "
               f"{len(found['skipped'])} not compared; applied objects: {len(found['applied_same'])} identical, "
               f"{len(found['applied_differ'])} differ; {len(unexplained)} unexplained")
    print(summary)
    report_file = os.environ.get("KUBELAB_DIFFERENTIAL_REPORT")
    if report_file:
        with open(report_file, "a", encoding="utf-8") as fh:
            fh.write(summary + "\n")
            for cmd, real, emu in differ:
                fh.write(f"  DIFF {cmd}\n    real: {tuple(real)!r}\n    emu:  {tuple(emu)!r}\n")
    details = "\n".join(f"$ kubectl {cmd}\n--- real kubectl (rc {real[2]}):\n{real[0]}{real[1]}"
                        f"--- kubelab (rc {emu[2]}):\n{emu[0]}{emu[1]}" for cmd, real, emu in unexplained)
    assert not unexplained, summary + "\n" + details
