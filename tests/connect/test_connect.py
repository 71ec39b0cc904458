"""%kubelab connect / disconnect / status, through a real IPython shell and the real
kubectl, against a served kubelab cluster standing in for a real one."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from IPython.core.interactiveshell import InteractiveShell

import kubelab

KUBECTL = "/usr/bin/kubectl"
needs_kubectl = pytest.mark.skipif(not os.access(KUBECTL, os.X_OK),
                                   reason=f"no real kubectl at {KUBECTL}: %kubelab connect runs the real kubectl")


@pytest.fixture
def shell(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))                  # kubectl's cache; no ~/.kube/config
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("PATH", os.path.dirname(KUBECTL) + os.pathsep + os.environ.get("PATH", ""))
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "kubelab")
    yield ip
    magics = ip.magics_manager.magics["line"]["kubelab"].__self__
    magics._stop_serving()
    InteractiveShell.clear_instance()


@pytest.fixture(scope="module")
def elsewhere():
    """Another cluster, served: what `%kubelab connect` points at (a real one's stand-in)."""
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx:1.16.1")
    c.settle()
    with c.serve() as srv:
        yield c, srv


def magics_of(ip):
    return ip.magics_manager.magics["line"]["kubelab"].__self__


def run(ip, capsys, code: str):
    ip.run_cell(code)
    return capsys.readouterr()


def test_without_kubectl_on_path_connect_says_so_and_changes_nothing(shell, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    out = run(shell, capsys, "%kubelab connect")
    assert out.err == ("%kubelab connect: no kubectl on PATH: install it (https://kubernetes.io/docs/tasks/tools/) "
                       "or keep using the simulated cluster, which needs none\n")
    assert magics_of(shell).connection is None
    assert run(shell, capsys, "%kubectl get deployments").err == "No resources found in default namespace.\n"


@needs_kubectl
def test_without_a_kubeconfig_connect_says_where_it_looked(shell, capsys, tmp_path):
    out = run(shell, capsys, "%kubelab connect")
    assert out.err == (f"%kubelab connect: no kubeconfig at {tmp_path}/.kube/config ($KUBECONFIG or ~/.kube/config): "
                       "give its path, %kubelab connect PATH (`%kubelab serve` prints one for this notebook's cluster)\n")
    out = run(shell, capsys, f"%kubelab connect {tmp_path}/nowhere")
    assert out.err.startswith(f"%kubelab connect: no kubeconfig at {tmp_path}/nowhere: give its path")
    assert magics_of(shell).connection is None


@needs_kubectl
def test_connected_kubectl_is_the_real_one_against_the_other_cluster(shell, capsys, elsewhere, monkeypatch):
    c, srv = elsewhere
    monkeypatch.setenv("KUBECONFIG", srv.kubeconfig)        # the default kubeconfig: $KUBECONFIG
    before = open(srv.kubeconfig).read()
    out = run(shell, capsys, "%kubelab connect")
    assert out.out == (f"connected: %kubectl runs the real kubectl ({KUBECTL} v1.32.4) against context 'kubelab' at "
                       f"{srv.url} (kubeconfig {srv.kubeconfig}); `%kubelab disconnect` returns to the simulated cluster.\n")
    # What the real kubectl prints, byte for byte, is what the cell shows.
    real = subprocess.run([KUBECTL, "get", "deployments"], env=dict(os.environ), capture_output=True, text=True)
    out = run(shell, capsys, "%kubectl get deployments")
    assert out.out == real.stdout and out.out.splitlines()[1].split()[:2] == ["web", "1/1"]
    out = run(shell, capsys, "%kubectl get pod nope")
    assert (out.out, out.err) == ("", 'Error from server (NotFound): pods "nope" not found\n')
    assert magics_of(shell)._kubectl("get pod nope").returncode == 1
    # A cell body is the command's stdin.
    out = run(shell, capsys, "%%kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-cell\n"
                             "data:\n  greeting: hello\n")
    assert out.out == "configmap/from-cell created\n"
    assert c.get("configmap", "from-cell")["data"] == {"greeting": "hello"}
    # The notebook's simulated cluster did not see any of it.
    magics_of(shell)._disconnect([])
    capsys.readouterr()
    assert run(shell, capsys, "%kubectl get configmap from-cell").err == \
        'Error from server (NotFound): configmaps "from-cell" not found\n'
    assert open(srv.kubeconfig).read() == before                 # never written


@needs_kubectl
def test_simulation_only_cells_say_what_to_do_instead(shell, capsys, elsewhere):
    c, srv = elsewhere
    run(shell, capsys, "import kubelab\ncluster = kubelab.current_cluster()")
    t0 = magics_of(shell).cluster.now
    run(shell, capsys, f"%kubelab connect {srv.kubeconfig}")
    said = f"but %kubectl is connected to another cluster (context 'kubelab' at {srv.url})."
    for code, first in (("%kubelab settle", "%kubelab settle moves the simulated clock, "),
                        ("%kubelab run 30s", "%kubelab run moves the simulated clock, "),
                        ("%kubelab now", "%kubelab now reads the simulated clock, "),
                        ("%%shell\necho hi", "%%shell runs on a simulated machine, "),
                        ("%host minikube docker ps", "%host runs on a simulated machine, ")):
        out = run(shell, capsys, code)
        assert out.out == "" and out.err.startswith(first + said), code
        assert out.err.endswith("`%kubelab disconnect` returns to the simulated cluster.\n")
    assert "time passes by itself" in run(shell, capsys, "%kubelab settle").err
    # Python reaching for the simulated cluster: one line, no traceback.
    for code, first in (("cluster.api.list('pods')", "SimulationOnly: cluster.api is the simulated cluster's store, "),
                        ("cluster.curl('http://web/')", "SimulationOnly: cluster.curl() sends a request through the simulated network, "),
                        ("cluster.settle()", "SimulationOnly: cluster.settle() moves the simulated clock, "),
                        ("cluster.fail_node('minikube')", "SimulationOnly: cluster.fail_node() powers off a simulated node, "),
                        ("from kubelab.exercises import ch00\nch00.namespace_exists(cluster, 'practice')",
                         "SimulationOnly: cluster.get() reads the simulated cluster's store, ")):
        out = run(shell, capsys, code)
        assert out.err.startswith(first + said), code
        assert "Traceback" not in out.err + out.out
    assert magics_of(shell).cluster.now == t0                    # nothing moved
    out = run(shell, capsys, "%kubelab cluster")
    assert out.out.startswith("connected: %kubectl runs the real kubectl") and \
        out.out.endswith("; the simulated minikube cluster (seed 0) waits for %kubelab disconnect\n")
    # Disconnected: everything acts on the simulated cluster again.
    assert run(shell, capsys, "%kubelab disconnect").out == "disconnected: %kubectl talks to the simulated cluster again\n"
    assert len(run(shell, capsys, "print(len(cluster.api.list('pods', 'kube-system')))").out) > 1
    assert run(shell, capsys, "%kubelab settle").out.startswith("settled after")
    assert run(shell, capsys, "%kubelab disconnect").out == "not connected: %kubectl talks to the simulated cluster\n"


@needs_kubectl
def test_a_served_notebook_cluster_keeps_answering_its_terminal_while_connected_elsewhere(shell, capsys, elsewhere, tmp_path):
    c, srv = elsewhere
    run(shell, capsys, "%kubelab serve")
    own = magics_of(shell).served
    run(shell, capsys, f"%kubelab connect {srv.kubeconfig}")
    env = dict(os.environ, KUBECONFIG=own.kubeconfig)
    # The terminal's kubectl reaches the notebook's cluster through the server's threads.
    answer = {}
    t = threading.Thread(target=lambda: answer.update(p=subprocess.run([KUBECTL, "get", "nodes", "-o", "name"], env=env,
                                                                          capture_output=True, text=True, timeout=60)))
    t.start()
    t.join()
    assert answer["p"].stdout == "node/minikube\n", answer["p"].stderr


@needs_kubectl
def test_connecting_to_the_notebooks_own_served_cluster_keeps_the_simulation(shell, capsys):
    run(shell, capsys, "%kubelab serve")
    m = magics_of(shell)
    out = run(shell, capsys, f"%kubelab connect {m.served.kubeconfig}")
    assert out.out.startswith(f"connected: %kubectl runs the real kubectl ({KUBECTL} v1.32.4) against this notebook's "
                              f"simulated cluster, served at {m.served.url}")
    t0 = m.cluster.now
    out = run(shell, capsys, "%kubectl create deployment hello --image=k8s.gcr.io/echoserver:1.4")
    assert out.out == "deployment.apps/hello created\n"
    assert m.cluster.now == t0 + 1                               # a command takes its simulated second, as always
    out = run(shell, capsys, "%kubelab settle\n%kubectl get deployment hello")
    assert out.out.startswith("settled after") and out.out.splitlines()[2].split()[:2] == ["hello", "1/1"]
    # A command that waits on the cluster gets simulated time while it waits.
    pod = m.cluster.api.list("pods", "default")[0]["metadata"]["name"]
    out = run(shell, capsys, f"%kubectl delete pod {pod}")
    assert out.out == f'pod "{pod}" deleted\n'
    assert m.cluster.get("pod", pod) is None
    assert run(shell, capsys, "%kubelab status").out.startswith("connected: %kubectl runs the real kubectl")
    run(shell, capsys, "%kubelab serve stop")                    # its server goes: so does the connection
    assert m.connection is None


@needs_kubectl
def test_a_watch_streams_into_the_cell_until_the_kernel_is_interrupted(shell, capsys, elsewhere):
    c, srv = elsewhere
    run(shell, capsys, f"%kubelab connect {srv.kubeconfig}")
    seen, streamed = [], []
    real_write = sys.stdout.write

    def interrupt_once_the_table_shows():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "\nweb " not in "".join(seen):
            time.sleep(0.05)
        streamed.append("\nweb " in "".join(seen))
        os.kill(os.getpid(), signal.SIGINT)  # what Kernel > Interrupt sends the kernel

    class Spy:
        def write(self, s):
            seen.append(s)
            return real_write(s)

        def flush(self):
            pass
    timer = threading.Thread(target=interrupt_once_the_table_shows)
    timer.start()
    old, sys.stdout = sys.stdout, Spy()
    try:
        result = magics_of(shell)._real_kubectl("get deployments -w", echo=True)
    finally:
        sys.stdout = old
        timer.join()
    out = capsys.readouterr()
    assert streamed == [True]        # the table reached the cell while kubectl still ran
    assert out.out.splitlines()[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert out.out.splitlines()[1].split()[:2] == ["web", "1/1"]
    assert out.err == "^C\n" and result.returncode != 0
