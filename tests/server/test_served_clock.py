"""Ages in a terminal: the real kubectl computes some ages itself (describe's
events, ``kubectl events``) from the host's clock.  ``python -m kubelab serve``
starts its cluster's clock at the host's time, so those ages read true; a
notebook's cluster keeps its fixed, simulated dates (the same on every run)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kubelab import Cluster

ROOT = Path(__file__).resolve().parents[2]
KUBECTL = "/usr/bin/kubectl"


@pytest.mark.skipif(not os.access(KUBECTL, os.X_OK), reason=f"no real kubectl at {KUBECTL}")
def test_python_m_kubelab_serve_runs_on_the_hosts_time(tmp_path):
    kubeconfig = tmp_path / "kubeconfig"
    proc = subprocess.Popen([sys.executable, "-m", "kubelab", "serve", "--kubeconfig", str(kubeconfig)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.stdout.readline()
        proc.stdout.readline()
        env = dict(os.environ, KUBECONFIG=str(kubeconfig), KUBECACHEDIR=str(tmp_path / "cache"))

        def kubectl(*args):
            return subprocess.run([KUBECTL, *args], env=env, capture_output=True, text=True, timeout=30)
        created = kubectl("get", "node", "minikube", "-o", "jsonpath={.metadata.creationTimestamp}").stdout
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
        assert abs((datetime.now(timezone.utc) - when).total_seconds()) < 120      # wall-clock ok: the point
        assert kubectl("create", "deployment", "web", "--image=nginx").returncode == 0
        for _ in range(100):                          # the live clock: the controllers act within seconds
            events = kubectl("describe", "deployment", "web").stdout.split("Events:")[-1]
            if "ScalingReplicaSet" in events:
                break
            time.sleep(0.1)
        row = next(line for line in events.splitlines() if "ScalingReplicaSet" in line)
        assert re.search(r"ScalingReplicaSet\s+\d+s\s+deployment-controller", row), row     # seconds, not days
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_a_notebooks_cluster_keeps_its_simulated_dates():
    c = Cluster()
    assert c.get("node", "minikube", "")["metadata"]["creationTimestamp"].startswith("2025-01-06T09:00:")
