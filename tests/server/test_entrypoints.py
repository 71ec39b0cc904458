"""The ways in: ``%kubelab serve`` in a notebook and ``python -m kubelab serve``."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

ROOT = Path(__file__).resolve().parents[2]
KUBECTL = "/usr/bin/kubectl"


@pytest.fixture
def shell():
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "kubelab")
    yield ip
    ip.run_line_magic("kubelab", "serve stop")
    InteractiveShell.clear_instance()


def test_kubelab_serve_prints_the_export_line_and_stops(shell, capsys):
    shell.run_line_magic("kubelab", "serve")
    out = capsys.readouterr().out
    match = re.search(r"^serving this cluster at (https://127\.0\.0\.1:\d+); in a terminal:\nexport KUBECONFIG=(\S+)$",
                      out, re.M)
    assert match, out
    path = match.group(2)
    assert os.path.isfile(path) and not path.startswith(os.path.expanduser("~/.kube"))
    shell.run_line_magic("kubelab", "serve stop")
    assert capsys.readouterr().out == "stopped serving\n"
    assert not os.path.exists(path)
    shell.run_line_magic("kubelab", "serve speed=fast")
    assert capsys.readouterr().err == ("%kubelab serve: unknown option 'speed=fast' "
                                       "(options: port=N clock=notebook|live speed=X, or stop)\n")


@pytest.mark.skipif(not os.access(KUBECTL, os.X_OK), reason=f"no real kubectl at {KUBECTL}")
def test_python_m_kubelab_serve_until_interrupted(tmp_path):
    kubeconfig = tmp_path / "kubeconfig"
    proc = subprocess.Popen([sys.executable, "-m", "kubelab", "serve", "--kubeconfig", str(kubeconfig),
                             "--speed", "10"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [proc.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("Serving the simulated cluster at https://127.0.0.1:"), lines
        assert lines[1].strip() == f"export KUBECONFIG={kubeconfig}"
        env = dict(os.environ, KUBECONFIG=str(kubeconfig), KUBECACHEDIR=str(tmp_path / "cache"))
        nodes = subprocess.run([KUBECTL, "get", "nodes", "-o", "name"], env=env, capture_output=True, text=True, timeout=30)
        assert nodes.stdout == "node/minikube\n"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_serve_refuses_a_bad_clock():
    from kubelab import Cluster
    c = Cluster()
    with pytest.raises(ValueError, match="clock must be one of notebook, live"):
        c.serve(clock="wall")
