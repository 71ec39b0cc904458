"""Chapters 03, 04, 05 and 06 with ``%kubectl`` behind ``%kubelab connect``: the real
kubectl (/usr/bin/kubectl v1.32) runs every command, against kubelab's own served
cluster as the stand-in for a real one.

Each chapter runs in an IPython shell as the notebook runs it, with ``%kubelab serve``
and ``%kubelab connect KUBECONFIG`` right after ``%load_ext kubelab``.  Every
``%kubectl`` line then goes through the connect path for real (mutations included),
and, just before, through tests/server/replay.py's comparison on the same state: the
command (``--dry-run=server`` when it changes the cluster) through the connected
kubectl and through the kit's own kubectl must print the same (a difference
``differential_allowlist.yaml`` explains is allowed), so the connected run shows the
objects the chapter shows.  Every command the chapter runs must exit as the kit's own
kubectl says it would.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest


def _replay():
    """tests/server/replay.py, loaded from its file (tests/server stays off sys.path)."""
    if "replay" not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "server" / "replay.py"
        spec = importlib.util.spec_from_file_location("replay", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["replay"] = module
        spec.loader.exec_module(module)
    return sys.modules["replay"]


_r = _replay()
CHAPTERS, KUBECTL, ROOT, Recorder, allowed, chapter_cells, has_kubectl = (
    _r.CHAPTERS, _r.KUBECTL, _r.ROOT, _r.Recorder, _r.allowed, _r.chapter_cells, _r.has_kubectl)

CONNECTED = [p for p in CHAPTERS if p.stem[:2] in ("03", "04", "05", "06")]
#: Like the differential test: ~40 s of CPU, run in CI or with KUBELAB_DIFFERENTIAL=1.
WANTED = bool(os.environ.get("CI") or os.environ.get("KUBELAB_DIFFERENTIAL"))


def run_connected(path: Path):
    from IPython.core.interactiveshell import InteractiveShell
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    rec = None
    runs: list[tuple[str, int, int | None]] = []      # (command, exit code, expected exit code)
    try:
        for cell in chapter_cells(path):
            if "%load_ext kubelab" in cell:
                ip.run_cell("%load_ext kubelab")
                magics = ip.magics_manager.magics["line"]["kubelab"].__self__
                ip.run_line_magic("kubelab", "serve")
                ip.run_line_magic("kubelab", f"connect {magics.served.kubeconfig}")
                assert magics.connection is not None and magics.connection.own, "connect did not take"
                rec = ConnectedRecorder(magics, path.stem)

                def run(line, stdin, _rec=rec, _magics=magics):
                    expected = _rec.expect(line, stdin)
                    result = _magics._real_kubectl(line, stdin=stdin, echo=True)
                    runs.append((line, result.returncode, expected))

                ip.register_magic_function(lambda line: run(line, None), "line", "kubectl")
                ip.register_magic_function(lambda line, cell: run(line, cell), "cell", "kubectl")
                cell = cell.replace("%load_ext kubelab", "")
            ip.run_cell(cell, silent=True)
    finally:
        if rec is not None:
            rec.magics._stop_serving()
        InteractiveShell.clear_instance()
    assert rec is not None, f"{path.name} never loads kubelab"
    return rec, runs


class ConnectedRecorder(Recorder):
    """replay.Recorder with the connected %kubectl as its "real" side; ``expect``
    compares a command and returns the exit code the kit's own kubectl gives it
    (None when the comparison skips the command)."""

    def serve(self):
        return self.magics.cluster               # served by %kubelab serve already

    def real(self, argv, stdin):
        r = self.magics.connection.run(argv, stdin=stdin, cwd=self.magics.cluster.cwd or None)
        return r.stdout, r.stderr, r.returncode

    def emulated(self, argv, stdin):
        conn, self.magics.connection = self.magics.connection, None
        try:
            out = super().emulated(argv, stdin)
        finally:
            self.magics.connection = conn
        # A command without --dry-run (rollout restart) refuses the dry run: its exit code
        # says nothing of the command's own.
        self.last_emulated = None if "unknown flag: --dry-run" in out[1] else out[2]
        return out

    def expect(self, line: str, stdin: str | None) -> int | None:
        self.last_emulated = None
        self.compare(line, stdin)
        return self.last_emulated


def known(chapter: str, cmd: str, real, emu) -> str | None:
    """differential_allowlist.yaml's reason, or this one: the chapter's own apply ran
    through the real kubectl here, which wrote its own last-applied annotation; the
    kit's apply writes a different one (the allowlist's apply entry, seen from the
    other side), so a second apply of the same file is "unchanged" for the real
    kubectl and "configured" for the kit's."""
    reason = allowed(chapter, cmd, real)
    if reason:
        return reason
    if cmd.startswith("apply -f ") and real[0].replace("unchanged (server dry run)", "configured (server dry run)") == emu[0]:
        return "last-applied annotation written by the real kubectl"
    return None


@pytest.mark.skipif(not has_kubectl(), reason=f"no real kubectl at {KUBECTL}: %kubelab connect runs the real kubectl")
@pytest.mark.skipif(not WANTED, reason="the connected run of chapters 03-06 runs in CI, or with KUBELAB_DIFFERENTIAL=1")
@pytest.mark.parametrize("chapter", CONNECTED, ids=[p.stem[:2] for p in CONNECTED])
def test_chapter_runs_its_commands_through_the_connected_real_kubectl(chapter, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(ROOT / "notebooks")
    monkeypatch.setenv("HOME", str(tmp_path))          # kubectl's discovery cache goes there, not to ~/.kube
    rec, runs = run_connected(chapter)
    capsys.readouterr()
    differ = rec.differ + rec.applied_differ
    unexplained = [(cmd, real, emu) for cmd, real, emu in differ if not known(rec.chapter, cmd, real, emu)]
    wrong_exit = [(cmd, rc, want) for cmd, rc, want in runs if want is not None and rc != want]
    summary = (f"{chapter.stem}: {len(runs)} %kubectl commands through the connected kubectl; compared "
               f"{len(rec.same)} identical, {len(rec.differ)} differ ({len(differ) - len(unexplained)} of all "
               f"differences allowlisted), {len(rec.skipped)} not compared; {len(unexplained)} unexplained, "
               f"{len(wrong_exit)} exit codes unlike the kit's kubectl")
    print(summary)
    assert len(runs) >= 10 and rec.same, summary
    details = "\n".join(f"$ kubectl {cmd}\n--- connected kubectl (rc {real[2]}):\n{real[0]}{real[1]}"
                        f"--- kubelab (rc {emu[2]}):\n{emu[0]}{emu[1]}" for cmd, real, emu in unexplained)
    details += "\n".join(f"$ kubectl {cmd}: exit {rc}, the kit's kubectl exits {want}" for cmd, rc, want in wrong_exit)
    assert not unexplained and not wrong_exit, summary + "\n" + details
